import { describe, expect, it } from 'vitest';
import { expectExampleReported, ruleFixtures } from './__fixtures__/rule-test-kit.js';
import { checkCompatibility } from '../compatibility-checker.js';
import { enumSymbolRemoved as rule } from './enum-symbol-removed.js';

const fixture = ruleFixtures('enum-symbol-removed');

const options = {};

describe('enum-symbol-removed', () => {
  it('reports enum-symbol-removed at /fields/0/type/symbols', () => {
    const result = checkCompatibility(fixture('reader'), fixture('writer'), options);
    expect(result.compatible).toBe(false);
    expect(result.incompatibilities).toEqual([
      {
        type: 'MISSING_ENUM_SYMBOLS',
        location: '/fields/0/type/symbols',
        message: '[CANCELLED, SHIPPED]',
        ruleId: 'enum-symbol-removed',
      },
    ]);
  });

  it('passes when the reader enum has a default symbol', () => {
    expect(
      checkCompatibility(fixture('compatible-reader'), fixture('compatible-writer'), options),
    ).toEqual({
      compatible: true,
      incompatibilities: [],
    });
  });

  it('reports its own documented example', () => {
    expectExampleReported(rule, options);
  });
});
