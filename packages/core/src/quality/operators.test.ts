import { describe, expect, it } from 'vitest';
import { describeThreshold, meetsThreshold, readThreshold } from './operators.js';
import type { QualityRule } from '../model/descriptor.js';

const t = (rule: Partial<QualityRule> & Record<string, unknown>) => {
  const r = readThreshold(rule as QualityRule);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('thresholds', () => {
  it('treats every bound as inclusive', () => {
    expect(meetsThreshold(t({ mustBeBetween: [1, 3] }), 1)).toBe(true);
    expect(meetsThreshold(t({ mustBeBetween: [1, 3] }), 3)).toBe(true);
    expect(meetsThreshold(t({ mustBeBetween: [1, 3] }), 3.01)).toBe(false);
    expect(meetsThreshold(t({ mustNotBeBetween: [1, 3] }), 1)).toBe(false);
    expect(meetsThreshold(t({ mustNotBeBetween: [1, 3] }), 0.99)).toBe(true);
    expect(meetsThreshold(t({ mustBeGreaterOrEqualTo: 5 }), 5)).toBe(true);
    expect(meetsThreshold(t({ mustBeLessOrEqualTo: 5 }), 5)).toBe(true);
  });
  it('compares strictly for GreaterThan and LessThan', () => {
    expect(meetsThreshold(t({ mustBeGreaterThan: 0 }), 0)).toBe(false);
    expect(meetsThreshold(t({ mustBeLessThan: 1 }), 1)).toBe(false);
    expect(meetsThreshold(t({ mustNotBe: 0 }), 1)).toBe(true);
  });
  it('names a threshold that is not a number, with its value', () => {
    const r = readThreshold({ mustBe: '0' } as unknown as QualityRule);
    expect(r).toEqual({
      ok: false,
      error: 'mustBe must be a number, not "0"; write e.g. "mustBe: 0"',
    });
  });
  it('refuses no threshold, two thresholds and reversed ranges', () => {
    expect(readThreshold({}).ok).toBe(false);
    expect(readThreshold({ mustBe: 0, mustBeLessThan: 1 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/exactly one/),
    });
    expect(readThreshold({ mustBeBetween: [3, 1] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/low bound above/),
    });
    expect(readThreshold({ mustBeBetween: [1] } as unknown as QualityRule).ok).toBe(false);
  });
  it('describes thresholds with units', () => {
    expect(describeThreshold(t({ mustBeBetween: [1, 5] }), '%')).toBe('must be between 1% and 5%');
    expect(describeThreshold(t({ mustBe: 0 }))).toBe('must be 0');
  });
});
