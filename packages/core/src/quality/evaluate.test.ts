import { describe, expect, it } from 'vitest';
import { checkFindings, evaluateQualityPlan, maskPii } from './evaluate.js';
import { compileQualityPlan } from './plan.js';

const plan = (() => {
  const r = compileQualityPlan({
    rules: [
      { metric: 'nullValues', column: 'id', unit: 'percent', mustBeLessThan: 10 },
      { metric: 'rowCount', mustBeGreaterThan: 0, severity: 'warning' },
      { metric: 'nullValues', column: 'gone', mustBe: 0 },
    ],
    sla: {
      freshness: { column: 'ts', maxAge: 'PT15M' },
      retention: { column: 'ts', minAge: 'P1D' },
    },
    dataset: [
      { name: 'id', type: 'VARCHAR' },
      { name: 'ts', type: 'TIMESTAMP' },
    ],
  });
  if (!r.ok) throw new Error('compile');
  return r.value;
})();

const now = new Date('2026-11-26T12:00:00Z');

describe('evaluateQualityPlan', () => {
  const results = evaluateQualityPlan(
    plan,
    {
      rowCount: 40,
      values: {
        'quality[0]': 4,
        'quality[1]': 40,
        'sla.freshness': now.getTime() - 20 * 60_000,
        'sla.retention': now.getTime() - 2 * 86_400_000,
      },
    },
    now,
  );

  it('turns counts into percentages of all rows and applies the threshold', () => {
    expect(results[0]).toMatchObject({
      status: 'failed',
      value: 10,
      count: 4,
      message: 'nullValues(id) = 10% (4 of 40 rows); must be < 10%',
    });
    expect(results[1]).toMatchObject({ status: 'passed', value: 40 });
  });

  it('reports a check it could not measure as an error naming rule and column', () => {
    expect(results[2]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/nullValues\(gone\) reads column "gone"/),
    });
  });

  it('judges freshness and retention against now', () => {
    expect(results[3]).toMatchObject({
      status: 'failed',
      value: 20 * 60_000,
      message: expect.stringMatching(/is 20m old; newest value at most 15m old/),
    });
    expect(results[4]).toMatchObject({ status: 'passed' });
  });

  it('makes findings of failed and unmeasurable checks only, located in product.yaml', () => {
    const findings = checkFindings(results, {
      product: 'sales/orders',
      port: 'orders',
      descriptorFile: 'domains/sales/orders/product.yaml',
      portPointer: '/outputPorts/0',
      locate: () => ({ line: 12, column: 9 }),
    });
    expect(findings.map((f) => [f.ruleId, f.severity, f.location])).toEqual([
      [
        'quality/nullValues',
        'error',
        {
          file: 'domains/sales/orders/product.yaml',
          line: 12,
          column: 9,
          pointer: '/outputPorts/0/quality/0',
        },
      ],
      [
        'quality/nullValues',
        'error',
        {
          file: 'domains/sales/orders/product.yaml',
          line: 12,
          column: 9,
          pointer: '/outputPorts/0/quality/2',
        },
      ],
      [
        'sla/freshness',
        'error',
        {
          file: 'domains/sales/orders/product.yaml',
          line: 12,
          column: 9,
          pointer: '/outputPorts/0/sla/freshness',
        },
      ],
    ]);
  });

  it('uses 0% for an empty dataset', () => {
    const r = evaluateQualityPlan(
      plan,
      { rowCount: 0, values: { 'quality[0]': 0, 'quality[1]': 0 } },
      now,
    );
    expect(r[0]).toMatchObject({ value: 0, status: 'passed' });
  });
});

describe('maskPii', () => {
  it('masks PII values and keeps NULLs visible', () => {
    expect(maskPii({ email: 'a@b.c', id: 1, phone: null }, new Set(['email', 'phone']))).toEqual({
      email: '***',
      id: 1,
      phone: null,
    });
  });
});
