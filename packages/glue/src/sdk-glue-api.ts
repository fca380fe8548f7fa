import {
  CreateDatabaseCommand,
  CreateRegistryCommand,
  CreateSchemaCommand,
  CreateTableCommand,
  DeleteSchemaCommand,
  DeleteTableCommand,
  GetDatabaseCommand,
  GetRegistryCommand,
  GetSchemaByDefinitionCommand,
  GetSchemaCommand,
  GetSchemaVersionCommand,
  GetTableCommand,
  GetTablesCommand,
  RegisterSchemaVersionCommand,
  UpdateDatabaseCommand,
  UpdateSchemaCommand,
  UpdateTableCommand,
  type Column,
  type GlueClient,
  type Table,
  type TableInput,
} from '@aws-sdk/client-glue';
import { InfrastructureError } from '@meshkit/core';
import type { GlueColumn } from './avro-to-glue.js';
import type { GlueApi, GlueTableState } from './glue-api.js';
import { STORAGE, type GlueCompatibility, type GlueTableSpec } from './glue-spec.js';

const notFound = (error: unknown): boolean =>
  (error as { name?: string }).name === 'EntityNotFoundException';

/** Bounds every listing loop: a misbehaving endpoint cannot page forever. */
const MAX_PAGES = 100;
const MAX_VERSIONS = 1000;

const fromColumns = (cols: Column[] | undefined): GlueColumn[] =>
  (cols ?? []).map((c) => ({
    name: c.Name ?? '',
    type: c.Type ?? '',
    ...(c.Comment ? { comment: c.Comment } : {}),
  }));

const toColumns = (cols: GlueColumn[]): Column[] =>
  cols.map((c) => ({ Name: c.name, Type: c.type, ...(c.comment ? { Comment: c.comment } : {}) }));

const formatOf = (t: Table): GlueTableSpec['format'] => {
  const serde = t.StorageDescriptor?.SerdeInfo?.SerializationLibrary ?? '';
  if (serde === STORAGE.jsonl.serde) return 'jsonl';
  if (serde === STORAGE.csv.serde) return 'csv';
  return 'parquet';
};

const fromTable = (database: string, t: Table): GlueTableState => ({
  database,
  name: t.Name ?? '',
  ...(t.Description ? { description: t.Description } : {}),
  location: t.StorageDescriptor?.Location ?? '',
  format: formatOf(t),
  columns: fromColumns(t.StorageDescriptor?.Columns),
  partitionKeys: fromColumns(t.PartitionKeys),
  parameters: { ...(t.Parameters ?? {}) },
});

const tableInput = (t: GlueTableSpec): TableInput => {
  const s = STORAGE[t.format];
  return {
    Name: t.name,
    ...(t.description ? { Description: t.description } : {}),
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE', ...t.parameters },
    PartitionKeys: toColumns(t.partitionKeys),
    StorageDescriptor: {
      Columns: toColumns(t.columns),
      Location: t.location,
      InputFormat: s.inputFormat,
      OutputFormat: s.outputFormat,
      SerdeInfo: {
        SerializationLibrary: s.serde,
        Parameters: s.serdeParameters ?? { 'serialization.format': '1' },
      },
    },
  };
};

/**
 * `GlueApi` on the AWS SDK. Failures other than "not found" become InfrastructureErrors naming
 * the operation and the object.
 */
