import type { QualityOperator, QualityRule } from '../model/descriptor.js';
import { QUALITY_OPERATORS } from '../model/descriptor.js';
import type { Result } from '../errors/result.js';
import { err, ok } from '../errors/result.js';

/** A rule's threshold: one operator with its bound(s). Bounds are inclusive (ODCS v3). */
export type Threshold =
  | { operator: Exclude<QualityOperator, 'mustBeBetween' | 'mustNotBeBetween'>; value: number }
  | { operator: 'mustBeBetween' | 'mustNotBeBetween'; range: [number, number] };

const isRangeOperator = (op: QualityOperator): op is 'mustBeBetween' | 'mustNotBeBetween' =>
  op === 'mustBeBetween' || op === 'mustNotBeBetween';

/**
 * Reads the one threshold of a rule. Thresholds arrive from YAML, so their types are checked here
 * even though the descriptor type says `number`: `mustBe: "0"` is a mistake worth naming.
 */
export const readThreshold = (rule: QualityRule): Result<Threshold, string> => {
  const present = QUALITY_OPERATORS.filter(
    (op) => (rule as Record<string, unknown>)[op] !== undefined,
  );
  if (present.length === 0)
    return err(`has no threshold; add one of ${QUALITY_OPERATORS.join(', ')} (e.g. "mustBe: 0")`);
  if (present.length > 1)
    return err(`has ${present.length} thresholds (${present.join(', ')}); keep exactly one`);
  const op = present[0] as QualityOperator;
  const raw: unknown = (rule as Record<string, unknown>)[op];
  if (isRangeOperator(op)) {
    if (
      !Array.isArray(raw) ||
      raw.length !== 2 ||
      !raw.every((n) => typeof n === 'number' && Number.isFinite(n))
    )
      return err(`${op} must be a list of two numbers [low, high], not ${JSON.stringify(raw)}`);
    const [low, high] = raw as [number, number];
    if (low > high) return err(`${op} [${low}, ${high}] has its low bound above its high bound`);
    return ok({ operator: op, range: [low, high] });
  }
  if (typeof raw !== 'number' || !Number.isFinite(raw))
    return err(`${op} must be a number, not ${JSON.stringify(raw)}; write e.g. "${op}: 0"`);
  return ok({ operator: op, value: raw });
};

/** Whether a measured value meets the threshold. Every bound is inclusive. */
export const meetsThreshold = (t: Threshold, value: number): boolean => {
  switch (t.operator) {
    case 'mustBe':
      return value === t.value;
    case 'mustNotBe':
      return value !== t.value;
    case 'mustBeGreaterThan':
      return value > t.value;
    case 'mustBeGreaterOrEqualTo':
      return value >= t.value;
    case 'mustBeLessThan':
      return value < t.value;
    case 'mustBeLessOrEqualTo':
      return value <= t.value;
    case 'mustBeBetween':
      return value >= t.range[0] && value <= t.range[1];
    case 'mustNotBeBetween':
      return value < t.range[0] || value > t.range[1];
  }
};

/** `must be 0`, `must be between 1 and 5`: the wording of reports. */
export const describeThreshold = (t: Threshold, unit = ''): string => {
  const u = unit === '%' ? '%' : unit ? ` ${unit}` : '';
  switch (t.operator) {
    case 'mustBe':
      return `must be ${t.value}${u}`;
    case 'mustNotBe':
      return `must not be ${t.value}${u}`;
    case 'mustBeGreaterThan':
      return `must be > ${t.value}${u}`;
    case 'mustBeGreaterOrEqualTo':
      return `must be >= ${t.value}${u}`;
    case 'mustBeLessThan':
      return `must be < ${t.value}${u}`;
    case 'mustBeLessOrEqualTo':
      return `must be <= ${t.value}${u}`;
    case 'mustBeBetween':
      return `must be between ${t.range[0]}${u} and ${t.range[1]}${u}`;
    case 'mustNotBeBetween':
      return `must not be between ${t.range[0]}${u} and ${t.range[1]}${u}`;
  }
};
