import { describe, expect, it } from 'vitest';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { checkBreakingChanges, historyKey, loadWorkspace, type Workspace } from '@meshkit/core';
import { parse } from 'yaml';
import { treeWorkspaceFs } from '../../lib/tree-workspace-fs.js';
import { domainGenerator } from '../domain/domain.js';
import { productGenerator } from '../product/product.js';
import { contractMajorGenerator, daysFromToday } from './contract-major.js';

const withProducts = async (): Promise<Tree> => {
  const tree = createTreeWithEmptyWorkspace();
  await domainGenerator(tree, { name: 'sales', owner: 'sales-data', skipFormat: true });
  await productGenerator(tree, {
    domain: 'sales',
    name: 'orders',
    description: 'Orders.',
    skipFormat: true,
  });
  await productGenerator(tree, {
    domain: 'sales',
    name: 'revenue',
    description: 'Revenue per day.',
    consumes: 'sales/orders/orders',
    skipFormat: true,
  });
  return tree;
};

const load = async (tree: Tree): Promise<Workspace> => {
  const { workspace, findings } = await loadWorkspace(treeWorkspaceFs(tree));
  expect(findings).toEqual([]);
  return workspace;
};

const gate = (base: Workspace, head: Workspace) =>
  checkBreakingChanges({
    base,
    head,
    histories: new Map(
      base.products.flatMap((p) =>
        p.ports.map((port) => [
          historyKey(p.id, port.name, port.major),
          [{ version: port.version, schema: port.schema }],
        ]),
      ),
    ),
    waivers: [],
    today: daysFromToday(0),
  });

describe('contract-major generator', () => {
  it('adds major 2 beside major 1 and deprecates major 1 with a sunset 90 days out', async () => {
    const tree = await withProducts();
    await contractMajorGenerator(tree, {
      product: 'sales/orders',
      port: 'orders',
      skipFormat: true,
    });
    const doc = parse(tree.read('domains/sales/orders/product.yaml', 'utf-8')!);
    expect(doc.outputPorts).toHaveLength(2);
    expect(doc.outputPorts[0]).toMatchObject({
      version: '1.0.0',
      contract: 'contracts/orders.avsc',
      lifecycle: 'deprecated',
      sunset: daysFromToday(90),
    });
    expect(doc.outputPorts[1]).toMatchObject({
      name: 'orders',
      version: '2.0.0',
      contract: 'contracts/orders.v2.avsc',
      compatibility: 'BACKWARD_TRANSITIVE',
    });
    expect(doc.outputPorts[1].lifecycle).toBeUndefined();
    expect(tree.read('domains/sales/orders/contracts/orders.v2.avsc', 'utf-8')).toBe(
      tree.read('domains/sales/orders/contracts/orders.avsc', 'utf-8'),
    );
    const readme = tree.read('domains/sales/orders/README.md', 'utf-8')!;
    expect(readme).toContain('sales.orders.orders.v2');
    expect(readme).toContain(`**Deprecated**, sunset ${daysFromToday(90)}`);
  });

  it('makes a breaking change pass the gate when it goes into the new major', async () => {
    const tree = await withProducts();
    const base = await load(tree);
    await contractMajorGenerator(tree, {
      product: 'sales/orders',
      port: 'orders',
      sunset: daysFromToday(30),
      skipFormat: true,
    });
    const file = 'domains/sales/orders/contracts/orders.v2.avsc';
    const schema = JSON.parse(tree.read(file, 'utf-8')!);
    schema.fields = schema.fields.filter((f: { name: string }) => f.name !== 'attributes');
    schema.fields.push({ name: 'channel', type: 'string', doc: 'Sales channel.' });
    tree.write(file, JSON.stringify(schema, null, 2));
    const result = gate(base, await load(tree));
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.ports.map((p) => `${p.product}/${p.port}@${p.major}:${p.change}`)).toContain(
      'sales/orders/orders@2:added',
    );

    // The same change on major 1 is what the gate refuses.
    tree.write('domains/sales/orders/contracts/orders.avsc', JSON.stringify(schema, null, 2));
    const refused = gate(base, await load(tree)).findings.filter((f) => f.severity === 'error');
    expect(refused.map((f) => f.ruleId)).toContain('breaking-change-without-major');
    expect(refused.some((f) => f.message.includes('breaks downstream sales/revenue'))).toBe(true);
  });

  it('counts on from the newest major', async () => {
    const tree = await withProducts();
    await contractMajorGenerator(tree, {
      product: 'sales/orders',
      port: 'orders',
      skipFormat: true,
    });
    await contractMajorGenerator(tree, {
      product: 'sales/orders',
      port: 'orders',
      skipFormat: true,
    });
    const doc = parse(tree.read('domains/sales/orders/product.yaml', 'utf-8')!);
    expect(doc.outputPorts.map((p: { version: string }) => p.version)).toEqual([
      '1.0.0',
      '2.0.0',
      '3.0.0',
    ]);
    expect(doc.outputPorts[2].contract).toBe('contracts/orders.v3.avsc');
  });

  it.each([
    [{ port: 'lines' }, /sales\/orders has no output port "lines"/],
    [{ port: 'Orders' }, /--port: port name "Orders" must be lowercase/],
    [{ product: 'sales/../orders' }, /must have the form <domain>\/<product>/],
    [{ product: 'sales/nope' }, /product sales\/nope does not exist/],
    [{ sunset: '2020-01-01' }, /--sunset 2020-01-01 is not after today/],
    [{ sunset: '2027-02-30' }, /--sunset "2027-02-30" is not a calendar date/],
    [{ sunset: 'soon' }, /--sunset must be a date such as 2027-03-01/],
  ])('refuses %j', async (bad, message) => {
    const tree = await withProducts();
    await expect(
      contractMajorGenerator(tree, { product: 'sales/orders', port: 'orders', ...bad }),
    ).rejects.toThrow(message);
  });

  it('refuses when the new contract file already exists', async () => {
    const tree = await withProducts();
    tree.write('domains/sales/orders/contracts/orders.v2.avsc', '{}');
    await expect(
      contractMajorGenerator(tree, { product: 'sales/orders', port: 'orders' }),
    ).rejects.toThrow(/domains\/sales\/orders\/contracts\/orders.v2.avsc already exists/);
  });
});
