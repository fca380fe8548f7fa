/**
 * Random near-miss Avro schemas: a valid generated schema with one edit that Avro's Java parser
 * may or may not accept (a default of the wrong type, a duplicate name, an unknown reference, a
 * bad size, a reference Java cannot resolve...). Java decides; the engine must decide the same.
 */
import fc from 'fast-check';
import { randomSchema, rngFrom, toAvro, type Rng } from './schema-evolution.js';

export interface MutationCase {
  id: string;
  schema: unknown;
  mutation: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

interface Found {
  records: JsonObject[];
  fields: { record: JsonObject; field: JsonObject }[];
  enums: JsonObject[];
  fixeds: JsonObject[];
  named: JsonObject[];
  /** Places holding a type: replace `holder[key]`. */
  slots: { holder: JsonObject | Json[]; key: string | number }[];
}

function scan(root: Json): Found {
  const found: Found = { records: [], fields: [], enums: [], fixeds: [], named: [], slots: [] };
  const visit = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach((b, i) => {
        found.slots.push({ holder: node, key: i });
        visit(b);
      });
      return;
    }
    if (!isObject(node)) return;
    switch (node['type']) {
      case 'record':
        found.records.push(node);
        found.named.push(node);
        if (Array.isArray(node['fields'])) {
          for (const field of node['fields']) {
            if (!isObject(field)) continue;
            found.fields.push({ record: node, field });
            found.slots.push({ holder: field, key: 'type' });
            visit(field['type'] ?? null);
          }
        }
        return;
      case 'enum':
        found.enums.push(node);
        found.named.push(node);
        return;
      case 'fixed':
        found.fixeds.push(node);
        found.named.push(node);
        return;
      case 'array':
        found.slots.push({ holder: node, key: 'items' });
        visit(node['items'] ?? null);
        return;
      case 'map':
        found.slots.push({ holder: node, key: 'values' });
        visit(node['values'] ?? null);
        return;
      default:
        return;
    }
  };
  visit(root);
  return found;
}

type Mutation = (rng: Rng, root: { schema: Json }, found: Found) => string | undefined;

const WRONG_VALUES: readonly Json[] = [
  'text',
  7,
  1.5,
  3000000000,
  -1,
  true,
  null,
  [],
  {},
  [1],
  { a: 1 },
  '\u0100',
  'NaN',
  'Infinity',
  '',
  'xx',
  9007199254740991,
];

const BAD_NAMES = ['1abc', 'a-b', '', 'a b', 'ñame', '_ok', 'A1', 'int', 'record', 'a.b', '.a'];

