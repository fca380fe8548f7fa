import type { QualityMetricDefinition } from '../metric.js';
import { ruleColumns } from '../metric.js';

/**
 * ODCS v3 `duplicateValues`: rows that repeat a value (or, with `columns`, a combination of
 * values) already seen, i.e. rows minus distinct values. Three rows with the same id count 2.
 * Rows with NULL in any of the columns never count: NULL is not a value (SQL UNIQUE semantics);
 * `nullValues` measures those. It needs a pass of its own (a hash aggregate over the key).
 */
export const duplicateValues: QualityMetricDefinition = {
  id: 'duplicateValues',
  summary: 'Counts rows that repeat a value (or a combination of values) of earlier rows.',
  target: 'many',
  units: ['rows', 'percent'],
  validate: () => [],
  compile: (rule, ctx) => {
    const cols = ruleColumns(rule).map(ctx.column);
    const key = cols.join(', ');
    const notNull = cols.map((c) => `${c} IS NOT NULL`).join(' AND ');
    const sql =
      `SELECT coalesce(sum(n - 1), 0) AS value FROM (SELECT count(*) AS n FROM ${ctx.view} ` +
      `WHERE ${notNull} GROUP BY ${key} HAVING count(*) > 1)`;
    const sampleSql =
      `SELECT * FROM ${ctx.view} WHERE (${key}) IN (SELECT (${key}) FROM ${ctx.view} ` +
      `WHERE ${notNull} GROUP BY ${key} HAVING count(*) > 1) ORDER BY ${key}`;
    return { kind: 'query', sql, sampleSql };
  },
};
