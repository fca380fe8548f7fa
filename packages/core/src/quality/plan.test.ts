import { describe, expect, it } from 'vitest';
import { contractColumns } from './contract-columns.js';
import { compileQualityPlan, expandDatasetPlaceholder } from './plan.js';
import type { QualityRule } from '../model/descriptor.js';

const schema = {
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'order_id', type: 'string' },
    { name: 'status', type: 'string' },
    { name: 'total', type: ['null', 'double'] },
    { name: 'updated_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'we"ird', type: ['null', 'string'] },
  ],
};
const dataset = [
  { name: 'order_id', type: 'VARCHAR' },
  { name: 'status', type: 'VARCHAR' },
  { name: 'total', type: 'DOUBLE' },
  { name: 'updated_at', type: 'TIMESTAMP WITH TIME ZONE' },
  { name: 'we"ird', type: 'VARCHAR' },
];
const rules: QualityRule[] = [
  { metric: 'nullValues', column: 'order_id', mustBe: 0 },
  { metric: 'duplicateValues', column: 'order_id', mustBe: 0 },
  { metric: 'invalidValues', column: 'status', validValues: ['PLACED', "it's"], mustBe: 0 },
  { metric: 'rowCount', mustBeGreaterThan: 0 },
  { metric: 'nullValues', column: 'we"ird', mustBe: 0 },
  { type: 'sql', query: 'SELECT count(*) FROM {dataset} WHERE total < 0', mustBe: 0 },
];

describe('compileQualityPlan', () => {
  const plan = (() => {
    const r = compileQualityPlan({
      rules,
      sla: { freshness: { column: 'updated_at', maxAge: 'PT15M' } },
      dataset,
      contract: contractColumns(schema),
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  })();

  it('fuses column metrics, SLAs and required-field checks into one SELECT, each aggregate once', () => {
    expect(plan.fusedSql).toBe(
      'SELECT count(*) AS "row_count", ' +
        'count(*) FILTER (WHERE "order_id" IS NULL) AS "c0", ' +
        `count(*) FILTER (WHERE ("status" IS NOT NULL AND NOT coalesce(CAST("status" AS VARCHAR) IN ('PLACED', 'it''s'), FALSE))) AS "c1", ` +
        'count(*) FILTER (WHERE "we""ird" IS NULL) AS "c2", ' +
        'epoch_ms(max("updated_at")) AS "c3", ' +
        'count(*) FILTER (WHERE "status" IS NULL) AS "c4", ' +
        'count(*) FILTER (WHERE "updated_at" IS NULL) AS "c5" ' +
        'FROM "dataset"',
    );
    expect(plan.checks.map((c) => [c.id, c.source.kind])).toEqual([
      ['quality[0]', 'fused'],
      ['quality[1]', 'query'],
      ['quality[2]', 'fused'],
      ['quality[3]', 'fused'],
      ['quality[4]', 'fused'],
      ['quality[5]', 'userSql'],
      ['sla.freshness', 'fused'],
      ['schema.required[order_id]', 'fused'],
      ['schema.required[status]', 'fused'],
      ['schema.required[updated_at]', 'fused'],
    ]);
  });

  it('gives duplicates a query of their own and user SQL the dataset view', () => {
    expect(plan.checks[1]!.source).toEqual({
      kind: 'query',
      sql: 'SELECT coalesce(sum(n - 1), 0) AS value, min(CAST("order_id" AS VARCHAR), 5) AS sample_keys FROM (SELECT "order_id", count(*) AS n FROM "dataset" WHERE "order_id" IS NOT NULL GROUP BY "order_id" HAVING count(*) > 1)',
    });
    expect(plan.checks[5]!.source).toEqual({
      kind: 'userSql',
      sql: 'SELECT count(*) FROM "dataset" WHERE total < 0',
    });
  });

  it('marks a rule unavailable, naming rule and column, when the dataset lacks its column', () => {
    const r = compileQualityPlan({
      rules: [rules[0]!],
      dataset: [{ name: 'status', type: 'VARCHAR' }],
    });
    expect(r.ok && r.value.checks[0]!.source).toEqual({
      kind: 'unavailable',
      reason:
        'rule nullValues(order_id) reads column "order_id", which the dataset does not have (columns: status)',
    });
  });

  it('fails with every problem when a rule is malformed', () => {
    const r = compileQualityPlan({
      rules: [{ metric: 'rowCount', mustBe: 'x' } as unknown as QualityRule],
      dataset,
    });
    expect(r.ok).toBe(false);
  });

  it('reads epoch numbers, dates and text as timestamps for freshness', () => {
    const compile = (type: string) => {
      const r = compileQualityPlan({
        rules: [],
        sla: { retention: { column: 'updated_at', minAge: 'P1D' } },
        dataset: [{ name: 'updated_at', type }],
        contract: contractColumns(schema).filter((c) => c.name === 'updated_at'),
      });
      return r.ok ? r.value.fusedSql : '';
    };
    expect(compile('BIGINT')).toContain('epoch_ms(min(epoch_ms(CAST("updated_at" AS BIGINT))))');
    expect(compile('DATE')).toContain('epoch_ms(min(CAST("updated_at" AS TIMESTAMP)))');
    expect(compile('VARCHAR')).toContain('epoch_ms(min(TRY_CAST("updated_at" AS TIMESTAMPTZ)))');
  });
});

describe('expandDatasetPlaceholder', () => {
  it('replaces every {dataset}', () => {
    expect(
      expandDatasetPlaceholder(
        'SELECT * FROM {dataset} a JOIN {dataset} b USING (id)',
        '"dataset"',
      ),
    ).toBe('SELECT * FROM "dataset" a JOIN "dataset" b USING (id)');
  });
});
