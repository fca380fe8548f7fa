import type { GlueApi, GlueTableState } from '../glue-api.js';
import type { GlueCompatibility, GlueDatabaseSpec } from '../glue-spec.js';

const canonical = (definition: string): string => {
  try {
    return JSON.stringify(JSON.parse(definition));
  } catch {
    return definition;
  }
};

const copy = <T>(v: T): T => structuredClone(v);

/** `GlueApi` in memory, for unit tests of publishing. `calls` counts writes. */
export const createMemoryGlueApi = () => {
  const databases = new Map<string, GlueDatabaseSpec>();
  const tables = new Map<string, GlueTableState>();
  const registries = new Set<string>();
  const schemas = new Map<
    string,
    { compatibility: GlueCompatibility; description?: string; versions: string[] }
  >();
  const writes: string[] = [];
  const missing = (what: string) =>
    Object.assign(new Error(`${what} not found`), { name: 'EntityNotFoundException' });
  const schemaOf = (registry: string, name: string) => {
    const s = schemas.get(`${registry}/${name}`);
    if (!s) throw missing(`schema ${registry}/${name}`);
    return s;
  };
  const api: GlueApi = {
    getDatabase: async (name) => (databases.has(name) ? copy(databases.get(name)) : undefined),
    createDatabase: async (db) => {
      writes.push(`create-database ${db.name}`);
      databases.set(db.name, copy(db));
    },
    updateDatabase: async (db) => {
      writes.push(`update-database ${db.name}`);
      databases.set(db.name, copy(db));
    },
    getTable: async (db, name) =>
      tables.has(`${db}.${name}`) ? copy(tables.get(`${db}.${name}`)) : undefined,
    listTables: async (db) => [...tables.values()].filter((t) => t.database === db).map(copy),
    createTable: async (t) => {
      if (!databases.has(t.database)) throw missing(`database ${t.database}`);
      writes.push(`create-table ${t.database}.${t.name}`);
      tables.set(`${t.database}.${t.name}`, copy(t));
    },
    updateTable: async (t) => {
      writes.push(`update-table ${t.database}.${t.name}`);
      tables.set(`${t.database}.${t.name}`, copy(t));
    },
    deleteTable: async (db, name) => {
      writes.push(`delete-table ${db}.${name}`);
      tables.delete(`${db}.${name}`);
    },
    getRegistry: async (name) => registries.has(name),
    createRegistry: async (name) => {
      writes.push(`create-registry ${name}`);
      registries.add(name);
    },
    getSchema: async (registry, name) => {
      const s = schemas.get(`${registry}/${name}`);
      return s
        ? {
            compatibility: s.compatibility,
            ...(s.description ? { description: s.description } : {}),
          }
        : undefined;
    },
    createSchema: async (s, first) => {
      if (!registries.has(s.registry)) throw missing(`registry ${s.registry}`);
      writes.push(`create-schema ${s.registry}/${s.name}`);
      schemas.set(`${s.registry}/${s.name}`, {
        compatibility: s.compatibility,
        ...(s.description ? { description: s.description } : {}),
        versions: [first],
      });
    },
    updateSchema: async (registry, name, compatibility, description) => {
      writes.push(`update-schema ${registry}/${name}`);
      const s = schemaOf(registry, name);
      s.compatibility = compatibility;
      if (description) s.description = description;
    },
    hasSchemaVersion: async (registry, name, definition) =>
      schemaOf(registry, name).versions.some((v) => canonical(v) === canonical(definition)),
    registerSchemaVersion: async (registry, name, definition) => {
      writes.push(`register-schema-version ${registry}/${name}`);
      schemaOf(registry, name).versions.push(definition);
    },
    listSchemaVersions: async (registry, name) => [...schemaOf(registry, name).versions],
    deleteSchema: async (registry, name) => {
      writes.push(`delete-schema ${registry}/${name}`);
      schemas.delete(`${registry}/${name}`);
    },
  };
  return { api, writes, databases, tables, schemas };
};
