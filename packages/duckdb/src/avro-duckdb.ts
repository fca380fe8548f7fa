import type { DuckDBValue } from '@duckdb/node-api';
import {
  blobValue,
  dateValue,
  decimalValue,
  listValue,
  mapValue,
  structValue,
  timestampTZValue,
  timestampValue,
  timeValue,
} from '@duckdb/node-api';
import { InputError, isJsonObject, quoteIdentifier } from '@meshkit/core';

/** An Avro type reduced to what a DuckDB column needs. */
export type AvroNode =
  | {
      kind:
        | 'boolean'
        | 'int'
        | 'long'
        | 'float'
        | 'double'
        | 'string'
        | 'bytes'
        | 'null'
        | 'enum'
        | 'fixed';
    }
  | { kind: 'date' | 'time-millis' | 'time-micros' | 'uuid' }
  | {
      kind:
        | 'timestamp-millis'
        | 'timestamp-micros'
        | 'local-timestamp-millis'
        | 'local-timestamp-micros';
    }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'record'; name: string; fields: { name: string; node: AvroNode }[] }
  | { kind: 'array'; items: AvroNode }
  | { kind: 'map'; values: AvroNode }
  | { kind: 'nullable'; inner: AvroNode; branch: string }
  | { kind: 'union'; branches: string[] };

const PRIMITIVE = new Set(['boolean', 'int', 'long', 'float', 'double', 'string', 'bytes', 'null']);
const LOGICAL = new Set([
  'date',
  'time-millis',
  'time-micros',
  'uuid',
  'timestamp-millis',
  'timestamp-micros',
  'local-timestamp-millis',
  'local-timestamp-micros',
]);

const branchName = (t: unknown): string =>
  typeof t === 'string' ? t : isJsonObject(t) ? String(t.name ?? t.type ?? '') : '';

/** Reads an Avro schema (JSON) into nodes; named types are resolved, recursion is refused. */
export const avroNode = (
  type: unknown,
  named = new Map<string, unknown>(),
  namespace?: string,
  stack: string[] = [],
): AvroNode => {
  if (typeof type === 'string') {
    if (PRIMITIVE.has(type)) return { kind: type as 'string' };
    const full = type.includes('.') || !namespace ? type : `${namespace}.${type}`;
    const def = named.get(full) ?? named.get(type);
    if (def === undefined)
      throw new InputError('PARQUET_SCHEMA', `Avro type "${type}" is not defined`);
    if (stack.includes(full))
      throw new InputError(
        'PARQUET_SCHEMA',
        `Avro type "${type}" is recursive; Parquet columns cannot nest without end`,
      );
    return avroNode(def, named, namespace, stack);
  }
  if (Array.isArray(type)) {
    const nonNull = type.filter((b) => b !== 'null');
    if (nonNull.length === 1 && nonNull.length < type.length)
      return {
        kind: 'nullable',
        inner: avroNode(nonNull[0], named, namespace, stack),
        branch: branchName(nonNull[0]),
      };
    for (const b of type) if (isJsonObject(b)) avroNode(b, named, namespace, stack);
    return { kind: 'union', branches: type.map(branchName) };
  }
  if (!isJsonObject(type))
    throw new InputError('PARQUET_SCHEMA', `not an Avro type: ${JSON.stringify(type)}`);
  const ns = typeof type.namespace === 'string' ? type.namespace : namespace;
  const name = typeof type.name === 'string' ? type.name : '';
  const full = name.includes('.') || !ns ? name : `${ns}.${name}`;
  if (name && ['record', 'error', 'enum', 'fixed'].includes(String(type.type))) {
    named.set(full, type);
    named.set(name, type);
  }
  const logical = typeof type.logicalType === 'string' ? type.logicalType : undefined;
  if (logical === 'decimal' && typeof type.precision === 'number')
    return {
      kind: 'decimal',
      precision: type.precision,
      scale: typeof type.scale === 'number' ? type.scale : 0,
    };
  if (logical && LOGICAL.has(logical)) return { kind: logical as 'date' };
  switch (type.type) {
    case 'record':
    case 'error': {
      const fields = Array.isArray(type.fields) ? type.fields.filter(isJsonObject) : [];
      return {
        kind: 'record',
        name: full,
        fields: fields.map((f) => ({
          name: String(f.name),
          node: avroNode(f.type, named, ns, [...stack, full]),
        })),
      };
    }
    case 'enum':
      return { kind: 'enum' };
    case 'fixed':
      return { kind: 'fixed' };
    case 'array':
      return { kind: 'array', items: avroNode(type.items, named, ns, stack) };
    case 'map':
      return { kind: 'map', values: avroNode(type.values, named, ns, stack) };
    default:
      return avroNode(type.type, named, ns, stack);
  }
};

