import { AVRO_PRIMITIVE_TYPES, isJsonObject } from '@meshkit/core';

/**
 * The form two schemas are compared in to decide whether they are "the same schema" (one id,
 * one version). It follows Avro's Parsing Canonical Form (full names, no `namespace`, primitive
 * shorthand, fixed key order, no whitespace) but keeps the attributes PCF strips that change what
 * a schema means or says: `default`, `order`, `aliases`, `doc`, logical types and other
 * properties. Otherwise registering a schema whose only change is a new default would return the
 * old id and the new default would never be stored. Confluent's registry behaves the same way.
 */
const PRIMITIVES = AVRO_PRIMITIVE_TYPES;
const NAMED = new Set(['record', 'error', 'enum', 'fixed']);
const FIRST_KEYS = ['name', 'type', 'fields', 'symbols', 'items', 'values', 'size'];

/** JSON with object keys sorted, for attribute values such as defaults. */
export const stableJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isJsonObject(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
};

const fullName = (name: string, namespace: string | undefined): string =>
  name.includes('.') || !namespace ? name : `${namespace}.${name}`;

const namespaceOf = (full: string): string | undefined => {
  const i = full.lastIndexOf('.');
  return i === -1 ? undefined : full.slice(0, i);
};

const canon = (schema: unknown, namespace: string | undefined): string => {
  if (typeof schema === 'string')
    return JSON.stringify(PRIMITIVES.has(schema) ? schema : fullName(schema, namespace));
  if (Array.isArray(schema)) return `[${schema.map((s) => canon(s, namespace)).join(',')}]`;
  if (!isJsonObject(schema)) return stableJson(schema);
  const type = schema.type;
  const rest = Object.keys(schema).filter((k) => k !== 'type' && k !== 'namespace');
  if (typeof type === 'string' && PRIMITIVES.has(type) && rest.length === 0)
    return JSON.stringify(type);
  if (typeof type !== 'string')
    return `{"type":${canon(type, namespace)}${tail(schema, rest, ['type'])}}`;
  let innerNs = namespace;
  const parts: string[] = [];
  if (NAMED.has(type) && typeof schema.name === 'string') {
    const ns = typeof schema.namespace === 'string' ? schema.namespace : namespace;
    const full = fullName(schema.name, ns);
    innerNs = namespaceOf(full);
    parts.push(`"name":${JSON.stringify(full)}`);
  }
  parts.push(`"type":${JSON.stringify(type)}`);
  if (Array.isArray(schema.fields))
    parts.push(`"fields":[${schema.fields.map((f) => canonField(f, innerNs)).join(',')}]`);
  if (schema.symbols !== undefined) parts.push(`"symbols":${stableJson(schema.symbols)}`);
  if (schema.items !== undefined) parts.push(`"items":${canon(schema.items, innerNs)}`);
  if (schema.values !== undefined) parts.push(`"values":${canon(schema.values, innerNs)}`);
  if (schema.size !== undefined) parts.push(`"size":${stableJson(schema.size)}`);
  return `{${parts.join(',')}${tail(schema, rest, FIRST_KEYS)}}`;
};

const canonField = (field: unknown, namespace: string | undefined): string => {
  if (!isJsonObject(field)) return stableJson(field);
  const keys = Object.keys(field).filter((k) => k !== 'name' && k !== 'type');
  return `{"name":${JSON.stringify(field.name)},"type":${canon(field.type, namespace)}${tail(field, keys, [])}}`;
};

const tail = (obj: Record<string, unknown>, keys: string[], skip: string[]): string =>
  keys
    .filter((k) => !skip.includes(k) && obj[k] !== undefined)
    .sort()
    .map((k) => `,${JSON.stringify(k)}:${stableJson(obj[k])}`)
    .join('');

export const registryCanonicalForm = (schema: unknown): string => canon(schema, undefined);