const MUTATIONS: readonly (readonly [number, Mutation])[] = [
  [
    14,
    (rng, _root, found) => {
      if (found.fields.length === 0) return undefined;
      const { field } = rng.pick(found.fields);
      const value = rng.pick(WRONG_VALUES);
      field['default'] = value;
      return `default ${JSON.stringify(value)} @ ${String(field['name'])}`;
    },
  ],
  [
    3,
    (rng, _root, found) => {
      const withFields = found.records.filter(
        (r) => Array.isArray(r['fields']) && r['fields'].length > 0,
      );
      if (withFields.length === 0) return undefined;
      const record = rng.pick(withFields);
      const fields = record['fields'] as Json[];
      const copy = structuredClone(rng.pick(fields));
      fields.push(copy);
      return `duplicate-field @ ${String(record['name'])}`;
    },
  ],
  [
    3,
    (rng, _root, found) => {
      if (found.enums.length === 0) return undefined;
      const e = rng.pick(found.enums);
      const symbols = e['symbols'] as Json[];
      const how = rng.pick([
        'duplicate-symbol',
        'default-not-a-symbol',
        'no-symbols',
        'bad-symbol',
      ]);
      if (how === 'duplicate-symbol') symbols.push(symbols[0] ?? 'A');
      else if (how === 'default-not-a-symbol') e['default'] = 'NOT_A_SYMBOL';
      else if (how === 'no-symbols') e['symbols'] = [];
      else symbols.push(rng.pick(BAD_NAMES));
      return `enum-${how} @ ${String(e['name'])}`;
    },
  ],
  [
    5,
    (rng, _root, found) => {
      if (found.named.length === 0 && found.fields.length === 0) return undefined;
      const bad = rng.pick(BAD_NAMES);
      if (found.fields.length > 0 && rng.bool()) {
        const { field } = rng.pick(found.fields);
        field['name'] = bad;
        return `field-name ${JSON.stringify(bad)}`;
      }
      if (found.named.length === 0) return undefined;
      const named = rng.pick(found.named);
      const where = rng.pick(['name', 'namespace', 'aliases'] as const);
      if (where === 'aliases') named['aliases'] = [bad];
      else named[where] = bad;
      return `type-${where} ${JSON.stringify(bad)} @ ${String(named['name'])}`;
    },
  ],
  [
    4,
    (rng, _root, found) => {
      if (found.slots.length === 0) return undefined;
      const slot = rng.pick(found.slots);
      const name = rng.pick(['Nope', 'integer', 'com.acme.Missing', 'String', 'Null']);
      (slot.holder as Record<string | number, Json>)[slot.key] = name;
      return `unknown-type ${name}`;
    },
  ],
  [
    4,
    (rng, _root, found) => {
      // Redefine a named type elsewhere, or use it by name before its definition.
      if (found.named.length === 0 || found.slots.length === 0) return undefined;
      const named = rng.pick(found.named);
      const slot = rng.pick(found.slots);
      const forward = rng.bool();
      const fullName =
        typeof named['namespace'] === 'string' && named['namespace'] !== ''
          ? `${named['namespace']}.${String(named['name'])}`
          : String(named['name']);
      (slot.holder as Record<string | number, Json>)[slot.key] = forward
        ? fullName
        : structuredClone(named);
      return `${forward ? 'reference' : 'redefine'} @ ${fullName}`;
    },
  ],
  [
    4,
    (rng, _root, found) => {
      // Redefine a named type with one difference: Java compares the two with Schema.equals.
      if (found.named.length === 0 || found.slots.length === 0) return undefined;
      const named = rng.pick(found.named);
      const copy = structuredClone(named);
      const fields = Array.isArray(copy['fields']) ? copy['fields'] : [];
      const first = fields.find(isObject);
      const symbols = Array.isArray(copy['symbols']) ? copy['symbols'] : [];
      const tweaks: [string, () => void][] = [
        ['doc', () => (copy['doc'] = 'Changed.')],
        ['aliases', () => (copy['aliases'] = ['Zed'])],
        ['prop', () => (copy['x-owner'] = 'someone-else')],
      ];
      if (copy['type'] === 'enum' && symbols.length > 1) {
        tweaks.push([
          'enum-default',
          () => (copy['default'] = symbols[symbols.length - 1] ?? null),
        ]);
        tweaks.push(['symbol-order', () => symbols.reverse()]);
      }
      if (copy['type'] === 'fixed' && typeof copy['size'] === 'number') {
        tweaks.push(['size', () => (copy['size'] = (copy['size'] as number) + 1)]);
      }
      if (first) {
        tweaks.push(['field-doc', () => (first['doc'] = 'Changed.')]);
        tweaks.push(['field-alias', () => (first['aliases'] = ['zed'])]);
        tweaks.push(['field-prop', () => (first['x-owner'] = 'someone-else')]);
        tweaks.push(['field-order', () => (first['order'] = 'descending')]);
        if ('default' in first) tweaks.push(['field-no-default', () => delete first['default']]);
      }
      const [tweak, apply] = rng.pick(tweaks);
      apply();
      const slot = rng.pick(found.slots);
      (slot.holder as Record<string | number, Json>)[slot.key] = copy;
      return `redefine-${tweak} @ ${String(named['name'])}`;
    },
  ],
  [
    4,
    (rng, _root, found) => {
      if (found.slots.length === 0) return undefined;
      const slot = rng.pick(found.slots);
      const union = rng.pick<Json>([
        ['int', 'int'],
        ['null', ['null', 'int']],
        [
          { type: 'array', items: 'int' },
          { type: 'array', items: 'string' },
        ],
        [{ type: 'map', values: 'int' }, 'string', { type: 'map', values: 'long' }],
        ['string', { type: 'string', logicalType: 'uuid' }],
        [],
        [
          { type: 'enum', name: 'E1', symbols: ['A'] },
          { type: 'enum', name: 'E2', symbols: ['A'] },
        ],
      ]);
      (slot.holder as Record<string | number, Json>)[slot.key] = union;
      return `union ${JSON.stringify(union)}`;
    },
  ],
  [
    3,
    (rng, _root, found) => {
      if (found.fixeds.length === 0) return undefined;
      const f = rng.pick(found.fixeds);
      const size = rng.pick<Json>([-1, 0, '8', 1.5, null, 2147483648]);
      if (size === null) delete f['size'];
      else f['size'] = size;
      return `fixed-size ${JSON.stringify(size)}`;
    },
  ],
  [
    4,
    (rng, root, found) => {
      const choices: (() => string | undefined)[] = [
        () => {
          const r = found.records[0];
          if (!r) return undefined;
          delete r['fields'];
          return 'record without fields';
        },
        () => {
          const r = found.records[0];
          if (!r) return undefined;
          r['fields'] = {};
          return 'fields not an array';
        },
        () => {
          const e = found.enums[0];
          if (!e) return undefined;
          delete e['symbols'];
          return 'enum without symbols';
        },
        () => {
          const hit = found.fields[0];
          if (!hit) return undefined;
          delete hit.field['type'];
          return 'field without type';
        },
        () => {
          const hit = found.fields[0];
          if (!hit) return undefined;
          delete hit.field['name'];
          return 'field without name';
        },
        () => {
          const n = found.named[0];
          if (!n) return undefined;
          delete n['name'];
          return 'named type without name';
        },
        () => {
          root.schema = { type: 'array' };
          return 'array without items';
        },
        () => {
          root.schema = { type: 'map', values: { type: 'int' } };
          return 'map of object-form int';
        },
        () => {
          root.schema = { type: { type: 'int' } };
          return 'type given as an object';
        },
        () => {
          const hit = found.fields[0];
          if (!hit) return undefined;
          hit.field['order'] = rng.pick(['sideways', 'DESCENDING', 'ascending']);
          return `field-order ${String(hit.field['order'])}`;
        },
      ];
      return rng.pick(choices)();
    },
  ],
  [
    3,
    (rng, _root, found) => {
      // Logical types Java ignores when invalid, and ones it reads.
      if (found.slots.length === 0) return undefined;
      const slot = rng.pick(found.slots);
      const node = rng.pick<Json>([
        { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 6 },
        { type: 'bytes', logicalType: 'decimal', precision: 0 },
        { type: 'bytes', logicalType: 'decimal', scale: 2 },
        { type: 'int', logicalType: 'timestamp-millis' },
        { type: 'string', logicalType: 'no-such-type' },
        { type: 'fixed', name: 'Dec', size: 2, logicalType: 'decimal', precision: 10, scale: 1 },
        { type: 'fixed', name: 'Uid', size: 16, logicalType: 'uuid' },
        { type: 'long', logicalType: 'local-timestamp-nanos' },
      ]);
      (slot.holder as Record<string | number, Json>)[slot.key] = node;
      return `logical ${JSON.stringify(node)}`;
    },
  ],
  [
    4,
    (rng, _root, found) => {
      // A default that names a union's second branch, or a record default missing a field.
      const unions = found.fields.filter(
        ({ field }) => Array.isArray(field['type']) && field['type'].length > 1,
      );
      if (unions.length > 0 && rng.bool()) {
        const { field } = rng.pick(unions);
        const second = (field['type'] as Json[])[1];
        const value: Json =
          second === 'null'
            ? null
            : second === 'string' || second === 'bytes'
              ? 'x'
              : second === 'boolean'
                ? false
                : second === 'int' || second === 'long'
                  ? 1
                  : second === 'float' || second === 'double'
                    ? 0.5
                    : {};
        field['default'] = value;
        return `default-of-second-branch ${JSON.stringify(value)} @ ${String(field['name'])}`;
      }
      const records = found.fields.filter(
        ({ field }) => isObject(field['type']) && field['type']['type'] === 'record',
      );
      if (records.length === 0) return undefined;
      const { field } = rng.pick(records);
      field['default'] = {};
      return `record-default-{} @ ${String(field['name'])}`;
    },
  ],
];

