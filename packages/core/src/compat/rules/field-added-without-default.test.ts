import { describe, expect, it } from 'vitest';
import { expectExampleReported, ruleFixtures } from './__fixtures__/rule-test-kit.js';
import { checkCompatibility } from '../compatibility-checker.js';
import { fieldAddedWithoutDefault as rule } from './field-added-without-default.js';

const fixture = ruleFixtures('field-added-without-default');

const options = {};

describe('field-added-without-default', () => {
  it('reports field-added-without-default at /fields/2, /fields/3/type/fields/1', () => {
    const result = checkCompatibility(fixture('reader'), fixture('writer'), options);
    expect(result.compatible).toBe(false);
    expect(result.incompatibilities).toEqual([
      {
        type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        location: '/fields/2',
        message: 'channel',
        ruleId: 'field-added-without-default',
      },
      {
        type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        location: '/fields/3/type/fields/1',
        message: 'tier',
        ruleId: 'field-added-without-default',
      },
    ]);
  });

  it('passes a new field with a default and a renamed field with an alias', () => {
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
