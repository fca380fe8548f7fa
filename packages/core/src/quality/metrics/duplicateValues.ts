import type { QualityMetricDefinition } from '../metric.js';
import { ruleColumns } from '../metric.js';

/** Placeholder in a duplicate rule's sample query for the keys its count query returned. */
export const SAMPLE_KEYS_PLACEHOLDER = '{sampleKeys}';
/** Repeated keys a duplicate rule's count query returns for samples. */
export const MAX_SAMPLE_KEYS = 5;

/**
 * ODCS v3 `duplicateValues`: rows that repeat a value (or, with `columns`, a combination of
 * values) already seen, i.e. rows minus distinct values. Three rows with the same id count 2.
 * Rows with NULL in any of the columns never count: NULL is not a value (SQL UNIQUE semantics);
 * `nullValues` measures those. It needs a pass of its own (a hash aggregate over the key), which
 * also returns the first few repeated keys as text, so samples need no second aggregate.
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
    const asText = cols.map((c) => `CAST(${c} AS VARCHAR)`);
    const keyText = asText.length === 1 ? asText[0]! : `[${asText.join(', ')}]`;
    const sql =
      `SELECT coalesce(sum(n - 1), 0) AS value, min(${keyText}, ${MAX_SAMPLE_KEYS}) AS sample_keys ` +
      `FROM (SELECT ${key}, count(*) AS n FROM ${ctx.view} WHERE ${notNull} GROUP BY ${key} HAVING count(*) > 1)`;
    const sampleSql = `SELECT * FROM ${ctx.view} WHERE ${keyText} IN (${SAMPLE_KEYS_PLACEHOLDER}) ORDER BY ${key}`;
    return { kind: 'query', sql, sampleSql };
  },
};
