import { isJsonObject } from '../model/json.js';
import { AVRO_PRIMITIVE_TYPES } from '../compat/avro-model.js';

const PRIMITIVES = AVRO_PRIMITIVE_TYPES;
const MAX_DEPTH = 2_000;

type Json = Record<string, unknown>;

/** The full name a named schema declares: `namespace.name`, or `name` when it has dots. */
export const fullNameOf = (schema: unknown, enclosing = ''): string | undefined => {
  if (!isJsonObject(schema) || typeof schema.name !== 'string') return undefined;
  if (schema.name.includes('.')) return schema.name;
  const ns = typeof schema.namespace === 'string' ? schema.namespace : enclosing;
  return ns ? `${ns}.${schema.name}` : schema.name;
};

/**
 * Writes shared named types (e.g. `meshkit.common.Money` from contracts/avro/) into a schema at
 * their first reference, as plain JSON, so any Avro reader can parse it on its own. A type the
 * schema defines itself is never replaced. Much cheaper than building avsc types, which matters
 * when a gate reads thousands of historical versions. Copy on write: only the objects on the way
 * to a written-in type are new; everything else is shared with `schema`, which must therefore
 * not be changed afterwards (schemas are treated as immutable throughout).
 */
export const inlineNamedTypes = (schema: unknown, named: ReadonlyMap<string, unknown>): unknown => {
  if (named.size === 0) return schema;
  const defined = new Set<string>();
  const visit = (node: unknown, ns: string, depth: number): unknown => {
    if (depth > MAX_DEPTH) return node;
    if (typeof node === 'string') {
      if (PRIMITIVES.has(node)) return node;
      const full = node.includes('.') ? node : ns ? `${ns}.${node}` : node;
      for (const name of [full, node]) {
        if (defined.has(name)) return node;
        const shared = named.get(name);
        if (shared !== undefined) {
          defined.add(name);
          return visit(structuredClone(shared), '', depth + 1);
        }
      }
      return node;
    }
    if (Array.isArray(node)) return mapShared(node, (branch) => visit(branch, ns, depth + 1));
    if (!isJsonObject(node)) return node;
    let out: Json | undefined;
    const set = (key: string, value: unknown) => {
      if (value === node[key]) return;
      out ??= { ...node };
      out[key] = value;
    };
    const type = node.type;
    let inner = ns;
    if (
      (type === 'record' || type === 'error' || type === 'enum' || type === 'fixed') &&
      typeof node.name === 'string'
    ) {
      const full = fullNameOf(node, ns);
      if (full) {
        defined.add(full);
        inner = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : '';
      }
    }
    if (type === 'record' || type === 'error') {
      if (Array.isArray(node.fields))
        set(
          'fields',
          mapShared(node.fields, (f) => {
            if (!isJsonObject(f)) return f;
            const t = visit(f.type, inner, depth + 1);
            return t === f.type ? f : { ...f, type: t };
          }),
        );
    } else if (type === 'array') set('items', visit(node.items, ns, depth + 1));
    else if (type === 'map') set('values', visit(node.values, ns, depth + 1));
    else if (typeof type === 'string' || Array.isArray(type) || isJsonObject(type)) {
      if (!['enum', 'fixed'].includes(type as string)) set('type', visit(type, ns, depth + 1));
    }
    return out ?? node;
  };
  return visit(schema, '', 0);
};

/** `items.map(fn)`, or `items` itself when `fn` changed none of them. */
const mapShared = (items: readonly unknown[], fn: (item: unknown) => unknown): unknown[] => {
  let out: unknown[] | undefined;
  items.forEach((item, i) => {
    const mapped = fn(item);
    if (mapped !== item) (out ??= items.slice())[i] = mapped;
  });
  return out ?? (items as unknown[]);
};
