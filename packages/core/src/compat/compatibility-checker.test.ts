import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { COMPATIBILITY_LEVELS, type CompatibilityLevel } from '../model/descriptor.js';
import {
  canonicalForm,
  checkCompatibility,
  checkLevel,
  createCompatibilityChecker,
  createVerdictCache,
  fingerprint,
} from './compatibility-checker.js';
import { parseAvroSchema } from './parse-avro-schema.js';

const record = (fields: unknown[]): unknown => ({
  type: 'record',
  name: 'Order',
  namespace: 'sales',
  fields,
});
const id = { name: 'id', type: 'string' };

// v0 has `a: int`, v1 drops it, the candidate brings it back as a string with a default: fine
// against the latest version, a type change against the oldest.
const v0 = record([id, { name: 'a', type: 'int' }]);
const v1 = record([id]);
const candidate = record([id, { name: 'a', type: 'string', default: '' }]);

const verdicts = (existing: unknown[], next: unknown): Record<CompatibilityLevel, boolean> =>
  Object.fromEntries(
    COMPATIBILITY_LEVELS.map((level) => [level, checkLevel(level, existing, next).compatible]),
  ) as Record<CompatibilityLevel, boolean>;

describe('checkLevel', () => {
  it('checks the plain levels against the latest version only and *_TRANSITIVE against all', () => {
    expect(verdicts([v0, v1], candidate)).toEqual({
      NONE: true,
      BACKWARD: true,
      BACKWARD_TRANSITIVE: false,
      FORWARD: true,
      FORWARD_TRANSITIVE: false,
      FULL: true,
      FULL_TRANSITIVE: false,
    });
  });

  it('BACKWARD: the candidate reads the latest; FORWARD: the latest reads the candidate', () => {
    const addsRequired = record([id, { name: 'channel', type: 'string' }]);
    expect(verdicts([v1], addsRequired)).toEqual({
      NONE: true,
      BACKWARD: false,
      BACKWARD_TRANSITIVE: false,
      FORWARD: true,
      FORWARD_TRANSITIVE: true,
      FULL: false,
      FULL_TRANSITIVE: false,
    });
    const dropsRequired = record([]);
    expect(verdicts([v1], dropsRequired)).toMatchObject({
      BACKWARD: true,
      FORWARD: false,
      FULL: false,
    });
  });

  it('reports each check made, newest version first, backward before forward', () => {
    const result = checkLevel('FULL_TRANSITIVE', [v0, v1], candidate);
    expect(result.level).toBe('FULL_TRANSITIVE');
    expect(result.results.map((r) => [r.againstVersionIndex, r.direction, r.compatible])).toEqual([
      [1, 'backward', true],
      [1, 'forward', true],
      [0, 'backward', false],
      [0, 'forward', false],
    ]);
    expect(result.results[2]?.incompatibilities).toEqual([
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/1/type',
        message: 'reader type: STRING not compatible with writer type: INT',
        ruleId: 'type-changed',
      },
    ]);
    expect(result.results[3]?.incompatibilities).toEqual([
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/1/type',
        message: 'reader type: INT not compatible with writer type: STRING',
        ruleId: 'type-changed',
      },
    ]);
  });

  it('passes any candidate when there is no existing version or the level is NONE', () => {
    for (const level of COMPATIBILITY_LEVELS) {
      expect(checkLevel(level, [], candidate)).toEqual({ compatible: true, level, results: [] });
    }
    expect(checkLevel('NONE', [v0], 'int')).toEqual({
      compatible: true,
      level: 'NONE',
      results: [],
    });
  });

  it('rejects an unknown level and a non-array history with InputErrors', () => {
    expect(() => checkLevel('SIDEWAYS' as CompatibilityLevel, [v0], v1)).toThrow(
      /compatibility level "SIDEWAYS" is not one of NONE, BACKWARD/,
    );
    expect(() => checkLevel('BACKWARD', v0 as unknown as unknown[], v1)).toThrow(
      /must be an array/,
    );
  });

  it('names the bad version when an existing schema is invalid', () => {
    expect(() => checkLevel('BACKWARD_TRANSITIVE', ['nope', v1], v1)).toThrow(
      /^existing version 0 schema is not a valid/,
    );
  });
});

