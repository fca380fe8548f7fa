import type { Catalog } from '../model/catalog-model.js';
import { PRODUCT_JS } from './assets/product-js.js';
import { SEARCH_JS } from './assets/search-js.js';
import { STYLE_CSS } from './assets/style-css.js';
import { jsonForScript } from './html.js';
import { domainPath, productPath } from './paths.js';
import { renderDomain, renderDomainsIndex, renderIndex } from './render-index.js';
import { renderProduct } from './render-product.js';

/**
 * Every file of the static site, by path relative to the output folder, one at a time so a large
 * catalog is never held in memory twice. The search index is a script, not fetched JSON, so the
 * site also works from file:// (where fetch is refused).
 */
export function* renderSiteFiles(catalog: Catalog): Generator<[path: string, text: string]> {
  // Compact: with 1,000 products and their version histories, indentation doubles the size.
  yield ['catalog.json', `${JSON.stringify(catalog)}\n`];
  yield ['assets/style.css', STYLE_CSS];
  yield ['assets/search.js', SEARCH_JS];
  yield ['assets/product.js', PRODUCT_JS];
  yield ['assets/search-data.js', `window.MESHKIT_SEARCH = ${jsonForScript(catalog.search)};\n`];
  yield ['index.html', renderIndex(catalog)];
  yield ['domains.html', renderDomainsIndex(catalog)];
  for (const d of catalog.domains) yield [domainPath(d.name), renderDomain(catalog, d.name)];
  for (const p of catalog.products) yield [productPath(p.id), renderProduct(catalog, p)];
}

/** The whole site as a map, for tests and small catalogs. */
export const renderSite = (catalog: Catalog): Map<string, string> =>
  new Map(renderSiteFiles(catalog));
