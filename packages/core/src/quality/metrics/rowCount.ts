import type { QualityMetricDefinition } from '../metric.js';

/** ODCS v3 `rowCount`: the number of rows in the dataset (after `--filter`). */
export const rowCount: QualityMetricDefinition = {
  id: 'rowCount',
  summary: 'Counts the rows of the dataset.',
  target: 'none',
  units: ['rows'],
  validate: () => [],
  compile: () => ({ kind: 'rowCount' }),
};
