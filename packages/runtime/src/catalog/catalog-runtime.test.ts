import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogFixtureFiles, XSS_DESCRIPTION } from '@meshkit/catalog';
import { historyKey } from '@meshkit/core';
import { InputError } from '@meshkit/core';
import { openWorkspace } from '../workspace/open-workspace.js';
import { buildCatalogSite } from './build-catalog-site.js';
import { readGateResult, readQualityRuns } from './catalog-results.js';
import { readContractHistory } from './git-history.js';
import { serveCatalog } from './serve-catalog.js';
import {
  createGitCatalogFixture,
  createNestedGitCatalogFixture,
  writeFixtureFiles,
} from './testing/git-fixture.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'meshkit-catalog-rt-'));
  dirs.push(d);
  return d;
};
const gitFixture = () => {
  const d = createGitCatalogFixture();
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('readContractHistory', () => {
  it('reads every committed version of a contract with its commit, author and port version', async () => {
    const root = gitFixture();
    const { workspace } = await openWorkspace(root);
    const history = await readContractHistory(workspace, 'domains');
    const customers = history.get(historyKey('shop/customers', 'customers', 1))!;
    expect(customers.map((v) => [v.version, v.subject, v.author])).toEqual([
      ['1.1.0', 'customers: add loyalty tier', 'Ann Example'],
      ['1.0.0', 'first version of the shop', 'Ann Example'],
    ]);
    expect(customers[0]!.commit).toMatch(/^[0-9a-f]{40}$/);
    // The shared type is written out for the engine; the contract as written keeps "pii".
    const orders = history.get(historyKey('shop/orders', 'orders', 2))!;
    expect(JSON.stringify(orders[0]!.schema)).toContain(
      '"type":"record","name":"Money","namespace":"meshkit.common"',
    );
    expect(JSON.stringify(orders[0]!.source)).toContain('"pii":true');
  });

  it('reads the same history when the workspace is a folder inside the repository', async () => {
    const { repo, root } = createNestedGitCatalogFixture();
    dirs.push(repo);
    const { workspace } = await openWorkspace(root);
    const history = await readContractHistory(workspace, 'domains');
    const customers = history.get(historyKey('shop/customers', 'customers', 1))!;
    expect(customers.map((v) => [v.version, v.subject])).toEqual([
      ['1.1.0', 'customers: add loyalty tier'],
      ['1.0.0', 'first version of the shop'],
    ]);
  });

  it('returns no history outside a git repository, and the catalog still lists the working tree', async () => {
    const root = tempDir();
    writeFixtureFiles(root, catalogFixtureFiles());
    const { workspace } = await openWorkspace(root);
    expect((await readContractHistory(workspace, 'domains')).size).toBe(0);
    const { catalog } = await buildCatalogSite({ root, out: 'site' });
    expect(catalog.products[0]!.ports[0]!.versions.map((v) => v.subject)).toEqual([
      'working tree (not committed)',
    ]);
  });
});

describe('quality and gate results', () => {
  it('reads runs from latest.json and history/, in the shapes quality runners write', async () => {
    const root = tempDir();
    writeFixtureFiles(root, {
      '.mesh/quality/latest.json': JSON.stringify({
        runs: [
          {
            product: 'shop/orders/orders',
            at: '2026-11-26T00:00:00Z',
            results: [{ name: 'a', status: 'passed', value: 0 }],
          },
        ],
      }),
      '.mesh/quality/history/1.json': JSON.stringify([
        {
          product: 'shop/orders',
          port: 'orders',
          major: 2,
          finishedAt: '2026-11-25T00:00:00Z',
          rules: [{ index: 1, passed: false, message: 'no rows' }],
        },
      ]),
      '.mesh/quality/history/broken.json': '{ not json',
    });
    expect(await readQualityRuns(root)).toEqual([
      {
        product: 'shop/orders',
        port: 'orders',
        at: '2026-11-26T00:00:00Z',
        results: [{ rule: 'a', passed: true, value: 0 }],
      },
      {
        product: 'shop/orders',
        port: 'orders',
        major: 2,
        at: '2026-11-25T00:00:00Z',
        results: [{ index: 1, passed: false, message: 'no rows' }],
      },
    ]);
  });

  it('reads the gate report and treats a missing one as no status', async () => {
    const root = tempDir();
    expect(await readGateResult(root)).toBeUndefined();
    writeFixtureFiles(root, {
      '.mesh/gate/latest.json': JSON.stringify({
        schemaVersion: 1,
        at: '2026-11-26T00:00:00Z',
        findings: [
          { ruleId: 'x', severity: 'error', message: 'm', product: 'shop/orders' },
          { bogus: true },
        ],
      }),
    });
    expect(await readGateResult(root)).toEqual({
      at: '2026-11-26T00:00:00Z',
      findings: [{ ruleId: 'x', severity: 'error', message: 'm', product: 'shop/orders' }],
    });
  });
});

describe('buildCatalogSite', () => {
  it('writes catalog.json and escaped pages, and removes pages of products that are gone', async () => {
    const root = gitFixture();
    const first = await buildCatalogSite({ root, out: 'site' });
    expect(first.files).toBe(12);
    const page = readFileSync(join(first.outDir, 'products/shop/orders.html'), 'utf8');
    expect(page).not.toContain('<script>window.__pwned');
    expect(page).toContain(
      'Orders &lt;script&gt;window.__pwned = true&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;',
    );
    expect(
      (
        JSON.parse(readFileSync(join(first.outDir, 'catalog.json'), 'utf8')) as {
          products: { description?: string }[];
        }
      ).products.some((p) => p.description === XSS_DESCRIPTION),
    ).toBe(true);
    rmSync(join(root, 'domains/ops'), { recursive: true });
    await buildCatalogSite({ root, out: 'site' });
    expect(() => readFileSync(join(first.outDir, 'products/ops/shipments.html'))).toThrow();
  });

  it('refuses to write into a folder that holds something other than a catalog', async () => {
    const root = gitFixture();
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'docs/keep.md'), 'mine');
    await expect(buildCatalogSite({ root, out: 'docs' })).rejects.toThrow(InputError);
    await expect(buildCatalogSite({ root, out: 'docs' })).rejects.toThrow(
      /not empty and holds no catalog.json/,
    );
    await expect(buildCatalogSite({ root, out: '.' })).rejects.toThrow(/is the workspace root/);
    expect(readFileSync(join(root, 'docs/keep.md'), 'utf8')).toBe('mine');
  });
});

describe('serveCatalog', () => {
  it('serves on 127.0.0.1 and rebuilds when a product changes', async () => {
    const root = gitFixture();
    const served = await serveCatalog({ root, out: 'site', port: 0, debounceMs: 50 });
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const before = await (
        await fetch(new URL('products/shop/customers.html', served.url))
      ).text();
      expect(before).toContain('Customer accounts of the web shop.');
      const file = join(root, 'domains/shop/customers/product.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          'Customer accounts of the web shop.',
          'Every customer account.',
        ),
      );
      let after = before;
      for (let i = 0; i < 100 && !after.includes('Every customer account.'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        await served.settled();
        after = await (await fetch(new URL('products/shop/customers.html', served.url))).text();
      }
      expect(after).toContain('Every customer account.');
    } finally {
      await served.close();
    }
  });
});
