import { describe, expect, it } from 'vitest';
import {
  loadWorkspace,
  memoryWorkspaceFs,
  validateDescriptor,
  type DescriptorKind,
  type Workspace,
} from '@meshkit/core';
import {
  catalogFixtureFiles,
  customersContract,
  XSS_DESCRIPTION,
} from '../testing/catalog-fixture.js';
import { historyKey } from '@meshkit/core';
import { buildCatalog, type ContractVersion } from './build-catalog.js';
import { flattenFields } from './field-tree.js';

const loadFixture = async (options?: { customersExtraField?: boolean }): Promise<Workspace> => {
  const { workspace, findings } = await loadWorkspace(
    memoryWorkspaceFs(catalogFixtureFiles(options)),
  );
  expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  return workspace;
};

const AT = '2026-11-26T00:00:00.000Z';

// contracts/catalog.schema.json, as embedded into core by tools/gen-meta-schemas.mjs.
const validateCatalog = (value: unknown) => validateDescriptor('catalog' as DescriptorKind, value);

describe('buildCatalog', () => {
  it('writes a catalog that conforms to contracts/catalog.schema.json', async () => {
    const ws = await loadFixture();
    const catalog = buildCatalog(ws, {
      generatedAt: AT,
      quality: [
        {
          product: 'shop/orders',
          port: 'orders',
          at: AT,
          results: [{ rule: 'order-id-present', passed: true, value: 0 }],
        },
      ],
      gate: {
        at: AT,
        findings: [{ ruleId: 'x', severity: 'error', message: 'broken', product: 'shop/orders' }],
      },
    });
    expect(validateCatalog(JSON.parse(JSON.stringify(catalog)))).toEqual([]);
    expect(validateCatalog({ ...catalog, products: [{ id: 'Bad Id' }] }).length).toBeGreaterThan(0);
  });

  it('lists domains, products, owners, tags, lifecycle and ports with their majors and names', async () => {
    const catalog = buildCatalog(await loadFixture(), { generatedAt: AT });
    expect(catalog.domains.map((d) => [d.name, d.products])).toEqual([
      ['ops', ['ops/shipments']],
      ['shop', ['shop/customers', 'shop/orders']],
    ]);
    const orders = catalog.products.find((p) => p.id === 'shop/orders')!;
    expect(orders.owner.team).toBe('checkout');
    expect(orders.tags).toEqual(['tier:1', 'finance']);
    expect(orders.description).toBe(XSS_DESCRIPTION);
    const port = orders.ports[0]!;
    expect([port.name, port.major, port.version, port.compatibility]).toEqual([
      'orders',
      2,
      '2.1.0',
      'FULL',
    ]);
    expect(port.names).toMatchObject({
      topic: 'shop.orders.orders.v2',
      subject: 'shop.orders.orders.v2-value',
      glueDatabase: 'shop',
      glueTable: 'orders_orders_v2',
      lakePath: 'shop/orders/orders/v2',
    });
    expect(catalog.products.find((p) => p.id === 'ops/shipments')).toMatchObject({
      lifecycle: 'deprecated',
      sunset: '2027-06-30',
    });
  });

  it('turns the contract into a field tree with types, logical types, defaults, docs and PII', async () => {
    const catalog = buildCatalog(await loadFixture(), { generatedAt: AT });
    const fields = catalog.products.find((p) => p.id === 'shop/orders')!.ports[0]!.schema.fields;
    const by = (path: string) => flattenFields(fields).find((f) => f.path === path)!;
    expect(by('order_id')).toMatchObject({
      type: 'string',
      doc: 'Unique id of the order.',
      pii: false,
      hasDefault: false,
    });
    expect(by('status')).toMatchObject({
      type: 'enum Status',
      symbols: ['PLACED', 'PAID', 'SHIPPED'],
      default: 'PLACED',
    });
    expect(by('total')).toMatchObject({ type: 'record Money', avroType: 'record' });
    expect(by('total.amount')).toMatchObject({ type: 'decimal(18,2)', logicalType: 'decimal' });
    // The shared type is written out at its first use and referenced by name after that.
    expect(by('discount')).toMatchObject({ type: 'record Money?', nullable: true, default: null });
    expect(by('discount.currency').type).toBe('string');
    expect(by('lines')).toMatchObject({ type: 'array<record Line>' });
    expect(by('lines.quantity').type).toBe('int');
    expect(by('attributes')).toMatchObject({ type: 'map<string, string>', default: {} });
    expect(by('order_date')).toMatchObject({ type: 'date', avroType: 'int', logicalType: 'date' });
    expect(by('updated_at')).toMatchObject({ type: 'timestamp-micros', avroType: 'long' });
    expect(by('shipping_email')).toMatchObject({ pii: true, nullable: true, type: 'string?' });
  });

  it('derives lineage edges and consumers from input ports', async () => {
    const catalog = buildCatalog(await loadFixture(), { generatedAt: AT });
    expect(catalog.lineage).toEqual([
      { from: 'shop/customers', port: 'customers', major: 1, to: 'shop/orders' },
      { from: 'shop/orders', port: 'orders', major: 2, to: 'ops/shipments' },
    ]);
    expect(catalog.products.find((p) => p.id === 'shop/customers')!.ports[0]!.consumers).toEqual([
      'shop/orders',
    ]);
  });

  it('shows SLAs and quality as unknown without results, and with the latest run and its history when given', async () => {
    const ws = await loadFixture();
    const bare = buildCatalog(ws, { generatedAt: AT }).products.find((p) => p.id === 'shop/orders')!
      .ports[0]!;
    expect(bare.slas.map((s) => [s.kind, s.status])).toEqual([
      ['freshness', 'unknown'],
      ['availability', 'unknown'],
      ['latency', 'unknown'],
    ]);
    expect(bare.quality.status).toBe('unknown');
    expect(bare.quality.rules.map((r) => r.name)).toEqual([
      'order-id-present',
      'rowCount',
      'sql #3',
    ]);

    const catalog = buildCatalog(ws, {
      generatedAt: AT,
      quality: [
        {
          product: 'shop/orders',
          port: 'orders',
          at: '2026-11-25T00:00:00Z',
          results: [{ rule: 'order-id-present', passed: true }],
        },
        {
          product: 'shop/orders',
          port: 'orders',
          at: '2026-11-26T00:00:00Z',
          results: [
            { rule: 'order-id-present', passed: true, value: 0 },
            { index: 1, passed: false, value: 0 },
          ],
          sla: [{ kind: 'freshness', passed: false, measured: 'PT2H' }],
        },
      ],
    });
    const product = catalog.products.find((p) => p.id === 'shop/orders')!;
    const port = product.ports[0]!;
    expect(port.quality.status).toBe('failing');
    expect(product.qualityStatus).toBe('failing');
    expect(port.quality.latest?.results).toEqual([
      { rule: 'order-id-present', passed: true, value: 0 },
      { rule: 'rowCount', passed: false, value: 0 },
    ]);
    expect(port.quality.history).toEqual([
      { at: '2026-11-25T00:00:00Z', passed: 1, failed: 0 },
      { at: '2026-11-26T00:00:00Z', passed: 1, failed: 1 },
    ]);
    expect(port.slas[0]).toMatchObject({ kind: 'freshness', status: 'violated', measured: 'PT2H' });
  });

  it('summarizes each version against the previous one, with the engine verdict when there is one', async () => {
    const ws = await loadFixture({ customersExtraField: true });
    const history = new Map<string, ContractVersion[]>([
      [
        historyKey('shop/customers', 'customers', 1),
        [
          {
            commit: 'b'.repeat(40),
            date: '2026-11-02T00:00:00Z',
            author: 'Ann',
            subject: 'add loyalty tier',
            version: '1.1.0',
            schema: customersContract(true),
            source: customersContract(true),
          },
          {
            commit: 'a'.repeat(40),
            date: '2026-11-01T00:00:00Z',
            author: 'Ann',
            subject: 'first',
            version: '1.0.0',
            schema: customersContract(false),
          },
        ],
      ],
    ]);
    const catalog = buildCatalog(ws, {
      generatedAt: AT,
      history,
      compare: (reader, writer) => ({
        compatible: JSON.stringify(reader).length >= JSON.stringify(writer).length,
        messages: [],
      }),
    });
    const versions = catalog.products.find((p) => p.id === 'shop/customers')!.ports[0]!.versions;
    expect(versions.map((v) => v.version)).toEqual(['1.1.0', '1.0.0']);
    expect(versions[0]!.changes).toEqual([
      { kind: 'field-added', path: 'loyalty_tier', to: 'string?' },
    ]);
    expect(versions[0]!.compatibility).toEqual({ backward: true, messages: [] });
    expect(versions[1]!.changes).toEqual([]);
  });

  it('adds the working tree as the newest version when it differs from the last commit', async () => {
    const ws = await loadFixture({ customersExtraField: true });
    const history = new Map([
      [
        historyKey('shop/customers', 'customers', 1),
        [
          {
            commit: 'a'.repeat(40),
            date: AT,
            author: 'Ann',
            subject: 'first',
            schema: customersContract(false),
          },
        ],
      ],
    ]);
    const versions = buildCatalog(ws, { generatedAt: AT, history }).products.find(
      (p) => p.id === 'shop/customers',
    )!.ports[0]!.versions;
    expect(versions.map((v) => v.commit ?? 'working tree')).toEqual([
      'working tree',
      'a'.repeat(40),
    ]);
    expect(versions[0]!.changes.map((c) => c.kind)).toEqual(['field-added']);
  });

  it('records the gate status overall and per product', async () => {
    const catalog = buildCatalog(await loadFixture(), {
      generatedAt: AT,
      gate: {
        at: AT,
        findings: [
          { ruleId: 'field-removed', severity: 'error', message: 'x', product: 'shop/orders' },
          { ruleId: 'w', severity: 'warning', message: 'y' },
        ],
      },
    });
    expect(catalog.gate).toEqual({ status: 'failed', at: AT, errors: 1, warnings: 1 });
    expect(catalog.products.find((p) => p.id === 'shop/orders')!.gate).toEqual({
      status: 'failed',
      errors: 1,
      warnings: 0,
    });
    expect(catalog.products.find((p) => p.id === 'shop/customers')!.gate).toEqual({
      status: 'passed',
      errors: 0,
      warnings: 0,
    });
  });
});
