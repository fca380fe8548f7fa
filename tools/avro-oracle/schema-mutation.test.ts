import { describe, expect, it } from 'vitest';
import { sampleCases } from './schema-evolution.js';
import { mutationCases } from './schema-mutation.js';

describe('schema-mutation generator', () => {
  it('gives the same near-miss schemas for the same seed', () => {
    const a = sampleCases(mutationCases(), 3, 100);
    const b = sampleCases(mutationCases(), 3, 100);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('edits each schema in one of its known ways', () => {
    const cases = sampleCases(mutationCases(), 4, 1000);
    const kinds = new Set(cases.map((m) => m.mutation.split(/[ @]/)[0]));
    for (const kind of [
      'default',
      'duplicate-field',
      'field-name',
      'unknown-type',
      'redefine',
      'reference',
      'union',
      'fixed-size',
      'logical',
      'field-order',
      'default-of-second-branch',
      'root-incomplete',
      'redefine-doc',
      'redefine-prop',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
  });
});