export function buildMutationCase(rng: Rng, id: string): MutationCase {
  const root = { schema: toAvro(randomSchema(rng, 2)) as Json };
  const found = scan(root.schema);
  for (let attempt = 0; attempt < 10; attempt++) {
    const mutation = rng.weighted(MUTATIONS)(rng, root, found);
    if (mutation !== undefined) return { id, schema: root.schema, mutation };
  }
  // Nothing above applies to a lone primitive or a bare enum: give the root an incomplete type.
  const type = rng.pick(['array', 'map', 'enum', 'fixed', 'record', 'error', 'union', 'Nope']);
  return { id, schema: { type, name: 'Root' }, mutation: `root-incomplete ${type}` };
}

class MutationArbitrary extends fc.Arbitrary<MutationCase> {
  private counter = 0;
  generate(mrng: fc.Random): fc.Value<MutationCase> {
    this.counter++;
    return new fc.Value(buildMutationCase(rngFrom(mrng), `schema-${this.counter}`), undefined);
  }
  canShrinkWithoutContext(value: unknown): value is MutationCase {
    void value;
    return false;
  }
  shrink(): fc.Stream<fc.Value<MutationCase>> {
    return fc.Stream.nil();
  }
}

/** Random schemas with one edit each, valid or not: Java's parser is the judge. */
export function mutationCases(): fc.Arbitrary<MutationCase> {
  return new MutationArbitrary();
}
