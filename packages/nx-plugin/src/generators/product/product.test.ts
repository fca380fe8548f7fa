import { describe, expect, it } from 'vitest';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { loadWorkspace } from '@meshkit/core';
import { parse } from 'yaml';
import { treeWorkspaceFs } from '../../lib/tree-workspace-fs.js';
import { domainGenerator } from '../domain/domain.js';
import { productGenerator } from './product.js';

const withDomain = async (): Promise<Tree> => {
  const tree = createTreeWithEmptyWorkspace();
  await domainGenerator(tree, { name: 'sales', owner: 'sales-data', skipFormat: true });
  return tree;
};

const base = {
  domain: 'sales',
  name: 'orders',
  description: 'Every order placed in the web shop, one record per state change.',
  skipFormat: true,
};

describe('product generator', () => {
  it('writes product.yaml, a documented contract, fixtures and a README that validate', async () => {
    const tree = await withDomain();
    await productGenerator(tree, { ...base, compatibility: 'FULL', format: 'jsonl' });
    const dir = 'domains/sales/orders';
    expect(
      tree
        .listChanges()
        .map((c) => c.path)
        .filter((p) => p.startsWith(dir))
        .sort(),
    ).toEqual(
      [
        'README.md',
        'contracts/orders.avsc',
        'fixtures/orders.bad.jsonl',
        'fixtures/orders.bad.md',
        'fixtures/orders.jsonl',
        'product.yaml',
      ].map((f) => `${dir}/${f}`),
    );
    const doc = parse(tree.read(`${dir}/product.yaml`, 'utf-8')!);
    expect(doc).toMatchObject({
      domain: 'sales',
      name: 'orders',
      title: 'Orders',
      owner: { team: 'sales-data' },
      lifecycle: 'active',
      outputPorts: [
        {
          name: 'orders',
          version: '1.0.0',
          contract: 'contracts/orders.avsc',
          compatibility: 'FULL',
          format: 'jsonl',
        },
      ],
    });
    const contract = JSON.parse(tree.read(`${dir}/contracts/orders.avsc`, 'utf-8')!);
    expect(contract.doc).toBeTruthy();
    for (const f of contract.fields) expect(f.doc, f.name).toMatch(/\w/);
    const { workspace, findings } = await loadWorkspace(treeWorkspaceFs(tree));
    expect(findings).toEqual([]);
    expect(workspace.products.map((p) => p.id)).toEqual(['sales/orders']);
    // Good rows satisfy the contract, each bad row breaks it.
    const type = workspace.products[0]!.ports[0]!.type;
    const rows = (file: string) =>
      tree
        .read(`${dir}/fixtures/${file}`, 'utf-8')!
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
    const toAvro = (r: Record<string, unknown>) => ({
      ...r,
      updated_at: typeof r['updated_at'] === 'string' ? new Date(r['updated_at']) : r['updated_at'],
    });
    expect(rows('orders.jsonl')).toHaveLength(10);
    for (const r of rows('orders.jsonl'))
      expect(type.isValid(toAvro(r)), JSON.stringify(r)).toBe(true);
    const bad = rows('orders.bad.jsonl');
    expect(bad.length).toBeGreaterThanOrEqual(5);
    const readme = tree.read(`${dir}/README.md`, 'utf-8')!;
    expect(readme).toContain('sales.orders.orders.v1');
  });

  it('takes the owner from the domain and the port name from the product by default', async () => {
    const tree = await withDomain();
    await productGenerator(tree, { ...base, name: 'refunds', port: '', owner: '' });
    const doc = parse(tree.read('domains/sales/refunds/product.yaml', 'utf-8')!);
    expect(doc.owner.team).toBe('sales-data');
    expect(doc.outputPorts[0].name).toBe('refunds');
  });

  it('consumes another product’s port at its newest major and lists it upstream', async () => {
    const tree = await withDomain();
    await productGenerator(tree, base);
    await productGenerator(tree, {
      ...base,
      name: 'revenue',
      port: 'daily-revenue',
      consumes: ['sales/orders/orders', 'sales/orders/orders@1'],
    });
    const doc = parse(tree.read('domains/sales/revenue/product.yaml', 'utf-8')!);
    expect(doc.inputPorts).toEqual([{ product: 'sales/orders', port: 'orders', major: 1 }]);
    expect(tree.read('domains/sales/orders/README.md', 'utf-8')).toContain('`sales/revenue`');
    expect((await loadWorkspace(treeWorkspaceFs(tree))).findings).toEqual([]);
  });

  it('keeps descriptions with YAML and template syntax as plain text', async () => {
    const tree = await withDomain();
    const description = "Orders: 'all' of them # really\n- key: <%= process.exit(1) %> {a: b} | x";
    await productGenerator(tree, { ...base, description, title: 'Orders & "Returns"' });
    const doc = parse(tree.read('domains/sales/orders/product.yaml', 'utf-8')!);
    expect(doc.description).toBe(description.replace(/\s+/g, ' '));
    expect(doc.title).toBe('Orders & "Returns"');
    expect((await loadWorkspace(treeWorkspaceFs(tree))).findings).toEqual([]);
  });

  it.each([
    [{ name: 'Orders' }, /--name: product name "Orders" must be lowercase/],
    [{ name: '../etc' }, /--name: product name "..\/etc" must not contain "\.\."/],
    [{ name: 'a/b' }, /must not contain a slash/],
    [{ name: '/abs' }, /must not contain a slash/],
    [{ name: 'p'.repeat(65) }, /longer than 64 characters/],
    [{ domain: 'Sales' }, /--domain: domain name "Sales" must be lowercase/],
    [{ port: 'Bad_Port' }, /--port: port name "Bad_Port" must be lowercase/],
    [{ compatibility: 'SOMETIMES' as never }, /--compatibility "SOMETIMES" is not a level/],
    [{ format: 'xlsx' as never }, /--format "xlsx" is not a format/],
    [{ description: '  ' }, /--description must not be empty/],
    [
      { domain: 'billing' },
      /domain "billing" does not exist: domains\/billing\/domain.yaml is missing/,
    ],
    [{ consumes: 'sales/nope/x' }, /--consumes sales\/nope\/x: product sales\/nope does not exist/],
    [{ consumes: 'sales/orders' }, /must have the form <domain>\/<product>\/<port>/],
  ])('refuses %j with a clear message and writes nothing', async (bad, message) => {
    const tree = await withDomain();
    const before = tree.listChanges().length;
    await expect(productGenerator(tree, { ...base, ...bad })).rejects.toThrow(message);
    expect(tree.listChanges()).toHaveLength(before);
  });

  it('refuses a product that exists, and a major that is not published', async () => {
    const tree = await withDomain();
    await productGenerator(tree, base);
    await expect(productGenerator(tree, base)).rejects.toThrow(
      /product sales\/orders already exists: domains\/sales\/orders\/ is there/,
    );
    await expect(
      productGenerator(tree, { ...base, name: 'x', consumes: 'sales/orders/orders@2' }),
    ).rejects.toThrow(/sales\/orders\/orders has no major 2; published majors: 1/);
    await expect(
      productGenerator(tree, { ...base, name: 'x', consumes: 'sales/orders/lines' }),
    ).rejects.toThrow(/sales\/orders has no output port "lines"; its ports: orders/);
  });

  it('fails with the loader’s findings when the result would not validate (Nx then writes nothing)', async () => {
    const tree = await withDomain();
    await expect(productGenerator(tree, { ...base, email: 'no-at-sign' })).rejects.toThrow(
      /domains\/sales\/orders\/product.yaml:\d+:\d+: .*email.*\[descriptor-invalid\]/,
    );
  });

  it('shows the files it would write, which is what --dry-run prints', async () => {
    const tree = await withDomain();
    const before = new Set(tree.listChanges().map((c) => c.path));
    await productGenerator(tree, base);
    const changes = tree.listChanges().filter((c) => !before.has(c.path));
    expect(changes.every((c) => c.type === 'CREATE')).toBe(true);
    expect(changes.map((c) => c.path)).toContain('domains/sales/orders/product.yaml');
  });
});