export const createSdkGlueApi = (client: GlueClient): GlueApi => {
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof InfrastructureError) throw error;
      const name = (error as { name?: string }).name ?? 'Error';
      const message = error instanceof Error ? error.message : String(error);
      throw new InfrastructureError(
        'GLUE_REQUEST_FAILED',
        `Glue ${what} failed: ${name}: ${message}; check the endpoint and region (mesh.config.yaml aws, or AWS_ENDPOINT_URL) and the credentials`,
        { cause: error },
      );
    }
  };
  const maybe = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (error) {
      if (notFound(error)) return undefined;
      return call(what, () => Promise.reject(error));
    }
  };
  const schemaId = (registry: string, name: string) => ({
    RegistryName: registry,
    SchemaName: name,
  });

  return {
    getDatabase: (name) =>
      maybe(`GetDatabase ${name}`, async () => {
        const db = (await client.send(new GetDatabaseCommand({ Name: name }))).Database;
        return {
          name,
          ...(db?.Description ? { description: db.Description } : {}),
          parameters: { ...(db?.Parameters ?? {}) },
        };
      }),
    createDatabase: (db) =>
      call(`CreateDatabase ${db.name}`, async () => {
        await client.send(
          new CreateDatabaseCommand({
            DatabaseInput: {
              Name: db.name,
              ...(db.description ? { Description: db.description } : {}),
              Parameters: db.parameters,
            },
          }),
        );
      }),
    updateDatabase: (db) =>
      call(`UpdateDatabase ${db.name}`, async () => {
        await client.send(
          new UpdateDatabaseCommand({
            Name: db.name,
            DatabaseInput: {
              Name: db.name,
              ...(db.description ? { Description: db.description } : {}),
              Parameters: db.parameters,
            },
          }),
        );
      }),
    getTable: (database, name) =>
      maybe(`GetTable ${database}.${name}`, async () => {
        const t = (await client.send(new GetTableCommand({ DatabaseName: database, Name: name })))
          .Table;
        return t ? fromTable(database, t) : undefined;
      }),
    listTables: async (database) => {
      const out: GlueTableState[] = [];
      let token: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const res = await maybe(`GetTables ${database}`, () =>
          client.send(
            new GetTablesCommand({
              DatabaseName: database,
              ...(token ? { NextToken: token } : {}),
            }),
          ),
        );
        if (!res) break;
        out.push(...(res.TableList ?? []).map((t) => fromTable(database, t)));
        token = res.NextToken;
        if (!token) break;
      }
      return out;
    },
    createTable: (t) =>
      call(`CreateTable ${t.database}.${t.name}`, async () => {
        await client.send(
          new CreateTableCommand({ DatabaseName: t.database, TableInput: tableInput(t) }),
        );
      }),
    updateTable: (t) =>
      call(`UpdateTable ${t.database}.${t.name}`, async () => {
        await client.send(
          new UpdateTableCommand({ DatabaseName: t.database, TableInput: tableInput(t) }),
        );
      }),
    deleteTable: (database, name) =>
      call(`DeleteTable ${database}.${name}`, async () => {
        await client.send(new DeleteTableCommand({ DatabaseName: database, Name: name }));
      }),
    getRegistry: async (name) =>
      (await maybe(`GetRegistry ${name}`, () =>
        client.send(new GetRegistryCommand({ RegistryId: { RegistryName: name } })),
      )) !== undefined,
    createRegistry: (name, description) =>
      call(`CreateRegistry ${name}`, async () => {
        await client.send(
          new CreateRegistryCommand({
            RegistryName: name,
            ...(description ? { Description: description } : {}),
          }),
        );
      }),
    getSchema: (registry, name) =>
      maybe(`GetSchema ${registry}/${name}`, async () => {
        const s = await client.send(new GetSchemaCommand({ SchemaId: schemaId(registry, name) }));
        return {
          compatibility: (s.Compatibility ?? 'NONE') as GlueCompatibility,
          ...(s.Description ? { description: s.Description } : {}),
        };
      }),
    createSchema: (s, first) =>
      call(`CreateSchema ${s.registry}/${s.name}`, async () => {
        await client.send(
          new CreateSchemaCommand({
            RegistryId: { RegistryName: s.registry },
            SchemaName: s.name,
            DataFormat: 'AVRO',
            Compatibility: s.compatibility,
            SchemaDefinition: first,
            ...(s.description ? { Description: s.description } : {}),
            Tags: { 'meshkit.managed': 'true' },
          }),
        );
      }),
    updateSchema: (registry, name, compatibility, description) =>
      call(`UpdateSchema ${registry}/${name}`, async () => {
        await client.send(
          new UpdateSchemaCommand({
            SchemaId: schemaId(registry, name),
            Compatibility: compatibility,
            ...(description ? { Description: description } : {}),
          }),
        );
      }),
    hasSchemaVersion: async (registry, name, definition) =>
      (await maybe(`GetSchemaByDefinition ${registry}/${name}`, () =>
        client.send(
          new GetSchemaByDefinitionCommand({
            SchemaId: schemaId(registry, name),
            SchemaDefinition: definition,
          }),
        ),
      )) !== undefined,
    registerSchemaVersion: (registry, name, definition) =>
      call(`RegisterSchemaVersion ${registry}/${name}`, async () => {
        const res = await client.send(
          new RegisterSchemaVersionCommand({
            SchemaId: schemaId(registry, name),
            SchemaDefinition: definition,
          }),
        );
        if (res.Status === 'FAILURE')
          throw new InfrastructureError(
            'GLUE_SCHEMA_VERSION_REJECTED',
            `Glue Schema Registry rejected a new version of ${registry}/${name} (status FAILURE): it breaks the schema's compatibility level`,
          );
      }),
    listSchemaVersions: async (registry, name) => {
      // From GetSchema's latest version number: moto has no ListSchemaVersions.
      const schema = await call(`GetSchema ${registry}/${name}`, () =>
        client.send(new GetSchemaCommand({ SchemaId: schemaId(registry, name) })),
      );
      const latest = Math.min(schema.LatestSchemaVersion ?? 0, MAX_VERSIONS);
      const defs: string[] = [];
      for (let n = 1; n <= latest; n++) {
        const v = await maybe(`GetSchemaVersion ${registry}/${name} ${n}`, () =>
          client.send(
            new GetSchemaVersionCommand({
              SchemaId: schemaId(registry, name),
              SchemaVersionNumber: { VersionNumber: n },
            }),
          ),
        );
        if (v?.SchemaDefinition !== undefined) defs.push(v.SchemaDefinition);
      }
      return defs;
    },
    deleteSchema: (registry, name) =>
      call(`DeleteSchema ${registry}/${name}`, async () => {
        await client.send(new DeleteSchemaCommand({ SchemaId: schemaId(registry, name) }));
      }),
  };
};
