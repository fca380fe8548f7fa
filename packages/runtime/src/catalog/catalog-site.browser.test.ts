import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalogServer, XSS_DESCRIPTION, type CatalogServer } from '@meshkit/catalog';
import { buildCatalogSite } from './build-catalog-site.js';
import { createGitCatalogFixture, writeFixtureFiles } from './testing/git-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'test-results', 'catalog');

let root: string;
let site: string;
let context: BrowserContext;
let server: CatalogServer;
const problems: string[] = [];

const open = async (path: string, over: 'file' | 'http' = 'file'): Promise<Page> => {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${path}: console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${path}: page error: ${e.message}`));
  const url =
    over === 'file' ? pathToFileURL(join(site, path)).href : new URL(path, server.url).href;
  await page.goto(url);
  return page;
};

const rawGet = (path: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const u = new URL(server.url);
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `browser tests need Debian's chromium at ${CHROMIUM}: install it with "apt-get install -y chromium"`,
    );
  root = createGitCatalogFixture();
  // Two quality runs, so the trend and the latest results show.
  writeFixtureFiles(root, {
    '.mesh/quality/history/2026-11-25.json': JSON.stringify({
      product: 'shop/orders',
      port: 'orders',
      at: '2026-11-25T10:00:00Z',
      results: [{ rule: 'order-id-present', passed: true, value: 0 }],
    }),
    '.mesh/quality/latest.json': JSON.stringify({
      product: 'shop/orders',
      port: 'orders',
      at: '2026-11-26T10:00:00Z',
      results: [{ rule: 'order-id-present', passed: false, value: 3 }],
      sla: [{ kind: 'freshness', passed: true, measured: 'PT4M' }],
    }),
  });
  const built = await buildCatalogSite({ root, out: 'site' });
  site = built.outDir;
  mkdirSync(SHOTS, { recursive: true });
  context = await chromium.launchPersistentContext(
    mkdtempSync(join(tmpdir(), 'meshkit-chromium-')),
    {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
    },
  );
  server = await startCatalogServer(site, 0);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('catalog site in Chromium', () => {
  it('finds a product by one of its field names', async () => {
    const page = await open('index.html');
    await page.waitForSelector('body[data-ready="true"]');
    await page.fill('#q', 'loyalty_tier');
    await expect
      .poll(() => page.locator('#results li h3').allTextContents())
      .toEqual(['Customers']);
    await expect.poll(() => page.textContent('#count')).toContain('1 of 3 products');
    await page.screenshot({ path: join(SHOTS, 'search-field.png') });
    await page.fill('#q', 'customer_em');
    await expect
      .poll(() => page.locator('#results li h3').allTextContents())
      .toEqual(['Customers']);
  });

  it('narrows the list with a facet and focuses the search with "/"', async () => {
    const page = await open('index.html');
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#results li').count()).toBe(3);
    await page.getByRole('checkbox', { name: /^ops \d+$/ }).check();
    await expect
      .poll(() => page.locator('#results li h3').allTextContents())
      .toEqual(['Shipments']);
    await page.getByRole('checkbox', { name: /^deprecated \d+$/ }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('#results li').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'facet.png') });
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
  });

  it('shows a product page with its schema, SLAs, quality and lineage', async () => {
    const page = await open('products/shop/orders.html');
    const schema = page.locator('#port-orders-v2 .schema');
    await expect.poll(() => schema.textContent()).toContain('shipping_email');
    expect(await schema.locator('li', { hasText: 'shipping_email' }).locator('.pii').count()).toBe(
      1,
    );
    expect(await schema.textContent()).toContain('decimal(18,2)');
    const slas = page.getByRole('table', { name: /Service levels of orders v2/ });
    expect(await slas.textContent()).toContain('updated_at at most PT15M old');
    expect(await slas.textContent()).toContain('PT4M');
    const quality = page.getByRole('table', { name: /Quality rules of orders v2/ });
    expect(await quality.textContent()).toContain('quality failing');
    expect(await page.getByRole('img', { name: /pass rate over the last 2 runs/ }).count()).toBe(1);
    const lineage = page.locator('#lineage');
    expect(await lineage.getByRole('link', { name: 'shop/customers' }).count()).toBe(1);
    expect(await lineage.getByRole('link', { name: 'ops/shipments' }).count()).toBe(1);
    expect(await page.textContent('#port-orders-v2')).toContain('shop.orders.orders.v2-value');
    await page.screenshot({ path: join(SHOTS, 'product.png'), fullPage: true });
  });

  it('shows the added field in the diff between two versions from git', async () => {
    const page = await open('products/shop/customers.html');
    const history = page.getByRole('table', { name: /Versions of customers v1/ });
    expect(await history.locator('tbody tr').count()).toBe(2);
    expect(await history.textContent()).toContain('added loyalty_tier');
    const diff = page.locator('form.diff[data-port="customers-v1"]');
    await expect
      .poll(() => diff.locator('tr.added th').allTextContents())
      .toEqual(['loyalty_tier']);
    expect(await diff.locator('.diff-output .meta').textContent()).toBe(
      '1 added, 0 removed, 0 changed',
    );
    // Swapping the two versions turns the addition into a removal.
    await diff.getByLabel('Older (left)').selectOption('0');
    await diff.getByLabel('Newer (right)').selectOption('1');
    await expect
      .poll(() => diff.locator('tr.removed th').allTextContents())
      .toEqual(['loyalty_tier']);
    await page.screenshot({ path: join(SHOTS, 'diff.png'), fullPage: true });
  });

  it('renders a description holding <script> as text', async () => {
    const page = await open('products/shop/orders.html');
    expect(await page.textContent('#description')).toBe(XSS_DESCRIPTION);
    expect(await page.locator('#description b').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned),
    ).toBeUndefined();
    const index = await open('index.html');
    await index.fill('#q', 'orders');
    await expect
      .poll(() => index.locator('#results li .desc').first().textContent())
      .toBe(XSS_DESCRIPTION);
    expect(
      await index.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned),
    ).toBeUndefined();
    await page.screenshot({ path: join(SHOTS, 'escaped-description.png') });
  });

  it('works from the server too, and the server refuses paths outside the site', async () => {
    const page = await open('', 'http');
    await page.waitForSelector('body[data-ready="true"]');
    await page.fill('#q', 'parcels');
    await expect
      .poll(() => page.locator('#results li h3').allTextContents())
      .toEqual(['Shipments']);
    await page.locator('#results li a').first().click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Shipments');
    expect(await rawGet('/../../etc/passwd')).toBe(403);
    expect(await rawGet('/%2e%2e/%2e%2e/etc/passwd')).toBe(403);
    expect(await rawGet('/products/..%2f..%2fcatalog.json')).toBe(403);
    expect(await rawGet('/no-such-page.html')).toBe(404);
    expect(await rawGet('/catalog.json')).toBe(200);
  });

  it('logs no console errors on any page', async () => {
    for (const path of [
      'domains.html',
      'domains/shop.html',
      'domains/ops.html',
      'products/ops/shipments.html',
    ])
      await open(path);
    expect(problems).toEqual([]);
  });
});
