import { describe, expect, it } from 'vitest';
import { contractColumns } from './contract-columns.js';
import { findQualityRuleProblems } from './rule-problems.js';

const contract = contractColumns({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'order_id', type: 'string' },
    { name: 'status', type: 'string' },
    { name: 'total', type: 'double' },
  ],
});

describe('findQualityRuleProblems', () => {
  it('names the rule and the column when the column is not in the contract', () => {
    const problems = findQualityRuleProblems(
      [{ metric: 'nullValues', column: 'ordr_id', mustBe: 0 }],
      contract,
    );
    expect(problems).toEqual([
      {
        pointer: '/quality/0/column',
        rule: 'quality[0] nullValues(ordr_id)',
        message:
          'column "ordr_id" is not a field of the port\'s contract (fields: order_id, status, total); fix the name or add the field to the contract',
      },
    ]);
  });
  it('reports a threshold that is not a number at its field', () => {
    const problems = findQualityRuleProblems(
      [{ metric: 'rowCount', mustBeGreaterThan: 'zero' }],
      contract,
    );
    expect(problems).toEqual([
      {
        pointer: '/quality/0/mustBeGreaterThan',
        rule: 'quality[0] rowCount',
        message:
          'mustBeGreaterThan must be a number, not "zero"; write e.g. "mustBeGreaterThan: 0"',
      },
    ]);
  });
  it('reports an invalid regex at its pattern', () => {
    const problems = findQualityRuleProblems([
      {
        name: 'status-shape',
        metric: 'invalidValues',
        column: 'status',
        pattern: '([A-Z',
        mustBe: 0,
      },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      pointer: '/quality/0/pattern',
      rule: 'quality[0] status-shape',
    });
    expect(problems[0]!.message).toMatch(/"\(\[A-Z" is not a valid regular expression/);
  });
  it('reports every problem of every rule, not only the first', () => {
    const problems = findQualityRuleProblems([
      { metric: 'bogus', mustBe: 0 },
      { metric: 'nullValues', mustBe: 0 },
      { metric: 'rowCount', column: 'x', unit: 'percent', mustBe: 1 },
      { type: 'sql', query: 'SELECT 1', mustBe: 1 },
      { metric: 'invalidValues', column: 'status', mustBe: 0 },
      'not a rule',
    ]);
    expect(problems.map((p) => p.pointer)).toEqual([
      '/quality/0/metric',
      '/quality/1/column',
      '/quality/2/unit',
      '/quality/2/column',
      '/quality/3/query',
      '/quality/4',
      '/quality/5',
    ]);
  });
  it('checks SLA columns and durations', () => {
    const problems = findQualityRuleProblems([], contract, {
      freshness: { column: 'updated_at', maxAge: 'PT15M' },
      retention: { column: 'total', minAge: '1 year' },
    });
    expect(problems.map((p) => [p.pointer, p.rule])).toEqual([
      ['/sla/freshness/column', 'sla.freshness'],
      ['/sla/retention/minAge', 'sla.retention'],
    ]);
  });
  it('passes well-formed rules', () => {
    expect(
      findQualityRuleProblems(
        [
          { metric: 'nullValues', column: 'order_id', mustBe: 0 },
          {
            metric: 'duplicateValues',
            columns: ['order_id', 'status'],
            unit: 'percent',
            mustBeLessThan: 1,
          },
          {
            metric: 'invalidValues',
            column: 'status',
            validValues: ['A'],
            severity: 'warning',
            mustBe: 0,
          },
          { type: 'sql', query: 'SELECT count(*) FROM {dataset} WHERE total < 0', mustBe: 0 },
        ],
        contract,
      ),
    ).toEqual([]);
  });
});
