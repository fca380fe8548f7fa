import type { CompatibilityLevel, PortFormat } from '@meshkit/core';
import type { GlueColumn } from './avro-to-glue.js';

/** What the catalog wants Glue to hold; the publisher makes Glue match it. */
export interface GlueDatabaseSpec {
  name: string;
  description?: string;
  parameters: Record<string, string>;
}

export interface GlueTableSpec {
  database: string;
  name: string;
  description?: string;
  /** Folder URL of the data, ending in `/`. */
  location: string;
  format: PortFormat;
  columns: GlueColumn[];
  partitionKeys: GlueColumn[];
  parameters: Record<string, string>;
}

export type GlueCompatibility =
  | 'NONE'
  | 'DISABLED'
  | 'BACKWARD'
  | 'BACKWARD_ALL'
  | 'FORWARD'
  | 'FORWARD_ALL'
  | 'FULL'
  | 'FULL_ALL';

export interface GlueSchemaSpec {
  registry: string;
  /** The registry subject, e.g. `sales.orders.orders.v1-value`. */
  name: string;
  description?: string;
  compatibility: GlueCompatibility;
  /** Avro definitions, oldest first; the last is the current one. */
  versions: string[];
}

export interface GluePublishSpec {
  databases: GlueDatabaseSpec[];
  tables: GlueTableSpec[];
  registry: { name: string; description?: string };
  schemas: GlueSchemaSpec[];
}

export type GlueActionKind =
  | 'create-database'
  | 'update-database'
  | 'create-table'
  | 'update-table'
  | 'delete-table'
  | 'create-registry'
  | 'create-schema'
  | 'update-schema'
  | 'register-schema-version'
  | 'delete-schema';

export interface GlueAction {
  kind: GlueActionKind;
  /** `database`, `database.table`, `registry` or `registry/schema`. */
  target: string;
  detail?: string;
}

/** Parameter marking tables and schemas this publisher owns, so `--prune` never touches others. */
export const MANAGED_PARAMETER = 'meshkit.managed';
/** Table parameter naming the registry subject of the same port major. */
export const SUBJECT_PARAMETER = 'meshkit.subject';

const LEVELS: Record<CompatibilityLevel, GlueCompatibility> = {
  NONE: 'NONE',
  BACKWARD: 'BACKWARD',
  BACKWARD_TRANSITIVE: 'BACKWARD_ALL',
  FORWARD: 'FORWARD',
  FORWARD_TRANSITIVE: 'FORWARD_ALL',
  FULL: 'FULL',
  FULL_TRANSITIVE: 'FULL_ALL',
};

/** Confluent's level names -> Glue Schema Registry's (`_TRANSITIVE` is `_ALL` there). */
export const toGlueCompatibility = (level: CompatibilityLevel): GlueCompatibility => LEVELS[level];

/** Input/output formats and SerDe per lake format. */
export const STORAGE: Record<
  PortFormat,
  {
    inputFormat: string;
    outputFormat: string;
    serde: string;
    classification: string;
    serdeParameters?: Record<string, string>;
  }
> = {
  parquet: {
    inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serde: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    classification: 'parquet',
  },
  jsonl: {
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    serde: 'org.openx.data.jsonserde.JsonSerDe',
    classification: 'json',
  },
  csv: {
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    serde: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
    classification: 'csv',
    serdeParameters: { separatorChar: ',', quoteChar: '"', 'skip.header.line.count': '1' },
  },
};
