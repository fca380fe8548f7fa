import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateNodesContext, CreateNodesResult } from '@nx/devkit';
import { createNodes, PRODUCT_GLOB } from './create-nodes.js';

const product = (
  domain: string,
  name: string,
  port: string,
  inputs: string[] = [],
  contract = `contracts/${port}.avsc`,
) => `apiVersion: meshkit/v1
kind: DataProduct
domain: ${domain}
name: ${name}
owner: { team: ${domain}-data }
lifecycle: active
${inputs.length ? `inputPorts:\n${inputs.map((i) => `  - ${i}`).join('\n')}\n` : ''}outputPorts:
  - { name: ${port}, version: 1.0.0, contract: ${contract}, compatibility: BACKWARD, format: parquet }
`;

const files: Record<string, string> = {
  'domains/sales/domain.yaml':
    'apiVersion: meshkit/v1\nkind: Domain\nname: sales\nowner: { team: s }\n',
  'domains/sales/orders/product.yaml': product('sales', 'orders', 'orders'),
  'domains/sales/orders/contracts/orders.avsc': JSON.stringify({
    type: 'record',
    name: 'Order',
    fields: [{ name: 'total', type: 'meshkit.common.Money' }],
  }),
  'domains/sales/revenue/product.yaml': product('sales', 'revenue', 'daily', [
    '{ product: sales/orders, port: orders, major: 1 }',
    '{ product: sales/gone, port: x, major: 1 }',
  ]),
  'domains/sales/revenue/contracts/daily.avsc': '{"type":"record","name":"D","fields":[]}',
  'domains/logistics/shipments/product.yaml': product('logistics', 'shipments', 'shipments', [
    '{ product: sales/orders, port: orders, major: 1 }',
    '{ product: sales/revenue, port: daily, major: 1 }',
  ]),
  'domains/logistics/shipments/contracts/shipments.avsc': '{}',
  'domains/sales/broken/product.yaml': 'outputPorts: [ {',
  'domains/sales/hostile/product.yaml': product('sales', 'hostile', 'h', [], '../../../etc/passwd'),
};

let root: string;
const run = async (): Promise<Record<string, CreateNodesResult>> => {
  const context: CreateNodesContext = {
    workspaceRoot: root,
    nxJsonConfiguration: {},
    configFiles: [],
  } as unknown as CreateNodesContext;
  const matched = Object.keys(files).filter((f) => f.endsWith('/product.yaml'));
  const results = await createNodes[1](matched, undefined, context);
  return Object.fromEntries(results.map(([file, r]) => [file, r]));
};

const projectOf = (r: CreateNodesResult | undefined) => Object.values(r?.projects ?? {})[0];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'meshkit-nodes-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createNodes', () => {
  it('matches product.yaml files two levels under domains/', () => {
    expect(PRODUCT_GLOB).toBe('domains/*/*/product.yaml');
  });

  it('infers one project per product, named <domain>-<product>, with tags and mesh targets', async () => {
    const results = await run();
    const orders = projectOf(results['domains/sales/orders/product.yaml']);
    expect(orders).toMatchObject({
      root: 'domains/sales/orders',
      name: 'sales-orders',
      tags: ['domain:sales', 'type:data-product'],
      implicitDependencies: [],
    });
    expect(Object.keys(orders?.targets ?? {}).sort()).toEqual([
      'contract-test',
      'publish',
      'quality',
      'validate',
    ]);
    expect(orders?.targets?.['contract-test']).toMatchObject({
      command: 'mesh breaking sales/orders',
      options: { cwd: '{workspaceRoot}' },
      cache: false,
    });
    expect(orders?.targets?.['validate']?.command).toBe('mesh validate sales/orders');
  });

  it('turns input ports into implicit dependencies, so affected reaches downstream', async () => {
    const results = await run();
    expect(projectOf(results['domains/sales/revenue/product.yaml'])?.implicitDependencies).toEqual([
      'sales-orders',
    ]);
    expect(
      projectOf(results['domains/logistics/shipments/product.yaml'])?.implicitDependencies,
    ).toEqual(['sales-orders', 'sales-revenue']);
  });

  it('names in inputs exactly the files a target reads: shared types and upstream contracts', async () => {
    const results = await run();
    const orders = projectOf(results['domains/sales/orders/product.yaml']);
    expect(orders?.targets?.['validate']?.inputs).toContain(
      '{workspaceRoot}/contracts/avro/meshkit.common.Money.avsc',
    );
    const shipments = projectOf(results['domains/logistics/shipments/product.yaml']);
    expect(shipments?.targets?.['validate']?.inputs).toEqual(
      expect.arrayContaining([
        '{projectRoot}/**/*',
        '{workspaceRoot}/domains/sales/orders/contracts/orders.avsc',
        '{workspaceRoot}/domains/sales/revenue/contracts/daily.avsc',
      ]),
    );
  });

  it('never fails on a broken descriptor and keeps a hostile contract path out of inputs', async () => {
    const results = await run();
    const broken = projectOf(results['domains/sales/broken/product.yaml']);
    expect(broken?.name).toBe('sales-broken');
    const hostile = projectOf(results['domains/sales/hostile/product.yaml']);
    expect(JSON.stringify(hostile?.targets)).not.toContain('passwd');
  });

  it('runs the CLI given in the plugin options', async () => {
    const context = {
      workspaceRoot: root,
      nxJsonConfiguration: {},
    } as unknown as CreateNodesContext;
    const [[, result]] = (await createNodes[1](
      ['domains/sales/orders/product.yaml'],
      { mesh: 'node packages/cli/dist/bin.js' },
      context,
    )) as [[string, CreateNodesResult]];
    expect(projectOf(result)?.targets?.['quality']?.command).toBe(
      'node packages/cli/dist/bin.js quality sales/orders',
    );
  });

  it('caches summaries by content: a changed product.yaml is read again, a corrupt cache ignored', async () => {
    await run();
    const cache = join(root, '.nx/workspace-data/meshkit-product-summaries.json');
    expect(existsSync(cache)).toBe(true);
    const file = 'domains/sales/revenue/product.yaml';
    writeFileSync(
      join(root, file),
      product('sales', 'revenue', 'daily', [
        '{ product: logistics/shipments, port: shipments, major: 1 }',
      ]),
    );
    expect(projectOf((await run())[file])?.implicitDependencies).toEqual(['logistics-shipments']);
    writeFileSync(cache, '{ not json');
    expect(projectOf((await run())[file])?.implicitDependencies).toEqual(['logistics-shipments']);
    writeFileSync(join(root, file), files[file]!);
    expect(projectOf((await run())[file])?.implicitDependencies).toEqual(['sales-orders']);
  });
});
