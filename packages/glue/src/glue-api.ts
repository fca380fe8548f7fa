import type { GlueColumn } from './avro-to-glue.js';
import type {
  GlueCompatibility,
  GlueDatabaseSpec,
  GlueSchemaSpec,
  GlueTableSpec,
} from './glue-spec.js';

/** A table as read back from Glue, in the spec's terms. */
export type GlueTableState = GlueTableSpec;

/**
 * The few Glue operations publishing needs. `createSdkGlueApi` implements it on
 * @aws-sdk/client-glue; `createMemoryGlueApi` (./testing) in memory. Reads return undefined
 * for "not found"; every other failure throws.
 */
export interface GlueApi {
  getDatabase(name: string): Promise<GlueDatabaseSpec | undefined>;
  createDatabase(db: GlueDatabaseSpec): Promise<void>;
  updateDatabase(db: GlueDatabaseSpec): Promise<void>;
  getTable(database: string, name: string): Promise<GlueTableState | undefined>;
  listTables(database: string): Promise<GlueTableState[]>;
  createTable(table: GlueTableSpec): Promise<void>;
  updateTable(table: GlueTableSpec): Promise<void>;
  deleteTable(database: string, name: string): Promise<void>;
  getRegistry(name: string): Promise<boolean>;
  createRegistry(name: string, description?: string): Promise<void>;
  getSchema(
    registry: string,
    name: string,
  ): Promise<{ compatibility: GlueCompatibility; description?: string } | undefined>;
  /** Creates the schema with its first version. */
  createSchema(schema: GlueSchemaSpec, firstDefinition: string): Promise<void>;
  updateSchema(
    registry: string,
    name: string,
    compatibility: GlueCompatibility,
    description?: string,
  ): Promise<void>;
  /** True when `definition` is already one of the schema's versions. */
  hasSchemaVersion(registry: string, name: string, definition: string): Promise<boolean>;
  registerSchemaVersion(registry: string, name: string, definition: string): Promise<void>;
  /** Every version's definition, oldest first. */
  listSchemaVersions(registry: string, name: string): Promise<string[]>;
  deleteSchema(registry: string, name: string): Promise<void>;
}

export type { GlueColumn };
