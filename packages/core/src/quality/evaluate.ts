import type { Finding } from '../model/finding.js';
import { formatDuration } from './duration.js';
import type { PlannedCheck, QualityPlan } from './plan.js';
import { describeThreshold, meetsThreshold } from './operators.js';

export type CheckStatus = 'passed' | 'failed' | 'error';

/** One check's outcome, with the measured value people act on. */
export interface QualityCheckResult {
  id: string;
  family: PlannedCheck['family'];
  metric: string;
  label: string;
  pointer: string;
  columns: string[];
  severity: 'error' | 'warning';
  status: CheckStatus;
  /** The measured value in `unit` (percent: 0-100), or null when it could not be measured. */
  value: number | null;
  unit: PlannedCheck['unit'];
  /** The raw count behind a percentage. */
  count?: number;
  /** `must be 0`, `newest at most PT15M old`. */
  expectation: string;
  message: string;
  /** Up to a few failing rows, PII masked. */
  samples?: Record<string, unknown>[];
}

/** What a runner measured: the row count and one number (or null) per check id. */
export interface QualityMeasurements {
  rowCount: number;
  values: Record<string, number | null>;
  /** Per check id: why it could not be measured (a runtime error from the engine). */
  errors?: Record<string, string>;
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4))));

/**
 * Judges every planned check. Percentages are count / rowCount * 100 (0 for an empty dataset);
 * freshness passes when now - newest <= maxAge, retention when now - oldest >= minAge.
 */
export const evaluateQualityPlan = (
  plan: QualityPlan,
  measured: QualityMeasurements,
  now: Date,
): QualityCheckResult[] =>
  plan.checks.map((check): QualityCheckResult => {
    const base = {
      id: check.id,
      family: check.family,
      metric: check.metric,
      label: check.label,
      pointer: check.pointer,
      columns: check.columns,
      severity: check.severity,
      unit: check.unit,
    };
    const expectation =
      check.ageBoundMs !== undefined
        ? check.metric === 'freshness'
          ? `newest value at most ${formatDuration(check.ageBoundMs)} old`
          : `oldest value at least ${formatDuration(check.ageBoundMs)} old`
        : check.threshold
          ? describeThreshold(check.threshold, check.unit === 'percent' ? '%' : '')
          : '';
    const error =
      check.source.kind === 'unavailable' ? check.source.reason : measured.errors?.[check.id];
    if (error !== undefined)
      return { ...base, status: 'error', value: null, expectation, message: error };
    const raw = measured.values[check.id] ?? null;

    if (check.ageBoundMs !== undefined) {
      if (raw === null)
        return {
          ...base,
          status: 'failed',
          value: null,
          expectation,
          message: `${check.label}: column "${check.columns[0]}" holds no timestamps`,
        };
      const age = now.getTime() - raw;
      const passed =
        check.metric === 'freshness' ? age <= check.ageBoundMs : age >= check.ageBoundMs;
      const which = check.metric === 'freshness' ? 'newest' : 'oldest';
      return {
        ...base,
        status: passed ? 'passed' : 'failed',
        value: age,
        expectation,
        message: `${check.label}: ${which} value ${new Date(raw).toISOString()} is ${formatDuration(age)} old; ${expectation}`,
      };
    }

    if (raw === null)
      return {
        ...base,
        status: 'error',
        value: null,
        expectation,
        message: `${check.label}: the query returned no number`,
      };
    const value =
      check.unit === 'percent'
        ? measured.rowCount === 0
          ? 0
          : (raw / measured.rowCount) * 100
        : raw;
    const passed = check.threshold ? meetsThreshold(check.threshold, value) : true;
    const shown =
      check.unit === 'percent'
        ? `${fmt(value)}% (${raw} of ${measured.rowCount} rows)`
        : fmt(value);
    return {
      ...base,
      status: passed ? 'passed' : 'failed',
      value,
      ...(check.unit === 'percent' ? { count: raw } : {}),
      expectation,
      message: `${check.label} = ${shown}; ${expectation}`,
    };
  });

/** The mask written in place of PII values in samples. */
export const PII_MASK = '***';

/** Replaces the values of PII columns (contract field property `"pii": true`). */
export const maskPii = (
  row: Record<string, unknown>,
  piiColumns: ReadonlySet<string>,
): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      piiColumns.has(k) && v !== null && v !== undefined ? PII_MASK : v,
    ]),
  );

export interface QualityReport {
  /** `<domain>/<product>`, when run for a product. */
  product?: string;
  port?: string;
  /** What was read: a path, a glob or an s3:// URL, as given. */
  dataset: string;
  filter?: Record<string, string>;
  rowCount: number;
  startedAt: string;
  durationMs: number;
  checks: QualityCheckResult[];
  /** Schema conformance and every failed or unmeasurable check, as findings. */
  findings: Finding[];
  status: 'passed' | 'failed';
  /**
   * `fail` for a product's bad fixture, which must break its rules: its failures are expected
   * (reported as info) and the run fails only if it passes.
   */
  expect?: 'pass' | 'fail';
}

export interface QualityFindingContext {
  product?: string;
  port?: string;
  /** product.yaml, for quality and SLA checks; pointers are prefixed with `portPointer`. */
  descriptorFile?: string;
  portPointer?: string;
  /** The contract file, for schema checks. */
  contractFile?: string;
  /** Line and column of a pointer in a file, when the caller can tell. */
  locate?: (file: string, pointer: string) => { line: number; column: number } | undefined;
}

/** Failed and unmeasurable checks as findings (passed ones are not findings). */
export const checkFindings = (
  results: readonly QualityCheckResult[],
  ctx: QualityFindingContext = {},
): Finding[] =>
  results
    .filter((r) => r.status !== 'passed')
    .map((r): Finding => {
      const file = r.family === 'schema' ? ctx.contractFile : ctx.descriptorFile;
      const pointer = r.family === 'schema' ? r.pointer : `${ctx.portPointer ?? ''}${r.pointer}`;
      const pos = file ? ctx.locate?.(file, pointer) : undefined;
      return {
        ruleId:
          r.family === 'quality'
            ? `quality/${r.metric}`
            : r.family === 'sla'
              ? `sla/${r.metric}`
              : 'schema/required-field-null',
        severity: r.status === 'error' ? 'error' : r.severity,
        message: r.status === 'error' ? r.message : `${r.message} (${r.status})`,
        location: { ...(file ? { file } : {}), ...(pos ?? {}), pointer },
        ...(ctx.product ? { product: ctx.product } : {}),
        ...(ctx.port ? { port: ctx.port } : {}),
        ...(r.status === 'error'
          ? { hint: 'fix the rule or the dataset so the check can be measured' }
          : {}),
        data: {
          check: r.id,
          label: r.label,
          value: r.value,
          unit: r.unit,
          expectation: r.expectation,
          ...(r.count !== undefined ? { count: r.count } : {}),
          ...(r.samples ? { samples: r.samples } : {}),
        },
      };
    });
