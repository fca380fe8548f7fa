import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCompatibility } from '../compatibility-checker.js';
import { fixedSizeChanged as rule } from './fixed-size-changed.js';

const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(
      new URL(`./__fixtures__/fixed-size-changed/${name}.avsc`, import.meta.url),
      'utf8',
    ),
  ) as unknown;

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
    const result = checkCompatibility(rule.example.reader, rule.example.writer, options);
    expect(result.incompatibilities.map((i) => i.ruleId)).toContain('fixed-size-changed');
    expect(result.incompatibilities.every((i) => i.type === rule.type)).toBe(true);
  });
});
