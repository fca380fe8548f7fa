import { AVRO_PRIMITIVE_TYPES, isJsonObject } from '@meshkit/core';
import type { FieldNode, SchemaTree } from './catalog-model.js';

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const PRIMITIVES = AVRO_PRIMITIVE_TYPES;

/** What a type node resolves to, after named references are looked up. */
interface Resolved {
  type: string;
  avroType: string;
  logicalType?: string;
  nullable: boolean;
  symbols?: string[];
  record?: Json;
}

/** Named types seen so far in one schema (Avro: a name is defined once, then referenced). */
type Names = Map<string, Json>;

const fullName = (node: Json, namespace: string | undefined): string => {
  const name = str(node.name) ?? '';
  if (name.includes('.')) return name;
  const ns = str(node.namespace) ?? namespace;
  return ns ? `${ns}.${name}` : name;
};

const shortName = (full: string): string => full.slice(full.lastIndexOf('.') + 1);

const describe = (schema: unknown, names: Names, ns: string | undefined): Resolved => {
  if (typeof schema === 'string') {
    if (PRIMITIVES.has(schema))
      return { type: schema, avroType: schema, nullable: schema === 'null' };
    const named = names.get(schema) ?? names.get(ns ? `${ns}.${schema}` : schema);
    return named
      ? describe(named, names, ns)
      : { type: schema, avroType: 'unknown', nullable: false };
  }
  if (Array.isArray(schema)) {
    const branches = schema.map((b) => describe(b, names, ns));
    const nonNull = branches.filter((b) => b.avroType !== 'null');
    const nullable = nonNull.length < branches.length;
    if (nonNull.length === 1) return { ...nonNull[0]!, nullable };
    return {
      type: `union<${branches.map((b) => b.type).join(', ')}>`,
      avroType: 'union',
      nullable,
    };
  }
  if (!isJsonObject(schema)) return { type: 'unknown', avroType: 'unknown', nullable: false };
  const t = schema.type;
  const logicalType = str(schema.logicalType);
  if (t === 'record' || t === 'error' || t === 'enum' || t === 'fixed') {
    const full = fullName(schema, ns);
    if (!names.has(full)) names.set(full, schema);
    if (t === 'enum') {
      const symbols = Array.isArray(schema.symbols)
        ? schema.symbols.filter((s) => typeof s === 'string')
        : [];
      return { type: `enum ${shortName(full)}`, avroType: 'enum', nullable: false, symbols };
    }
    if (t === 'fixed') {
      if (logicalType === 'decimal') return decimal(schema, 'fixed');
      return {
        type: `fixed(${String(schema.size)})`,
        avroType: 'fixed',
        nullable: false,
        ...(logicalType ? { logicalType } : {}),
      };
    }
    return {
      type: `record ${shortName(full)}`,
      avroType: 'record',
      nullable: false,
      record: schema,
    };
  }
  if (t === 'array') {
    const items = describe(schema.items, names, ns);
    return {
      type: `array<${items.type}>`,
      avroType: 'array',
      nullable: false,
      ...(items.record ? { record: items.record } : {}),
    };
  }
  if (t === 'map') {
    const values = describe(schema.values, names, ns);
    return {
      type: `map<string, ${values.type}>`,
      avroType: 'map',
      nullable: false,
      ...(values.record ? { record: values.record } : {}),
    };
  }
  if (typeof t === 'string' && PRIMITIVES.has(t)) {
    if (logicalType === 'decimal') return decimal(schema, t);
    return {
      type: logicalType ? `${logicalType}` : t,
      avroType: t,
      nullable: t === 'null',
      ...(logicalType ? { logicalType } : {}),
    };
  }
  // `{"type": {"type": "record", ...}}` or `{"type": "com.example.Name"}`
  return describe(t, names, ns);
};

const decimal = (schema: Json, avroType: string): Resolved => ({
  type: `decimal(${String(schema.precision)},${String(schema.scale ?? 0)})`,
  avroType,
  logicalType: 'decimal',
  nullable: false,
});

/** Bounds the walk: a recursive record type shows once, not forever. */
const MAX_DEPTH = 12;

const fieldsOf = (
  record: Json,
  names: Names,
  prefix: string,
  depth: number,
  open: Set<Json>,
): FieldNode[] => {
  const fields = Array.isArray(record.fields) ? record.fields : [];
  const ns =
    str(record.namespace) ??
    (str(record.name)?.includes('.') ? str(record.name)!.replace(/\.[^.]*$/, '') : undefined);
  const out: FieldNode[] = [];
  for (const f of fields) {
    if (!isJsonObject(f) || typeof f.name !== 'string') continue;
    const path = prefix ? `${prefix}.${f.name}` : f.name;
    const r = describe(f.type, names, ns);
    const node: FieldNode = {
      name: f.name,
      path,
      type: r.nullable ? `${r.type}?` : r.type,
      avroType: r.avroType,
      nullable: r.nullable,
      hasDefault: 'default' in f,
      pii: f.pii === true,
    };
    if (r.logicalType) node.logicalType = r.logicalType;
    if ('default' in f) node.default = f.default;
    const doc = str(f.doc);
    if (doc !== undefined) node.doc = doc;
    if (r.symbols) node.symbols = r.symbols;
    if (r.record && depth < MAX_DEPTH && !open.has(r.record)) {
      open.add(r.record);
      node.children = fieldsOf(r.record, names, path, depth + 1, open);
      open.delete(r.record);
    }
    out.push(node);
  }
  return out;
};

/**
 * The schema of a contract as a tree of fields, with named types resolved wherever they are
 * referenced (`shared`: named types by full name, e.g. from contracts/avro/). Give it the
 * contract as written: custom attributes such as `"pii": true` survive only there. Anything that
 * is not a record at the top becomes a tree without fields.
 */
export const toSchemaTree = (
  schema: unknown,
  shared: ReadonlyMap<string, unknown> = new Map(),
): SchemaTree => {
  const names: Names = new Map();
  for (const [name, s] of shared) if (isJsonObject(s)) names.set(name, s);
  if (!isJsonObject(schema))
    return { name: typeof schema === 'string' ? schema : 'schema', fields: [] };
  const r = describe(schema, names, undefined);
  const root = r.record ?? schema;
  const tree: SchemaTree = {
    name: str(root.name) ?? 'schema',
    fields: r.record ? fieldsOf(r.record, names, '', 0, new Set([r.record])) : [],
  };
  const namespace = str(root.namespace);
  if (namespace) tree.namespace = namespace;
  const doc = str(root.doc);
  if (doc !== undefined) tree.doc = doc;
  return tree;
};

/** Every field in the tree, depth first. */
export const flattenFields = (fields: readonly FieldNode[]): FieldNode[] => {
  const out: FieldNode[] = [];
  const walk = (list: readonly FieldNode[]) => {
    for (const f of list) {
      out.push(f);
      if (f.children) walk(f.children);
    }
  };
  walk(fields);
  return out;
};
