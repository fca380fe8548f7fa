import type { QualityMetricDefinition } from '../metric.js';

/** ODCS v3 `nullValues`: rows whose column is NULL (a JSON key that is absent reads as NULL). */
export const nullValues: QualityMetricDefinition = {
  id: 'nullValues',
  summary: 'Counts rows whose column is NULL.',
  target: 'one',
  units: ['rows', 'percent'],
  validate: () => [],
  compile: (rule, ctx) => ({
    kind: 'predicate',
    predicate: `${ctx.column(rule.column ?? '')} IS NULL`,
  }),
};
