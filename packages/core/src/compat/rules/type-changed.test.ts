import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectExampleReported } from './__fixtures__/rule-test-kit.js';
import { checkCompatibility } from '../compatibility-checker.js';
import { typeChanged as rule } from './type-changed.js';

const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(new URL(`./__fixtures__/type-changed/${name}.avsc`, import.meta.url), 'utf8'),
  ) as unknown;

const options = {};

describe('type-changed', () => {
  it('reports type-changed at /fields/0/type/0, /fields/1/type', () => {
    const result = checkCompatibility(fixture('reader'), fixture('writer'), options);
    expect(result.compatible).toBe(false);
    expect(result.incompatibilities).toEqual([
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/0/type/0',
        message: 'reader type: STRING not compatible with writer type: NULL',
        ruleId: 'type-changed',
      },
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/1/type',
        message: 'reader type: MAP not compatible with writer type: ARRAY',
        ruleId: 'type-changed',
      },
    ]);
  });

  it('passes string read as bytes', () => {
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
