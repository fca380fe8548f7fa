import avro from 'avsc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalForm,
  checkCompatibility,
  createCompatibilityChecker,
  fingerprint,
} from './compatibility-checker.js';
import { getCompatRule } from './rule-registry.js';

// Random record schemas: primitives, nullable unions, enums, fixed, arrays, maps, nested records.
// Names are drawn from small pools so that pairs of schemas often share fields and types.
const primitive = fc.constantFrom(
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
);
let counter = 0;
const schemaArb = fc.letrec<{ type: unknown; record: unknown }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitive,
    fc.tuple(fc.constant('null'), fc.constantFrom('int', 'string', 'long')),
    fc.record({
      type: fc.constant('enum'),
      name: fc.constantFrom('Color', 'Status'),
      symbols: fc.subarray(['A', 'B', 'C', 'D'], { minLength: 1 }),
    }),
    fc.record({
      type: fc.constant('fixed'),
      name: fc.constantFrom('Hash', 'Id'),
      size: fc.constantFrom(4, 8),
    }),
    fc.record({ type: fc.constant('array'), items: tie('type') }),
    fc.record({ type: fc.constant('map'), values: tie('type') }),
    tie('record'),
  ),
  record: fc
    .uniqueArray(
      fc.record({
        name: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
        type: tie('type'),
      }),
      { selector: (f) => f.name, maxLength: 5 },
    )
    .map((fields) => ({
      type: 'record',
      name: `R${counter++}`,
      fields: fields.map(({ name, type }) => ({ name, type })),
    })),
}));

/** Gives each named type one definition: later ones become references (as a real schema would). */
const dedupe = (schema: unknown): unknown => {
  const seen = new Map<string, string>();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const obj = node as Record<string, unknown>;
    if (
      typeof obj['name'] === 'string' &&
      ['record', 'enum', 'fixed'].includes(obj['type'] as string)
    ) {
      const name = obj['name'];
      if (seen.has(name)) return name;
      seen.set(name, name);
    }
    if (obj['type'] === 'record') {
      return {
        ...obj,
        fields: (obj['fields'] as Record<string, unknown>[]).map((f) => ({
          ...f,
          type: walk(f['type']),
        })),
      };
    }
    if (obj['type'] === 'array') return { ...obj, items: walk(obj['items']) };
    if (obj['type'] === 'map') return { ...obj, values: walk(obj['values']) };
    return obj;
  };
  return walk(schema);
};

const schemas = schemaArb.record.map((s) => dedupe({ ...(s as object), name: 'Root' }));

describe('compatibility engine properties', () => {
  it('reads every schema as compatible with itself', () => {
    fc.assert(
      fc.property(schemas, (s) => {
        expect(checkCompatibility(s, s)).toEqual({ compatible: true, incompatibilities: [] });
      }),
      { numRuns: 300, seed: 20261126 },
    );
  });

  it('writes a canonical form that is its own canonical form and fingerprints as avsc does', () => {
    fc.assert(
      fc.property(schemas, (s) => {
        const form = canonicalForm(s);
        expect(canonicalForm(form)).toBe(form);
        expect(fingerprint(s)).toBe(
          avro.Type.forSchema(s as avro.Schema)
            .fingerprint('sha256')
            .toString('hex'),
        );
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('gives the same verdicts with and without the verdict cache, each tagged with a known rule', () => {
    const cached = createCompatibilityChecker();
    fc.assert(
      fc.property(schemas, schemas, (reader, writer) => {
        const plain = checkCompatibility(reader, writer);
        expect(cached.checkCompatibility(reader, writer)).toEqual(plain);
        expect(cached.checkCompatibility(JSON.stringify(reader), JSON.stringify(writer))).toEqual(
          plain,
        );
        expect(plain.compatible).toBe(plain.incompatibilities.length === 0);
        for (const item of plain.incompatibilities) {
          expect(getCompatRule(item.ruleId)?.type).toBe(item.type);
          expect(item.location.startsWith('/')).toBe(true);
        }
      }),
      { numRuns: 300, seed: 42 },
    );
    expect(cached.stats().hits).toBeGreaterThanOrEqual(300);
  });
});