describe('createCompatibilityChecker', () => {
  it('checks each distinct pair once across thousands of versions', () => {
    const checker = createCompatibilityChecker({ cache: createVerdictCache() });
    // 2,000 versions, only two distinct schemas (one written with other whitespace and a doc).
    const existing = Array.from({ length: 2_000 }, (_, i) =>
      i % 2 ? JSON.stringify(v1) : { ...(v1 as object), doc: `version ${i}` },
    );
    const result = checker.checkLevel('FULL_TRANSITIVE', existing, candidate);
    expect(result.compatible).toBe(true);
    expect(result.results).toHaveLength(4_000);
    expect(checker.stats()).toEqual({ hits: 3_998, misses: 2 });
  });

  it('keeps verdicts apart when schemas differ only in what the canonical form drops', () => {
    const checker = createCompatibilityChecker();
    const withDefault = record([id, { name: 'n', type: 'int', default: 0 }]);
    const withoutDefault = record([id, { name: 'n', type: 'int' }]);
    expect(canonicalForm(withDefault)).toBe(canonicalForm(withoutDefault));
    expect(checker.checkCompatibility(withDefault, v1).compatible).toBe(true);
    expect(checker.checkCompatibility(withoutDefault, v1).compatible).toBe(false);
    expect(checker.stats()).toEqual({ hits: 0, misses: 2 });
  });

  it('accepts parsed models and rejects unknown opt-in rules', () => {
    const parsed = parseAvroSchema(v1);
    if (!parsed.ok) throw new Error('fixture must parse');
    expect(createCompatibilityChecker().checkCompatibility(parsed.value, v0).compatible).toBe(true);
    expect(() => createCompatibilityChecker({ optIn: ['type-changed'] })).toThrow(
      /"type-changed" is not an opt-in compatibility rule; use one of: decimal-precision-scale-changed/,
    );
  });

  it('attaches reader and writer fragments on request', () => {
    const [item] = checkCompatibility(
      { type: 'enum', name: 'E', symbols: ['A'] },
      { type: 'enum', name: 'E', symbols: ['A', 'B'] },
      {
        fragments: true,
      },
    ).incompatibilities;
    expect(item?.readerFragment).toEqual({ name: 'E', type: 'enum', symbols: ['A'] });
    expect(item?.writerFragment).toEqual({ name: 'E', type: 'enum', symbols: ['A', 'B'] });
  });
});

describe('recursive and repeated named types', () => {
  const list = (head: string): unknown => ({
    type: 'record',
    name: 'List',
    fields: [
      { name: 'head', type: head },
      { name: 'tail', type: ['null', 'List'] },
    ],
  });

  it('treats a pair met again while being checked as compatible, as Java does', () => {
    expect(checkCompatibility(list('long'), list('int')).compatible).toBe(true);
    expect(checkCompatibility(list('int'), list('long')).incompatibilities).toEqual([
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/0/type',
        message: 'reader type: INT not compatible with writer type: LONG',
        ruleId: 'type-narrowed',
      },
    ]);
  });

  it('reuses the verdict of a named pair with the location of its first check, as Java does', () => {
    const money = (t: string): unknown => ({
      type: 'record',
      name: 'Money',
      fields: [{ name: 'units', type: t }],
    });
    const twice = (t: string): unknown =>
      record([
        { name: 'price', type: money(t) },
        { name: 'tax', type: 'Money' },
      ]);
    expect(
      checkCompatibility(twice('int'), twice('long')).incompatibilities.map((i) => i.location),
    ).toEqual(['/fields/0/type/fields/0/type', '/fields/0/type/fields/0/type']);
  });

  it('compares a reader field enum with a default against the writer record when the field is missing (Java quirk)', () => {
    const reader = record([
      { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A'], default: 'A' } },
    ]);
    expect(checkCompatibility(reader, v1).incompatibilities).toEqual([
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/0/type',
        message: 'reader type: ENUM not compatible with writer type: RECORD',
        ruleId: 'type-changed',
      },
    ]);
  });

  it('throws AVRO_AMBIGUOUS_FIELD when a reader field matches two writer fields, as Java does', () => {
    const reader = record([{ name: 'a', aliases: ['b'], type: 'int', default: 0 }]);
    const writer = record([
      { name: 'a', type: 'int' },
      { name: 'b', type: 'int' },
    ]);
    expect(() => checkCompatibility(reader, writer)).toThrow(
      /reader field "a" of record "sales.Order" at \/fields\/0 matches 2 writer fields/,
    );
  });
});

describe('canonicalForm and fingerprint', () => {
  const schemas: unknown[] = [
    'int',
    { type: 'string', logicalType: 'uuid' },
    ['null', { type: 'array', items: { type: 'map', values: 'long' } }],
    {
      type: 'record',
      name: 'Order',
      namespace: 'sales',
      doc: 'dropped',
      aliases: ['Purchase'],
      fields: [
        { name: 'id', type: { type: 'fixed', name: 'Id', size: 16 }, doc: 'dropped' },
        { name: 'copy', type: 'Id', default: '0123456789abcdef' },
        {
          name: 'status',
          type: {
            type: 'enum',
            name: 'Status',
            namespace: 'common',
            symbols: ['A', 'B'],
            default: 'A',
          },
        },
        { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
        { name: 'next', type: ['null', 'Order'], default: null },
      ],
    },
  ];

  it('writes the Parsing Canonical Form as avsc does', () => {
    for (const schema of schemas) {
      expect(canonicalForm(schema)).toBe(
        JSON.stringify(avro.Type.forSchema(schema as avro.Schema).schema()),
      );
    }
    expect(canonicalForm(schemas[3])).toBe(
      '{"name":"sales.Order","type":"record","fields":[{"name":"id","type":{"name":"sales.Id","type":"fixed","size":16}},{"name":"copy","type":"sales.Id"},{"name":"status","type":{"name":"common.Status","type":"enum","symbols":["A","B"]}},{"name":"amount","type":"bytes"},{"name":"next","type":["null","sales.Order"]}]}',
    );
  });

  it('fingerprints with SHA-256 of the canonical form, as avsc does', () => {
    for (const schema of schemas) {
      expect(fingerprint(schema)).toBe(
        avro.Type.forSchema(schema as avro.Schema)
          .fingerprint('sha256')
          .toString('hex'),
      );
    }
    expect(fingerprint('"int"')).toBe(fingerprint({ type: 'int' }));
  });
});
