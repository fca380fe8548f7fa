import avro from 'avsc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evolutionCases,
  historyCases,
  sampleCases,
  type EvolutionCase,
} from './schema-evolution.js';

// avsc is a second, independent parser (the Java oracle is the real judge, in the differential
// test). It refuses empty unions, which Java accepts and the generator makes on purpose.
const avscError = (schema: unknown): string | undefined => {
  try {
    avro.Type.forSchema(schema as avro.Schema, { wrapUnions: true });
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.startsWith('empty union') ? undefined : message;
  }
};

const EVOLUTION_KINDS = [
  'field-add',
  'field-remove',
  'field-rename',
  'field-alias',
  'field-default',
  'field-reorder',
  'type-promote',
  'type-narrow',
  'type-replace',
  'logical-toggle',
  'union-wrap',
  'union-unwrap',
  'union-add-branch',
  'union-remove-branch',
  'union-reorder',
  'nest',
  'unnest',
  'collection-swap',
  'record-wrap-field',
  'enum-add-symbol',
  'enum-remove-symbol',
  'enum-default',
  'enum-reorder',
  'fixed-resize',
  'named-rename',
  'named-namespace',
  'named-alias',
  'props-change',
];

describe('schema-evolution generator', () => {
  it('gives the same cases for the same seed and different ones for another seed', () => {
    const a = sampleCases(evolutionCases(), 7, 50);
    const b = sampleCases(evolutionCases(), 7, 50);
    const c = sampleCases(evolutionCases(), 8, 50);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('writes schemas that avsc also parses', () => {
    fc.assert(
      fc.property(evolutionCases(), (c: EvolutionCase) => {
        expect(avscError(c.reader), JSON.stringify(c.reader)).toBeUndefined();
        expect(avscError(c.writer), JSON.stringify(c.writer)).toBeUndefined();
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('applies every kind of evolution across a batch', () => {
    const steps = sampleCases(evolutionCases(), 3, 2000).flatMap((c) => c.steps);
    const kinds = new Set(steps.map((s) => s.replace(/^(reader|writer): /, '').split(' ')[0]));
    expect([...EVOLUTION_KINDS].filter((k) => !kinds.has(k))).toEqual([]);
  });

  it('covers records, enums, fixed, arrays, maps, unions, aliases, namespaces and recursion', () => {
    const text = sampleCases(evolutionCases(), 5, 500)
      .map((c) => JSON.stringify([c.reader, c.writer]))
      .join('\n');
    for (const needle of [
      '"type":"record"',
      '"type":"enum"',
      '"type":"fixed"',
      '"type":"array"',
      '"type":"map"',
      '["null",',
      '"aliases":',
      '"namespace":',
      '"logicalType":"decimal"',
      '"type":[]',
      '"x-owner":',
    ]) {
      expect(text, needle).toContain(needle);
    }
    // A recursive schema refers to a record by name inside that record's own definition.
    const recursive = sampleCases(evolutionCases(), 5, 500).some((c) =>
      JSON.stringify(c.writer).match(
        /"name":"(\w+)".*"items":"\1"|"name":"(\w+)".*\["null","\2"\]/,
      ),
    );
    expect(recursive).toBe(true);
  });

  it('builds version histories for every compatibility level', () => {
    const histories = sampleCases(historyCases(), 9, 300);
    expect(new Set(histories.map((h) => h.level)).size).toBe(7);
    expect(histories.every((h) => h.existing.length <= 5)).toBe(true);
    expect(histories.some((h) => h.existing.length === 0)).toBe(true);
    expect(histories.some((h) => h.existing.length === 5)).toBe(true);
  });
});