/** The DuckDB column type of a node, as SQL. */
export const duckDbType = (node: AvroNode): string => {
  switch (node.kind) {
    case 'boolean':
      return 'BOOLEAN';
    case 'int':
      return 'INTEGER';
    case 'long':
      return 'BIGINT';
    case 'float':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'string':
    case 'enum':
    case 'uuid':
    case 'union':
    case 'null':
      return 'VARCHAR';
    case 'bytes':
    case 'fixed':
      return 'BLOB';
    case 'date':
      return 'DATE';
    case 'time-millis':
    case 'time-micros':
      return 'TIME';
    case 'timestamp-millis':
    case 'timestamp-micros':
      return 'TIMESTAMPTZ';
    case 'local-timestamp-millis':
    case 'local-timestamp-micros':
      return 'TIMESTAMP';
    case 'decimal':
      return node.precision <= 38 ? `DECIMAL(${node.precision}, ${node.scale})` : 'DOUBLE';
    case 'record':
      return `STRUCT(${node.fields.map((f) => `${quoteIdentifier(f.name)} ${duckDbType(f.node)}`).join(', ')})`;
    case 'array':
      return `${duckDbType(node.items)}[]`;
    case 'map':
      return `MAP(VARCHAR, ${duckDbType(node.values)})`;
    case 'nullable':
      return duckDbType(node.inner);
  }
};

const DAY_MS = 86_400_000;

const epochMs = (value: unknown, where: string): number => {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  throw new InputError(
    'PARQUET_VALUE',
    `${where}: ${JSON.stringify(String(value))} is not a timestamp`,
  );
};

const toBigInt = (value: unknown, where: string): bigint => {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new InputError('PARQUET_VALUE', `${where}: ${JSON.stringify(value)} is not a whole number`);
};

const unscaledDecimal = (value: unknown, scale: number, where: string): bigint => {
  if (value instanceof Uint8Array) {
    // Avro's binary decimal: big-endian two's complement.
    let n = 0n;
    for (const b of value) n = (n << 8n) | BigInt(b);
    if (value.length > 0 && (value[0]! & 0x80) !== 0) n -= 1n << BigInt(value.length * 8);
    return n;
  }
  const text = typeof value === 'number' ? value.toFixed(scale) : String(value);
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m)
    throw new InputError('PARQUET_VALUE', `${where}: ${JSON.stringify(value)} is not a decimal`);
  const frac = (m[3] ?? '').padEnd(scale, '0').slice(0, scale);
  const n = BigInt(`${m[2]}${frac}`);
  return m[1] === '-' ? -n : n;
};

/** A JS value (as avsc or JSON gives it) as the DuckDB value of its node. */
export const toDuckDbValue = (node: AvroNode, value: unknown, where: string): DuckDBValue => {
  if (value === null || value === undefined) return null;
  switch (node.kind) {
    case 'null':
      return null;
    case 'boolean':
      return Boolean(value);
    case 'int':
    case 'float':
    case 'double':
      return Number(value);
    case 'long':
      return toBigInt(value, where);
    case 'string':
    case 'enum':
    case 'uuid':
      return String(value);
    case 'union':
      return JSON.stringify(value);
    case 'bytes':
    case 'fixed':
      return blobValue(value instanceof Uint8Array ? value : Buffer.from(String(value), 'latin1'));
    case 'date':
      return dateValue(
        typeof value === 'number'
          ? value
          : Math.floor(
              epochMs(
                typeof value === 'string' ? `${value.slice(0, 10)}T00:00:00Z` : value,
                where,
              ) / DAY_MS,
            ),
      );
    case 'time-millis':
      return timeValue(BigInt(Math.round(Number(value) * 1000)));
    case 'time-micros':
      return timeValue(toBigInt(value, where));
    case 'timestamp-millis':
      return timestampTZValue(BigInt(Math.round(epochMs(value, where) * 1000)));
    case 'timestamp-micros':
      return timestampTZValue(
        typeof value === 'string' || value instanceof Date
          ? BigInt(epochMs(value, where)) * 1000n
          : toBigInt(value, where),
      );
    case 'local-timestamp-millis':
      return timestampValue(BigInt(Math.round(epochMs(value, where) * 1000)));
    case 'local-timestamp-micros':
      return timestampValue(
        typeof value === 'string' || value instanceof Date
          ? BigInt(epochMs(value, where)) * 1000n
          : toBigInt(value, where),
      );
    case 'decimal':
      if (node.precision > 38) return Number(value);
      return decimalValue(unscaledDecimal(value, node.scale, where), node.precision, node.scale);
    case 'record': {
      if (!isJsonObject(value))
        throw new InputError('PARQUET_VALUE', `${where}: expected a record, got ${typeof value}`);
      const entries: Record<string, DuckDBValue> = {};
      for (const f of node.fields)
        entries[f.name] = toDuckDbValue(f.node, value[f.name], `${where}.${f.name}`);
      return structValue(entries);
    }
    case 'array':
      if (!Array.isArray(value))
        throw new InputError('PARQUET_VALUE', `${where}: expected an array`);
      return listValue(value.map((v, i) => toDuckDbValue(node.items, v, `${where}[${i}]`)));
    case 'map':
      if (!isJsonObject(value)) throw new InputError('PARQUET_VALUE', `${where}: expected a map`);
      return mapValue(
        Object.entries(value).map(([key, v]) => ({
          key,
          value: toDuckDbValue(node.values, v, `${where}.${key}`),
        })),
      );
    case 'nullable': {
      // Avro's JSON encoding wraps union values: {"string": "x"}.
      const wrapped =
        isJsonObject(value) && Object.keys(value).length === 1 && node.branch in value;
      return toDuckDbValue(node.inner, wrapped ? value[node.branch] : value, where);
    }
  }
};
