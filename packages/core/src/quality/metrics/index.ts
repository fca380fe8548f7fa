import type { QualityMetric } from '../../model/descriptor.js';
import type { QualityMetricDefinition } from '../metric.js';
import { duplicateValues } from './duplicateValues.js';
import { invalidValues } from './invalidValues.js';
import { missingValues } from './missingValues.js';
import { nullValues } from './nullValues.js';
import { rowCount } from './rowCount.js';

/** Every library metric, by ODCS v3 id. Each lives in `metrics/<id>.ts`. */
export const QUALITY_METRICS: Readonly<Record<QualityMetric, QualityMetricDefinition>> = {
  nullValues,
  missingValues,
  invalidValues,
  duplicateValues,
  rowCount,
};

export { invalidValues, missingValues, nullValues, rowCount };
export * from './duplicateValues.js';
