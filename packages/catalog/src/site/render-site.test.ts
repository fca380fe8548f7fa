import { describe, expect, it } from 'vitest';
import { loadWorkspace, memoryWorkspaceFs } from '@meshkit/core';
import { buildCatalog } from '../model/build-catalog.js';
import { catalogFixtureFiles, XSS_DESCRIPTION } from '../testing/catalog-fixture.js';
import { escapeHtml, html, jsonForScript } from './html.js';
import { renderSite } from './render-site.js';

describe('html', () => {
  it('escapes every interpolated value, nested templates excepted', () => {
    const evil = `"><script>alert('x')</script>&`;
    expect(html`<p title="${evil}">${evil}${html`<b>${evil}</b>`}</p>`.value).toBe(
      `<p title="${escapeHtml(evil)}">${escapeHtml(evil)}<b>${escapeHtml(evil)}</b></p>`,
    );
    expect(escapeHtml(evil)).not.toMatch(/[<>"']/);
  });

  it('writes JSON that cannot close a script element', () => {
    const text = jsonForScript({ d: '</script><script>x()</script>\u2028' });
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual({ d: '</script><script>x()</script>\u2028' });
  });
});

describe('renderSite', () => {
  it('writes an index, a page per domain and per product, and shows descriptions as text', async () => {
    const { workspace } = await loadWorkspace(memoryWorkspaceFs(catalogFixtureFiles()));
    const files = renderSite(buildCatalog(workspace, { generatedAt: '2026-11-26T00:00:00Z' }));
    expect([...files.keys()].sort()).toEqual([
      'assets/product.js',
      'assets/search-data.js',
      'assets/search.js',
      'assets/style.css',
      'catalog.json',
      'domains.html',
      'domains/ops.html',
      'domains/shop.html',
      'index.html',
      'products/ops/shipments.html',
      'products/shop/customers.html',
      'products/shop/orders.html',
    ]);
    for (const [path, text] of files) {
      if (!path.endsWith('.html')) continue;
      expect(text, path).not.toContain('<script>window.__pwned');
      expect(text, path).toMatch(/<main id="main"/);
    }
    expect(files.get('products/shop/orders.html')).toContain(escapeHtml(XSS_DESCRIPTION));
    expect(files.get('assets/search-data.js')).not.toContain('</script>');
  });
});
