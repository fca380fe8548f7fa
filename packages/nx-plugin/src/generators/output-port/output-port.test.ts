import { describe, expect, it } from 'vitest';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { loadWorkspace } from '@meshkit/core';
import { parse } from 'yaml';
import { treeWorkspaceFs } from '../../lib/tree-workspace-fs.js';
import { domainGenerator } from '../domain/domain.js';
import { productGenerator } from '../product/product.js';
import { contractMajorGenerator } from '../contract-major/contract-major.js';
import { outputPortGenerator } from './output-port.js';

const withProduct = async (): Promise<Tree> => {
  const tree = createTreeWithEmptyWorkspace();
  await domainGenerator(tree, { name: 'sales', owner: 'sales-data', skipFormat: true });
  await productGenerator(tree, {
    domain: 'sales',
    name: 'orders',
    description: 'Orders.',
    skipFormat: true,
  });
  return tree;
};

describe('output-port generator', () => {
  it('adds a port entry, its contract and fixtures, keeping the comments of product.yaml', async () => {
    const tree = await withProduct();
    await outputPortGenerator(tree, {
      product: 'sales/orders',
      name: 'order-lines',
      compatibility: 'FULL_TRANSITIVE',
      format: 'csv',
      description: 'One row per order line.',
      skipFormat: true,
    });
    const text = tree.read('domains/sales/orders/product.yaml', 'utf-8')!;
    expect(text).toContain('# Minor and patch changes must pass this level');
    const doc = parse(text);
    expect(doc.outputPorts.map((p: { name: string }) => p.name)).toEqual(['orders', 'order-lines']);
    expect(doc.outputPorts[1]).toMatchObject({
      name: 'order-lines',
      description: 'One row per order line.',
      version: '1.0.0',
      contract: 'contracts/order-lines.avsc',
      compatibility: 'FULL_TRANSITIVE',
      format: 'csv',
    });
    for (const f of [
      'contracts/order-lines.avsc',
      'fixtures/order-lines.jsonl',
      'fixtures/order-lines.bad.jsonl',
    ])
      expect(tree.exists(`domains/sales/orders/${f}`), f).toBe(true);
    expect(tree.read('domains/sales/orders/README.md', 'utf-8')).toContain(
      'sales.orders.order-lines.v1',
    );
    const { workspace, findings } = await loadWorkspace(treeWorkspaceFs(tree));
    expect(findings).toEqual([]);
    expect(workspace.products[0]!.ports.map((p) => p.name)).toEqual(['orders', 'order-lines']);
  });

  it('leaves every line of product.yaml it does not edit exactly as written', async () => {
    const tree = await withProduct();
    const file = 'domains/sales/orders/product.yaml';
    const original = tree
      .read(file, 'utf-8')!
      .replace(
        /^description: .*$/m,
        'description: >-\n  A long folded description that a re-serialiser would fold again at its own\n  width, losing where the team broke the lines.',
      )
      .replace(
        '      - name: not-empty',
        '      - name: no-future\n        type: sql\n        query: >-\n          SELECT count(*) FROM {dataset}\n          WHERE updated_at > now()\n        mustBe: 0\n      - name: not-empty',
      );
    tree.write(file, original);
    await outputPortGenerator(tree, { product: 'sales/orders', name: 'lines', skipFormat: true });
    await contractMajorGenerator(tree, {
      product: 'sales/orders',
      port: 'orders',
      skipFormat: true,
    });
    const after = tree.read(file, 'utf-8')!.split('\n');
    // Every original line is still there, in order; the generators only added lines.
    let i = 0;
    for (const line of original.split('\n')) {
      while (i < after.length && after[i] !== line) i++;
      expect(i, `line "${line}" was changed or moved`).toBeLessThan(after.length);
      i++;
    }
    expect(parse(after.join('\n')).outputPorts.map((p: { version: string }) => p.version)).toEqual([
      '1.0.0',
      '1.0.0',
      '2.0.0',
    ]);
  });

  it('refuses an existing port, naming the generator for a breaking change', async () => {
    const tree = await withProduct();
    await expect(
      outputPortGenerator(tree, { product: 'sales/orders', name: 'orders' }),
    ).rejects.toThrow(
      /port "orders" already exists in domains\/sales\/orders\/product.yaml; for a breaking change use "nx g @meshkit\/nx-plugin:contract-major/,
    );
  });

  it('refuses to overwrite a contract file that is already there', async () => {
    const tree = await withProduct();
    tree.write('domains/sales/orders/contracts/lines.avsc', '{}');
    await expect(
      outputPortGenerator(tree, { product: 'sales/orders', name: 'lines' }),
    ).rejects.toThrow(/domains\/sales\/orders\/contracts\/lines.avsc already exists/);
  });

  it.each([
    [{ product: 'sales' }, /--product: product id "sales" must have the form <domain>\/<product>/],
    [{ product: '../x' }, /must not contain "\.\."/],
    [{ product: 'a/b/c' }, /must have the form <domain>\/<product>/],
    [
      { product: 'sales/nope' },
      /product sales\/nope does not exist: domains\/sales\/nope\/product.yaml is missing/,
    ],
    [{ name: 'Lines' }, /--name: port name "Lines" must be lowercase/],
    [{ name: '../lines' }, /must not contain "\.\."/],
  ])('refuses %j', async (bad, message) => {
    const tree = await withProduct();
    await expect(
      outputPortGenerator(tree, { product: 'sales/orders', name: 'lines', ...bad }),
    ).rejects.toThrow(message);
  });
});
