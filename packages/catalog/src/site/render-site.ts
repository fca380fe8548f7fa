import type { Catalog } from '../model/catalog-model.js';
import { PRODUCT_JS } from './assets/product-js.js';
import { SEARCH_JS } from './assets/search-js.js';
import { STYLE_CSS } from './assets/style-css.js';
import { jsonForScript } from './html.js';
import { domainPath, productPath } from './paths.js';
import { renderDomain, renderDomainsIndex, renderIndex } from './render-index.js';
import { renderProduct } from './render-product.js';

/**
 * Every file of the static site, by path relative to the output folder. The search index is a
 * script, not fetched JSON, so the site also works from file:// (where fetch is refused).
 */
export const renderSite = (catalog: Catalog): Map<string, string> => {
  const files = new Map<string, string>();
  // Compact: with 1,000 products and their version histories, indentation doubles the size.
  files.set('catalog.json', `${JSON.stringify(catalog)}\n`);
  files.set('assets/style.css', STYLE_CSS);
  files.set('assets/search.js', SEARCH_JS);
  files.set('assets/product.js', PRODUCT_JS);
  files.set('assets/search-data.js', `window.MESHKIT_SEARCH = ${jsonForScript(catalog.search)};\n`);
  files.set('index.html', renderIndex(catalog));
  files.set('domains.html', renderDomainsIndex(catalog));
  for (const d of catalog.domains) files.set(domainPath(d.name), renderDomain(catalog, d.name));
  for (const p of catalog.products) files.set(productPath(p.id), renderProduct(catalog, p));
  return files;
};
