import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectExampleReported } from './__fixtures__/rule-test-kit.js';
import { checkCompatibility } from '../compatibility-checker.js';
import { nameMismatch as rule } from './name-mismatch.js';

const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(new URL(`./__fixtures__/name-mismatch/${name}.avsc`, import.meta.url), 'utf8'),
  ) as unknown;

const options = {};

describe('name-mismatch', () => {
  it('reports name-mismatch at /name, /fields/1/type/name', () => {
    const result = checkCompatibility(fixture('reader'), fixture('writer'), options);
    expect(result.compatible).toBe(false);
    expect(result.incompatibilities).toEqual([
      {
        type: 'NAME_MISMATCH',
        location: '/name',
        message: 'expected: sales.Order',
        ruleId: 'name-mismatch',
      },
      {
        type: 'NAME_MISMATCH',
        location: '/fields/1/type/name',
        message: 'expected: sales.OrderKind',
        ruleId: 'name-mismatch',
      },
    ]);
  });

  it('passes a rename with the old full name as an alias', () => {
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
