import { AVRO_PRIMITIVE_TYPES } from '../compat/avro-model.js';
import { isJsonObject } from '../model/json.js';
/**
 * The top-level columns an Avro record contract promises: what the schema-conformance check and
 * the quality compiler need to know about each field, read from the schema JSON.
 */

export type AvroKind =
  | 'null'
  | 'boolean'
  | 'int'
  | 'long'
  | 'float'
  | 'double'
  | 'string'
  | 'bytes'
  | 'fixed'
  | 'enum'
  | 'record'
  | 'array'
  | 'map'
  | 'union';

export interface ContractColumn {
  name: string;
  /** JSON Pointer of the field in the contract, e.g. `/fields/3`. */
  pointer: string;
  kind: AvroKind;
  logicalType?: string;
  /** True for `["null", T]` unions (and for plain `"null"`). */
  nullable: boolean;
  /** Field property `"pii": true`: sample values of this column are masked. */
  pii: boolean;
  /** How the type reads in a message, e.g. `long (timestamp-millis)`, `["null","string"]`. */
  display: string;
  symbols?: string[];
}

interface Resolved {
  kind: AvroKind;
  logicalType?: string;
  symbols?: string[];
  display: string;
}

/** Records named types as they are defined, so later references by name can be resolved. */
const resolve = (type: unknown, named: Map<string, unknown>, namespace?: string): Resolved => {
  if (typeof type === 'string') {
    if (AVRO_PRIMITIVE_TYPES.has(type)) return { kind: type as AvroKind, display: type };
    const full = type.includes('.') || !namespace ? type : `${namespace}.${type}`;
    const def = named.get(full) ?? named.get(type);
    if (def === undefined) return { kind: 'union', display: type };
    return { ...resolve(def, named, namespace), display: type };
  }
  if (Array.isArray(type)) {
    const branches = type.map((b) => resolve(b, named, namespace));
    const nonNull = branches.filter((b) => b.kind !== 'null');
    const display = `[${branches.map((b) => JSON.stringify(b.display)).join(', ')}]`;
    if (nonNull.length === 1 && nonNull[0]) return { ...nonNull[0], display };
    return { kind: 'union', display };
  }
  if (isJsonObject(type)) {
    const t = type.type;
    const ns = typeof type.namespace === 'string' ? type.namespace : namespace;
    if (
      typeof type.name === 'string' &&
      (t === 'record' || t === 'enum' || t === 'fixed' || t === 'error')
    ) {
      const full = type.name.includes('.') || !ns ? type.name : `${ns}.${type.name}`;
      named.set(full, type);
      named.set(type.name, type);
    }
    const logical = typeof type.logicalType === 'string' ? type.logicalType : undefined;
    const withLogical = (r: Resolved): Resolved =>
      logical ? { ...r, logicalType: logical, display: `${r.display} (${logical})` } : r;
    if (t === 'record' || t === 'error') {
      for (const f of Array.isArray(type.fields) ? type.fields : [])
        if (isJsonObject(f)) resolve(f.type, named, ns);
      return { kind: 'record', display: String(type.name ?? 'record') };
    }
    if (t === 'enum')
      return {
        kind: 'enum',
        display: `enum ${String(type.name ?? '')}`.trim(),
        symbols: Array.isArray(type.symbols) ? type.symbols.map(String) : [],
      };
    if (t === 'fixed') return withLogical({ kind: 'fixed', display: 'fixed' });
    if (t === 'array') {
      resolve(type.items, named, ns);
      return { kind: 'array', display: 'array' };
    }
    if (t === 'map') {
      resolve(type.values, named, ns);
      return { kind: 'map', display: 'map' };
    }
    if (typeof t === 'string' || Array.isArray(t) || isJsonObject(t))
      return withLogical(resolve(t, named, ns));
  }
  return { kind: 'union', display: JSON.stringify(type) };
};

const isNullable = (type: unknown): boolean =>
  type === 'null' ||
  (Array.isArray(type) && type.some((b) => b === 'null' || (isJsonObject(b) && b.type === 'null')));

/** The fields of a record schema, in order. A schema that is not a record has none. */
export const contractColumns = (schema: unknown): ContractColumn[] => {
  if (!isJsonObject(schema) || schema.type !== 'record' || !Array.isArray(schema.fields)) return [];
  const named = new Map<string, unknown>();
  const ns = typeof schema.namespace === 'string' ? schema.namespace : undefined;
  if (typeof schema.name === 'string') named.set(schema.name, schema);
  const out: ContractColumn[] = [];
  schema.fields.forEach((field: unknown, i: number) => {
    if (!isJsonObject(field) || typeof field.name !== 'string') return;
    const r = resolve(field.type, named, ns);
    out.push({
      name: field.name,
      pointer: `/fields/${i}`,
      kind: r.kind,
      ...(r.logicalType ? { logicalType: r.logicalType } : {}),
      ...(r.symbols ? { symbols: r.symbols } : {}),
      nullable: isNullable(field.type),
      pii: field.pii === true,
      display: r.display,
    });
  });
  return out;
};

/**
 * Copies the top-level fields' `pii` flags from the contract as written onto a schema that lost
 * them (avsc's `schema({ exportAttrs: true })` keeps type attributes but drops field ones).
 */
export const withPiiFlags = (schema: unknown, original: unknown): unknown => {
  if (
    !isJsonObject(schema) ||
    !Array.isArray(schema.fields) ||
    !isJsonObject(original) ||
    !Array.isArray(original.fields)
  )
    return schema;
  const pii = new Set(
    original.fields
      .filter((f): f is Record<string, unknown> => isJsonObject(f) && f.pii === true)
      .map((f) => String(f.name)),
  );
  if (pii.size === 0) return schema;
  return {
    ...schema,
    fields: schema.fields.map((f: unknown) =>
      isJsonObject(f) && pii.has(String(f.name)) ? { ...f, pii: true } : f,
    ),
  };
};
