import { describe, expect, it } from 'vitest';
import { expectExampleReported, ruleFixtures } from './__fixtures__/rule-test-kit.js';
import { checkCompatibility } from '../compatibility-checker.js';
import { fixedSizeChanged as rule } from './fixed-size-changed.js';

const fixture = ruleFixtures('fixed-size-changed');

const options = {};

describe('fixed-size-changed', () => {
  it('reports fixed-size-changed at /fields/0/type/size', () => {
    const result = checkCompatibility(fixture('reader'), fixture('writer'), options);
    expect(result.compatible).toBe(false);
    expect(result.incompatibilities).toEqual([
      {
        type: 'FIXED_SIZE_MISMATCH',
        location: '/fields/0/type/size',
        message: 'expected: 32, found: 16',
        ruleId: 'fixed-size-changed',
      },
    ]);
  });

  it('passes the same size in another namespace', () => {
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
