import type { QualityRule } from '../../model/descriptor.js';
import type { MetricCompileContext, QualityMetricDefinition } from '../metric.js';
import { NUMERIC_TYPE } from '../metric.js';
import { validatePattern } from '../regex.js';
import { isSafeTypeName, quoteString, sqlLiteral } from '../sql.js';

const CONSTRAINTS = [
  'validValues',
  'pattern',
  'minValue',
  'maxValue',
  'minLength',
  'maxLength',
] as const;

const isLength = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isBound = (v: unknown): boolean =>
  (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length > 0);

/** `col >= bound`: numbers compare numerically, strings in the column's own type (dates, timestamps). */
const boundCheck = (
  rule: QualityRule,
  ctx: MetricCompileContext,
  bound: number | string,
  op: '>=' | '<=',
): string => {
  const name = rule.column ?? '';
  const col = ctx.column(name);
  const type = ctx.typeOf(name);
  if (typeof bound === 'number') {
    const value =
      type !== undefined && NUMERIC_TYPE.test(type) ? col : `TRY_CAST(${col} AS DOUBLE)`;
    return `${value} ${op} ${sqlLiteral(bound)}`;
  }
  if (type !== undefined && isSafeTypeName(type) && type !== 'VARCHAR')
    return `${col} ${op} TRY_CAST(${quoteString(bound)} AS ${type})`;
  return `CAST(${col} AS VARCHAR) ${op} ${quoteString(bound)}`;
};

/**
 * ODCS v3 `invalidValues`: rows whose non-NULL value breaks any declared constraint:
 * `validValues` (exact match), `pattern` (RE2, must match the whole value), `minValue` and
 * `maxValue` (inclusive), `minLength` and `maxLength` (inclusive, in characters). NULL is never
 * invalid: `nullValues` counts it. A value that cannot be compared (text where a number is
 * required) is invalid.
 */
export const invalidValues: QualityMetricDefinition = {
  id: 'invalidValues',
  summary:
    'Counts rows whose non-NULL value is not in validValues, does not match pattern, or is outside min/max value or length.',
  target: 'one',
  units: ['rows', 'percent'],
  validate: (rule) => {
    const r = rule as Record<string, unknown>;
    const problems: { field: string; message: string }[] = [];
    const add = (field: string, message: string) => problems.push({ field, message });
    if (!CONSTRAINTS.some((c) => r[c] !== undefined))
      add('', `invalidValues needs at least one of ${CONSTRAINTS.join(', ')}`);
    if (r.validValues !== undefined) {
      const v = r.validValues;
      if (!Array.isArray(v) || v.length === 0)
        add('validValues', 'validValues must be a non-empty list, e.g. [PLACED, PAID]');
      else if (!v.every((x) => ['string', 'number', 'boolean'].includes(typeof x)))
        add('validValues', 'validValues may hold only strings, numbers and booleans');
    }
    if (r.pattern !== undefined) {
      const p = validatePattern(r.pattern);
      if (!p.ok) add('pattern', p.error);
    }
    for (const key of ['minValue', 'maxValue'] as const)
      if (r[key] !== undefined && !isBound(r[key]))
        add(key, `${key} must be a number or a non-empty string, not ${JSON.stringify(r[key])}`);
    for (const key of ['minLength', 'maxLength'] as const)
      if (r[key] !== undefined && !isLength(r[key]))
        add(key, `${key} must be a whole number >= 0, not ${JSON.stringify(r[key])}`);
    if (typeof r.minValue === 'number' && typeof r.maxValue === 'number' && r.minValue > r.maxValue)
      add('minValue', `minValue ${r.minValue} is above maxValue ${r.maxValue}`);
    if (
      typeof r.minLength === 'number' &&
      typeof r.maxLength === 'number' &&
      r.minLength > r.maxLength
    )
      add('minLength', `minLength ${r.minLength} is above maxLength ${r.maxLength}`);
    return problems;
  },
  compile: (rule, ctx) => {
    const col = ctx.column(rule.column ?? '');
    const valid: string[] = [];
    if (rule.validValues) {
      const strings = rule.validValues.filter((v): v is string => typeof v === 'string');
      const numbers = rule.validValues.filter((v): v is number => typeof v === 'number');
      const bools = rule.validValues.filter((v): v is boolean => typeof v === 'boolean');
      const any: string[] = [];
      if (strings.length)
        any.push(`CAST(${col} AS VARCHAR) IN (${strings.map(sqlLiteral).join(', ')})`);
      if (numbers.length)
        any.push(`TRY_CAST(${col} AS DOUBLE) IN (${numbers.map(sqlLiteral).join(', ')})`);
      if (bools.length)
        any.push(`TRY_CAST(${col} AS BOOLEAN) IN (${bools.map(sqlLiteral).join(', ')})`);
      valid.push(any.length === 1 ? any[0]! : `(${any.join(' OR ')})`);
    }
    if (rule.pattern !== undefined)
      valid.push(`regexp_full_match(CAST(${col} AS VARCHAR), ${quoteString(rule.pattern)})`);
    if (rule.minValue !== undefined) valid.push(boundCheck(rule, ctx, rule.minValue, '>='));
    if (rule.maxValue !== undefined) valid.push(boundCheck(rule, ctx, rule.maxValue, '<='));
    if (rule.minLength !== undefined)
      valid.push(`length(CAST(${col} AS VARCHAR)) >= ${rule.minLength}`);
    if (rule.maxLength !== undefined)
      valid.push(`length(CAST(${col} AS VARCHAR)) <= ${rule.maxLength}`);
    // coalesce: a comparison that yields NULL (an uncastable value) makes the row invalid.
    return {
      kind: 'predicate',
      predicate: `(${col} IS NOT NULL AND NOT coalesce(${valid.join(' AND ')}, FALSE))`,
    };
  },
};
