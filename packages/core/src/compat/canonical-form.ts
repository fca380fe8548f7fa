import type { AvroField, AvroNode } from './avro-model.js';

/**
 * How much of a schema to write:
 * - `canonical`: Avro's Parsing Canonical Form (spec, "Transforming into Parsing Canonical Form"):
 *   full names, only name/type/fields/symbols/items/values/size, in that order, no whitespace;
 * - `compat`: the canonical form plus everything Java's compatibility check reads besides it
 *   (type and field aliases, field defaults, enum defaults) and decimal logical types, so that two
 *   schemas with the same `compat` form always get the same verdict (the verdict cache key);
 * - `full`: the same as `compat` plus field order, written for people (incompatibility fragments);
 * - `equality`: what Java's `Schema.equals` compares (no docs, aliases or enum defaults; field
 *   defaults, order and properties in),
 *   to tell an identical redefinition of a named type from a conflicting one.
 */
export type SchemaWriteMode = 'canonical' | 'compat' | 'full' | 'equality';

const str = (value: string): string => JSON.stringify(value);

/** JSON with object keys sorted, so that equal properties write equal text. */
const stable = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${str(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

/** Writes a schema node as JSON text. Iterative, so deep schemas cannot overflow the stack. */
export const writeSchema = (root: AvroNode, mode: SchemaWriteMode = 'canonical'): string => {
  const extended = mode !== 'canonical';
  const seen = new Set<string>();
  let out = '';
  const work: (string | AvroNode)[] = [root];
  const logical = (node: AvroNode): string => {
    if (mode === 'equality') return node.props ? `,"props":${stable(node.props)}` : '';
    if (!extended || node.logicalType === undefined) return '';
    let text = `,"logicalType":${str(node.logicalType)}`;
    if (node.precision !== undefined) text += `,"precision":${node.precision}`;
    if (node.scale !== undefined) text += `,"scale":${node.scale}`;
    return text;
  };
  const withOrder = mode === 'full' || mode === 'equality';
  const aliases = (list: readonly string[]): string =>
    extended && mode !== 'equality' && list.length > 0
      ? `,"aliases":${JSON.stringify([...list].sort())}`
      : '';
  const field = (f: AvroField, index: number): (string | AvroNode)[] => {
    let tail = aliases(f.aliases);
    if (extended && f.hasDefault) tail += `,"default":${JSON.stringify(f.default) ?? 'null'}`;
    if (withOrder && f.order !== undefined && f.order !== 'ascending')
      tail += `,"order":"${f.order}"`;
    if (mode === 'equality' && f.props) tail += `,"props":${stable(f.props)}`;
    return [`${index > 0 ? ',' : ''}{"name":${str(f.name)},"type":`, f.type, `${tail}}`];
  };
  while (work.length > 0) {
    const item = work.pop() as string | AvroNode;
    if (typeof item === 'string') {
      out += item;
      continue;
    }
    const node = item;
    switch (node.type) {
      case 'record':
      case 'enum':
      case 'fixed': {
        if (seen.has(node.fullName)) {
          out += str(node.fullName);
          continue;
        }
        seen.add(node.fullName);
        if (node.type === 'record') {
          out += `{"name":${str(node.fullName)},"type":"record","fields":[`;
          const parts: (string | AvroNode)[] = [];
          node.fields.forEach((f, i) => parts.push(...field(f, i)));
          parts.push(`]${aliases(node.aliases)}${logical(node)}}`);
          for (let i = parts.length - 1; i >= 0; i--) work.push(parts[i] as string | AvroNode);
        } else if (node.type === 'enum') {
          const dflt =
            extended && mode !== 'equality' && node.default !== undefined
              ? `,"default":${str(node.default)}`
              : '';
          out += `{"name":${str(node.fullName)},"type":"enum","symbols":${JSON.stringify(node.symbols)}${dflt}${aliases(node.aliases)}${logical(node)}}`;
        } else {
          out += `{"name":${str(node.fullName)},"type":"fixed","size":${node.size}${aliases(node.aliases)}${logical(node)}}`;
        }
        continue;
      }
      case 'array':
        out += '{"type":"array","items":';
        work.push(`${logical(node)}}`, node.items);
        continue;
      case 'map':
        out += '{"type":"map","values":';
        work.push(`${logical(node)}}`, node.values);
        continue;
      case 'union': {
        out += '[';
        work.push(']');
        for (let i = node.branches.length - 1; i >= 0; i--) {
          work.push(node.branches[i] as AvroNode);
          if (i > 0) work.push(',');
        }
        continue;
      }
      case 'null':
      case 'boolean':
      case 'int':
      case 'long':
      case 'float':
      case 'double':
      case 'bytes':
      case 'string': {
        const extra = logical(node);
        out += extra === '' ? str(node.type) : `{"type":${str(node.type)}${extra}}`;
      }
    }
  }
  return out;
};
