import { describe, expect, it } from 'vitest';
import { ruleCases, ruleFixtures } from './__fixtures__/rule-test-kit.js';
import { checkCompatibility } from '../compatibility-checker.js';
import { decimalPrecisionScaleChanged as rule } from './decimal-precision-scale-changed.js';

const fixture = ruleFixtures('decimal-precision-scale-changed');

describe('decimal-precision-scale-changed', () => {
  ruleCases(rule, {
    reports: [
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/0/type',
        message:
          "Decimal (precision,scale) doesn't match for reader (10,3) and writer (10,2) schemas",
      },
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/1/type',
        message:
          "Decimal (precision,scale) doesn't match for reader (6,2) and writer (8,2) schemas",
      },
    ],
    passes: 'a decimal whose reader precision grows and scale stays',
    options: { optIn: ['decimal-precision-scale-changed'] },
  });

  it('is off by default, as Java ignores logical types', () => {
    expect(checkCompatibility(fixture('reader'), fixture('writer')).compatible).toBe(true);
  });
});
