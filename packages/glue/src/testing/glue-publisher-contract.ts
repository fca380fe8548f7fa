import { expect, it } from 'vitest';
import { avroToGlueColumns } from '../avro-to-glue.js';
import type { GlueApi } from '../glue-api.js';
import { GlueCatalogPublisher } from '../glue-catalog-publisher.js';
import { MANAGED_PARAMETER, SUBJECT_PARAMETER, type GluePublishSpec } from '../glue-spec.js';

const contract = (extra: boolean) =>
  JSON.stringify({
    type: 'record',
    name: 'Order',
    namespace: 'com.example',
    fields: [
      { name: 'order_id', type: 'string', doc: 'Order id.' },
      { name: 'total', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
      { name: 'order_date', type: { type: 'int', logicalType: 'date' } },
      ...(extra ? [{ name: 'note', type: ['null', 'string'], default: null }] : []),
    ],
  });

/** One registry for every run: Glue (and moto) allow only 10 per account. */
export const TEST_REGISTRY = 'meshkit-test';

/** Actions without the registry's creation, which happens only on the first run against a service. */
const kinds = (actions: { kind: string }[]) =>
  actions.map((a) => a.kind).filter((k) => k !== 'create-registry');

/** A spec with names unique to `prefix`, so runs against one shared service do not collide. */
export const sampleGlueSpec = (
  prefix: string,
  options: { changed?: boolean; withSecondPort?: boolean } = {},
): GluePublishSpec => {
  const db = `${prefix}_shop`;
  const columns = avroToGlueColumns(JSON.parse(contract(options.changed ?? false)));
  const table = (name: string, subject: string) => ({
    database: db,
    name,
    description: 'Orders of the shop.',
    location: `s3://lake/shop/${name}/`,
    format: 'parquet' as const,
    columns: columns.filter((c) => c.name !== 'order_date'),
    partitionKeys: columns.filter((c) => c.name === 'order_date'),
    parameters: {
      classification: 'parquet',
      [MANAGED_PARAMETER]: 'true',
      'meshkit.owner': 'checkout',
      'meshkit.version': options.changed ? '1.1.0' : '1.0.0',
      [SUBJECT_PARAMETER]: subject,
    },
  });
  return {
    databases: [
      { name: db, description: 'The shop.', parameters: { [MANAGED_PARAMETER]: 'true' } },
    ],
    tables: [
      table('orders_orders_v1', `${prefix}.orders.orders.v1-value`),
      ...(options.withSecondPort
        ? [table('orders_refunds_v1', `${prefix}.orders.refunds.v1-value`)]
        : []),
    ],
    registry: { name: TEST_REGISTRY, description: 'contracts' },
    schemas: [
      {
        registry: TEST_REGISTRY,
        name: `${prefix}.orders.orders.v1-value`,
        compatibility: options.changed ? 'FULL_ALL' : 'BACKWARD_ALL',
        versions: options.changed ? [contract(false), contract(true)] : [contract(false)],
      },
      ...(options.withSecondPort
        ? [
            {
              registry: TEST_REGISTRY,
              name: `${prefix}.orders.refunds.v1-value`,
              compatibility: 'NONE' as const,
              versions: [contract(false)],
            },
          ]
        : []),
    ],
  };
};

/**
 * Behaviour every `GlueApi` must give the publisher, run against the in-memory fake and against
 * moto's Glue. `setup` returns a fresh api and a unique prefix for names.
 */
export const glueApiContract = (setup: () => Promise<{ api: GlueApi; prefix: string }>): void => {
  it('creates databases, tables and schemas, and reads them back as published', async () => {
    const { api, prefix } = await setup();
    const spec = sampleGlueSpec(prefix);
    const result = await new GlueCatalogPublisher(api).publish(spec);
    expect(kinds(result.actions)).toEqual(['create-database', 'create-table', 'create-schema']);
    const t = await api.getTable(spec.tables[0]!.database, spec.tables[0]!.name);
    expect(t).toMatchObject({
      location: spec.tables[0]!.location,
      format: 'parquet',
      description: 'Orders of the shop.',
    });
    expect(t!.columns).toEqual([
      { name: 'order_id', type: 'string', comment: 'Order id.' },
      { name: 'total', type: 'decimal(12,2)' },
    ]);
    expect(t!.partitionKeys).toEqual([{ name: 'order_date', type: 'date' }]);
    expect(t!.parameters).toMatchObject(spec.tables[0]!.parameters);
    expect(await api.getSchema(spec.registry.name, spec.schemas[0]!.name)).toMatchObject({
      compatibility: 'BACKWARD_ALL',
    });
    expect(
      (await api.listSchemaVersions(spec.registry.name, spec.schemas[0]!.name)).map(
        (d) => JSON.parse(d) as unknown,
      ),
    ).toEqual(spec.schemas[0]!.versions.map((d) => JSON.parse(d) as unknown));
  });

  it('changes nothing on a second publish of the same spec', async () => {
    const { api, prefix } = await setup();
    const publisher = new GlueCatalogPublisher(api);
    await publisher.publish(sampleGlueSpec(prefix));
    expect((await publisher.publish(sampleGlueSpec(prefix))).actions).toEqual([]);
  });

  it('updates the table, the compatibility and registers the new version when the contract changes', async () => {
    const { api, prefix } = await setup();
    const publisher = new GlueCatalogPublisher(api);
    await publisher.publish(sampleGlueSpec(prefix));
    const changed = sampleGlueSpec(prefix, { changed: true });
    const result = await publisher.publish(changed);
    expect(result.actions.map((a) => `${a.kind} ${a.detail ?? ''}`.trim())).toEqual([
      'update-table columns; parameters meshkit.version',
      'update-schema BACKWARD_ALL -> FULL_ALL',
      'register-schema-version version 2 of 2',
    ]);
    const t = await api.getTable(changed.tables[0]!.database, changed.tables[0]!.name);
    expect(t!.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'order_id:string',
      'total:decimal(12,2)',
      'note:string',
    ]);
    expect(
      await api.listSchemaVersions(changed.registry.name, changed.schemas[0]!.name),
    ).toHaveLength(2);
    expect((await publisher.publish(changed)).actions).toEqual([]);
  });

  it('plans without writing on a dry run, and deletes removed ports only with prune', async () => {
    const { api, prefix } = await setup();
    const publisher = new GlueCatalogPublisher(api);
    const planned = await publisher.publish(sampleGlueSpec(prefix, { withSecondPort: true }), {
      dryRun: true,
    });
    expect(kinds(planned.actions)).toEqual([
      'create-database',
      'create-table',
      'create-table',
      'create-schema',
      'create-schema',
    ]);
    expect(await api.getDatabase(`${prefix}_shop`)).toBeUndefined();
    await publisher.publish(sampleGlueSpec(prefix, { withSecondPort: true }));
    const spec = sampleGlueSpec(prefix);
    expect((await publisher.publish(spec)).actions).toEqual([]);
    const pruned = await publisher.publish(spec, { prune: true });
    expect(pruned.actions.map((a) => `${a.kind} ${a.target}`)).toEqual([
      `delete-table ${prefix}_shop.orders_refunds_v1`,
      `delete-schema ${TEST_REGISTRY}/${prefix}.orders.refunds.v1-value`,
    ]);
    expect(await api.getTable(`${prefix}_shop`, 'orders_refunds_v1')).toBeUndefined();
    expect(await api.getSchema(TEST_REGISTRY, `${prefix}.orders.refunds.v1-value`)).toBeUndefined();
  });
};
