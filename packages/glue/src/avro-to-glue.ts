import { isJsonObject } from '@meshkit/core';
/**
 * Avro -> Glue/Hive column types, as Athena and Spark read Parquet written from Avro: records
 * are structs, enums strings, `["null", T]` is a nullable T, other unions are structs of
 * `member0..n` (parquet-avro's layout), logical types map to their Hive types.
 */
type Json = Record<string, unknown>;

const PRIMITIVES: Record<string, string> = {
  null: 'void',
  boolean: 'boolean',
  int: 'int',
  long: 'bigint',
  float: 'float',
  double: 'double',
  bytes: 'binary',
  string: 'string',
};

const LOGICAL: Record<string, string> = {
  date: 'date',
  'timestamp-millis': 'timestamp',
  'timestamp-micros': 'timestamp',
  'local-timestamp-millis': 'timestamp',
  'local-timestamp-micros': 'timestamp',
  'time-millis': 'int',
  'time-micros': 'bigint',
  uuid: 'string',
};

export interface GlueColumn {
  name: string;
  type: string;
  comment?: string;
}

/** Glue caps a column comment at 255 characters. */
const COMMENT_MAX = 255;
const MAX_DEPTH = 32;

class Mapper {
  private readonly names = new Map<string, Json>();

  private fullName(node: Json, ns: string | undefined): string {
    const name = typeof node.name === 'string' ? node.name : '';
    if (name.includes('.')) return name;
    const own = typeof node.namespace === 'string' ? node.namespace : ns;
    return own ? `${own}.${name}` : name;
  }

  type(schema: unknown, ns: string | undefined, depth: number): string {
    if (depth > MAX_DEPTH) return 'string'; // a recursive type has no finite Hive type
    if (typeof schema === 'string') {
      const p = PRIMITIVES[schema];
      if (p) return p;
      const named = this.names.get(schema) ?? (ns ? this.names.get(`${ns}.${schema}`) : undefined);
      return named ? this.type(named, ns, depth + 1) : 'string';
    }
    if (Array.isArray(schema)) {
      const branches = schema.filter(
        (b) => b !== 'null' && !(isJsonObject(b) && b.type === 'null'),
      );
      if (branches.length === 0) return 'string';
      if (branches.length === 1) return this.type(branches[0], ns, depth);
      return `struct<${branches.map((b, i) => `member${i}:${this.type(b, ns, depth + 1)}`).join(',')}>`;
    }
    if (!isJsonObject(schema)) return 'string';
    const t = schema.type;
    const logical = typeof schema.logicalType === 'string' ? schema.logicalType : undefined;
    if (logical === 'decimal' && typeof schema.precision === 'number')
      return `decimal(${schema.precision},${typeof schema.scale === 'number' ? schema.scale : 0})`;
    if (t === 'record' || t === 'error' || t === 'enum' || t === 'fixed') {
      const full = this.fullName(schema, ns);
      if (!this.names.has(full)) this.names.set(full, schema);
      if (t === 'enum') return 'string';
      if (t === 'fixed') return 'binary';
      const inner = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : ns;
      const fields = Array.isArray(schema.fields) ? schema.fields.filter(isJsonObject) : [];
      if (fields.length === 0) return 'string'; // Hive has no empty struct
      return `struct<${fields.map((f) => `${String(f.name)}:${this.type(f.type, inner, depth + 1)}`).join(',')}>`;
    }
    if (t === 'array') return `array<${this.type(schema.items, ns, depth + 1)}>`;
    if (t === 'map') return `map<string,${this.type(schema.values, ns, depth + 1)}>`;
    if (typeof t === 'string' && PRIMITIVES[t])
      return (logical && LOGICAL[logical]) ?? PRIMITIVES[t];
    return this.type(t, ns, depth + 1);
  }

  columns(schema: unknown): GlueColumn[] {
    if (!isJsonObject(schema) || schema.type !== 'record')
      return [{ name: 'value', type: this.type(schema, undefined, 0) }];
    const full = this.fullName(schema, undefined);
    this.names.set(full, schema);
    const ns = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : undefined;
    const fields = Array.isArray(schema.fields) ? schema.fields.filter(isJsonObject) : [];
    return fields.map((f) => {
      const col: GlueColumn = {
        name: String(f.name).toLowerCase(),
        type: this.type(f.type, ns, 1),
      };
      if (typeof f.doc === 'string' && f.doc.length > 0) col.comment = f.doc.slice(0, COMMENT_MAX);
      return col;
    });
  }
}

/** The Glue type of one Avro type (named types defined inside it are resolved). */
export const avroToGlueType = (schema: unknown): string => new Mapper().type(schema, undefined, 0);

/**
 * The columns of a table for an Avro record: one per top-level field, lowercased as Glue stores
 * them, with the field's doc as the comment.
 */
export const avroToGlueColumns = (schema: unknown): GlueColumn[] => new Mapper().columns(schema);
