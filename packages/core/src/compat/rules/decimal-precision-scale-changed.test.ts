import { describe, expect, it } from 'vitest';
import { ruleFixtures } from './__fixtures__/rule-test-kit.js';
import { checkCompatibility } from '../compatibility-checker.js';
import { decimalPrecisionScaleChanged as rule } from './decimal-precision-scale-changed.js';

const fixture = ruleFixtures('decimal-precision-scale-changed');

const options = { optIn: ['decimal-precision-scale-changed'] };

describe('decimal-precision-scale-changed', () => {
  it('reports decimal-precision-scale-changed at /fields/0/type, /fields/1/type', () => {
    const result = checkCompatibility(fixture('reader'), fixture('writer'), options);
    expect(result.compatible).toBe(false);
    expect(result.incompatibilities).toEqual([
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/0/type',
        message:
          "Decimal (precision,scale) doesn't match for reader (10,3) and writer (10,2) schemas",
        ruleId: 'decimal-precision-scale-changed',
      },
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/1/type',
        message:
          "Decimal (precision,scale) doesn't match for reader (6,2) and writer (8,2) schemas",
        ruleId: 'decimal-precision-scale-changed',
      },
    ]);
  });

  it('passes a decimal whose reader precision grows and scale stays', () => {
    expect(
      checkCompatibility(fixture('compatible-reader'), fixture('compatible-writer'), options),
    ).toEqual({
      compatible: true,
      incompatibilities: [],
    });
  });

  it('reports its own documented example', () => {
    const result = checkCompatibility(rule.example.reader, rule.example.writer, options);
    expect(result.incompatibilities.map((i) => i.ruleId)).toContain(
      'decimal-precision-scale-changed',
    );
    expect(result.incompatibilities.every((i) => i.type === rule.type)).toBe(true);
  });

  it('is off by default, as Java ignores logical types', () => {
    expect(checkCompatibility(fixture('reader'), fixture('writer')).compatible).toBe(true);
  });
});
