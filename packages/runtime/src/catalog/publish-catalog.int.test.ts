import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetSchemaCommand,
  GetSchemaVersionCommand,
  GetTableCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import { afterAll, describe, expect, it } from 'vitest';
import { customersContract } from '@meshkit/catalog';
import {
  AWS_CREDENTIALS,
  AWS_REGION,
  GLUE_ENDPOINT,
  glueClientConfig,
} from '../../../../tools/test/services.js';
import { publishCatalogToGlue } from './publish-catalog.js';
import { createGitCatalogFixture } from './testing/git-fixture.js';

const REGISTRY = 'meshkit-test';
const connection = { region: AWS_REGION, endpoint: GLUE_ENDPOINT, credentials: AWS_CREDENTIALS };
const root = createGitCatalogFixture();
const glue = new GlueClient(glueClientConfig());

afterAll(() => {
  glue.destroy();
  rmSync(root, { recursive: true, force: true });
});

describe('publishCatalogToGlue on moto (tools/services/moto.sh)', () => {
  it('publishes tables and schemas that read back as the workspace declares, and is idempotent', async () => {
    await publishCatalogToGlue({ root, connection, registryName: REGISTRY });
    // A second run finds nothing to do, whatever an earlier test run left behind.
    expect(
      (await publishCatalogToGlue({ root, connection, registryName: REGISTRY })).actions,
    ).toEqual([]);

    const table = (
      await glue.send(new GetTableCommand({ DatabaseName: 'shop', Name: 'orders_orders_v2' }))
    ).Table!;
    expect(table.StorageDescriptor?.Columns?.map((c) => `${c.Name}:${c.Type}`)).toEqual([
      'order_id:string',
      'status:string',
      'total:struct<amount:decimal(18,2),currency:string>',
      'discount:struct<amount:decimal(18,2),currency:string>',
      'lines:array<struct<sku:string,quantity:int>>',
      'attributes:map<string,string>',
      'updated_at:timestamp',
      'shipping_email:string',
    ]);
    expect(table.PartitionKeys).toEqual([{ Name: 'order_date', Type: 'date' }]);
    expect(table.StorageDescriptor?.Location).toMatch(
      /^file:\/\/\/.*\/\.mesh\/lake\/shop\/orders\/orders\/v2\/$/,
    );
    expect(table.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe(
      'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    );
    expect(table.Parameters).toMatchObject({
      classification: 'parquet',
      'meshkit.owner': 'checkout',
      'meshkit.version': '2.1.0',
      'meshkit.compatibility': 'FULL',
      'meshkit.sla.freshness': 'updated_at <= PT15M',
      'meshkit.sla.availability': '99.9',
      'meshkit.sla.latency.p99': 'PT1M',
    });
    const jsonl = (
      await glue.send(new GetTableCommand({ DatabaseName: 'ops', Name: 'shipments_shipments_v1' }))
    ).Table!;
    expect(jsonl.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe(
      'org.openx.data.jsonserde.JsonSerDe',
    );
    expect(jsonl.Parameters).toMatchObject({
      'meshkit.lifecycle': 'deprecated',
      'meshkit.sunset': '2027-06-30',
    });

    // Both committed versions of the customers contract are registered, at BACKWARD_ALL.
    const schemaId = { RegistryName: REGISTRY, SchemaName: 'shop.customers.customers.v1-value' };
    const schema = await glue.send(new GetSchemaCommand({ SchemaId: schemaId }));
    expect(schema.Compatibility).toBe('BACKWARD_ALL');
    const latest = await glue.send(
      new GetSchemaVersionCommand({
        SchemaId: schemaId,
        SchemaVersionNumber: { LatestVersion: true },
      }),
    );
    const fields = (
      JSON.parse(latest.SchemaDefinition!) as { fields: { name: string }[] }
    ).fields.map((f) => f.name);
    expect(fields).toEqual(customersContract(true).fields.map((f) => f.name));
    const first = await glue.send(
      new GetSchemaVersionCommand({
        SchemaId: schemaId,
        SchemaVersionNumber: { VersionNumber: 1 },
      }),
    );
    expect((JSON.parse(first.SchemaDefinition!) as { fields: unknown[] }).fields).toHaveLength(3);
  });

  it('plans an update of the table and a new schema version when a contract changes', async () => {
    await publishCatalogToGlue({ root, connection, registryName: REGISTRY });
    const file = join(root, 'domains/ops/shipments/contracts/shipments.avsc');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'record',
        name: 'Shipment',
        namespace: 'com.example.ops',
        fields: [
          { name: 'shipment_id', type: 'string' },
          { name: 'order_id', type: 'string' },
          { name: 'weight_grams', type: 'double' },
          { name: 'carrier', type: ['null', 'string'], default: null },
        ],
      }),
    );
    const plan = await publishCatalogToGlue({
      root,
      connection,
      registryName: REGISTRY,
      dryRun: true,
    });
    expect(plan.actions.map((a) => `${a.kind} ${a.target}`)).toEqual([
      'update-table ops.shipments_shipments_v1',
      `register-schema-version ${REGISTRY}/ops.shipments.shipments.v1-value`,
    ]);
    const table = (
      await glue.send(new GetTableCommand({ DatabaseName: 'ops', Name: 'shipments_shipments_v1' }))
    ).Table!;
    expect(table.StorageDescriptor?.Columns?.map((c) => c.Name)).not.toContain('carrier');
  });
});
