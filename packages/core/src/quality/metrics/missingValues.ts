import { sqlLiteral } from '../sql.js';
import type { QualityMetricDefinition } from '../metric.js';

/** Markers that mean "missing" when a rule declares none. */
export const DEFAULT_MISSING_MARKERS: readonly string[] = [''];

/**
 * ODCS v3 `missingValues`: rows whose column is NULL or equals one of the missing markers.
 * NULL always counts; `missingValues: [...]` replaces the default markers (the empty string).
 * String markers compare with the value's text exactly (case and spaces matter); number markers
 * compare numerically.
 */
export const missingValues: QualityMetricDefinition = {
  id: 'missingValues',
  summary:
    'Counts rows whose column is NULL or one of the missing markers (default: empty string).',
  target: 'one',
  units: ['rows', 'percent'],
  validate: (rule) => {
    const markers: unknown = rule.missingValues;
    if (markers === undefined) return [];
    if (!Array.isArray(markers))
      return [
        {
          field: 'missingValues',
          message: 'missingValues must be a list of markers, e.g. [null, "", "N/A"]',
        },
      ];
    const bad = markers.filter(
      (m) => m !== null && typeof m !== 'string' && !(typeof m === 'number' && Number.isFinite(m)),
    );
    return bad.length > 0
      ? [
          {
            field: 'missingValues',
            message: `missingValues may hold only strings, numbers and null, not ${JSON.stringify(bad[0])}`,
          },
        ]
      : [];
  },
  compile: (rule, ctx) => {
    const col = ctx.column(rule.column ?? '');
    const markers = rule.missingValues ?? DEFAULT_MISSING_MARKERS;
    const strings = markers.filter((m): m is string => typeof m === 'string');
    const numbers = markers.filter((m): m is number => typeof m === 'number');
    const parts = [`${col} IS NULL`];
    if (strings.length > 0)
      parts.push(`CAST(${col} AS VARCHAR) IN (${strings.map(sqlLiteral).join(', ')})`);
    if (numbers.length > 0)
      parts.push(`TRY_CAST(${col} AS DOUBLE) IN (${numbers.map(sqlLiteral).join(', ')})`);
    return {
      kind: 'predicate',
      predicate: parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`,
    };
  },
};
