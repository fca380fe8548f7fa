import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectExampleReported } from './__fixtures__/rule-test-kit.js';
import { checkCompatibility } from '../compatibility-checker.js';
import { typeNarrowed as rule } from './type-narrowed.js';

const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(new URL(`./__fixtures__/type-narrowed/${name}.avsc`, import.meta.url), 'utf8'),
  ) as unknown;

const options = {};

describe('type-narrowed', () => {
  it('reports type-narrowed at /fields/0/type, /fields/1/type/items', () => {
    const result = checkCompatibility(fixture('reader'), fixture('writer'), options);
    expect(result.compatible).toBe(false);
    expect(result.incompatibilities).toEqual([
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/0/type',
        message: 'reader type: INT not compatible with writer type: LONG',
        ruleId: 'type-narrowed',
      },
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/1/type/items',
        message: 'reader type: FLOAT not compatible with writer type: DOUBLE',
        ruleId: 'type-narrowed',
      },
    ]);
  });

  it('passes promotions int to double and float to double', () => {
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
