import type { Result } from '../errors/result.js';
import { err, ok } from '../errors/result.js';
import type { QualityRule, Sla } from '../model/descriptor.js';
import type { ContractColumn } from './contract-columns.js';
import { parseIsoDuration } from './duration.js';
import type { DatasetColumn, MetricCompileContext } from './metric.js';
import { ruleColumns } from './metric.js';
import { QUALITY_METRICS } from './metrics/index.js';
import type { Threshold } from './operators.js';
import { readThreshold } from './operators.js';
import type { QualityRuleProblem } from './rule-problems.js';
import { findQualityRuleProblems, ruleLabel } from './rule-problems.js';
import { quoteIdentifier } from './sql.js';

export type CheckFamily = 'quality' | 'sla' | 'schema';

/** One thing a run measures and judges: a quality rule, an SLA, or a required field. */
export interface PlannedCheck {
  /** Unique within the plan: `quality[2]`, `sla.freshness`, `schema.required[order_id]`. */
  id: string;
  family: CheckFamily;
  /** `nullValues`, ..., `sql`, `freshness`, `retention`, `required`. */
  metric: string;
  /** The rule's name, or `nullValues(order_id)`. */
  label: string;
  /** JSON Pointer relative to the port (`/quality/2`) or to the contract (`/fields/3`). */
  pointer: string;
  columns: string[];
  severity: 'error' | 'warning';
  unit: 'rows' | 'percent' | 'ms';
  threshold?: Threshold;
  /** SLA bound in milliseconds (freshness: max age; retention: min age). */
  ageBoundMs?: number;
  /** Where the measurement comes from. `unavailable` carries why the check cannot run. */
  source:
    | { kind: 'fused'; alias: string; expression: string }
    | { kind: 'query'; sql: string }
    | { kind: 'userSql'; sql: string }
    | { kind: 'unavailable'; reason: string };
  /** Selects up to N failing rows (the runner adds the LIMIT). */
  sampleSql?: string;
}

export interface QualityPlan {
  view: string;
  /** One SELECT over the dataset: `count(*) AS row_count` plus one column per fused check. */
  fusedSql: string;
  checks: PlannedCheck[];
}

export interface CompileQualityInput {
  rules: readonly QualityRule[];
  sla?: Sla;
  /** The dataset's columns (DESCRIBE). */
  dataset: readonly DatasetColumn[];
  /** The port's contract columns; rule columns are checked against them when given. */
  contract?: readonly ContractColumn[];
  /** Name of the view the dataset is registered as. Default `dataset`. */
  view?: string;
}

export const ROW_COUNT_ALIAS = 'row_count';

/** Turns `{dataset}` into the view. The placeholder has no other meaning, even inside strings. */
export const expandDatasetPlaceholder = (query: string, view: string): string =>
  query.split('{dataset}').join(view);

/** A column as a timestamp, whatever the dataset stored: TIMESTAMP, DATE, epoch number or text. */
const asTimestamp = (
  col: string,
  type: string | undefined,
  contract: ContractColumn | undefined,
): string => {
  const t = (type ?? '').toUpperCase();
  if (t.startsWith('TIMESTAMP')) return col;
  if (t === 'DATE') return `CAST(${col} AS TIMESTAMP)`;
  if (/INT$/.test(t)) {
    switch (contract?.logicalType) {
      case 'timestamp-micros':
      case 'local-timestamp-micros':
        return `make_timestamp(CAST(${col} AS BIGINT))`;
      case 'date':
        return `CAST(DATE '1970-01-01' + CAST(${col} AS INTEGER) AS TIMESTAMP)`;
      case undefined:
      default:
        return `epoch_ms(CAST(${col} AS BIGINT))`;
    }
  }
  return `TRY_CAST(${col} AS TIMESTAMPTZ)`;
};

/**
 * Compiles a port's rules and SLAs into one fused pass plus the few queries that need their own
 * (duplicates, user SQL). Rules that cannot be written correctly fail the whole compile with
 * every problem (bad input); a rule whose column the dataset lacks becomes an unavailable check,
 * as that is a finding about the data.
 */
export const compileQualityPlan = (
  input: CompileQualityInput,
): Result<QualityPlan, QualityRuleProblem[]> => {
  const problems = findQualityRuleProblems(input.rules, input.contract, input.sla);
  if (problems.length > 0) return err(problems);

  const view = quoteIdentifier(input.view ?? 'dataset');
  const types = new Map(input.dataset.map((c) => [c.name, c.type.toUpperCase()]));
  const ctx: MetricCompileContext = { view, column: quoteIdentifier, typeOf: (n) => types.get(n) };
  const contractByName = new Map((input.contract ?? []).map((c) => [c.name, c]));
  const aggregates: string[] = [`count(*) AS ${quoteIdentifier(ROW_COUNT_ALIAS)}`];
  const checks: PlannedCheck[] = [];
  // The same aggregate asked for twice (a nullValues rule on a required field) is computed once.
  const aliases = new Map<string, string>();
  const fused = (expression: string): { kind: 'fused'; alias: string; expression: string } => {
    let alias = aliases.get(expression);
    if (alias === undefined) {
      alias = `c${aggregates.length - 1}`;
      aliases.set(expression, alias);
      aggregates.push(`${expression} AS ${quoteIdentifier(alias)}`);
    }
    return { kind: 'fused', alias, expression };
  };
  const missingColumns = (cols: readonly string[]): string[] => cols.filter((c) => !types.has(c));
  const unavailable = (label: string, cols: string[]): PlannedCheck['source'] => ({
    kind: 'unavailable',
    reason: `rule ${label} reads column${cols.length > 1 ? 's' : ''} ${cols.map((c) => `"${c}"`).join(', ')}, which the dataset does not have (columns: ${[...types.keys()].join(', ')})`,
  });

  input.rules.forEach((rule, index) => {
    const threshold = readThreshold(rule);
    if (!threshold.ok) return; // unreachable: problems were checked above
    const label = ruleLabel(rule);
    const base = {
      id: `quality[${index}]`,
      family: 'quality' as const,
      label,
      pointer: `/quality/${index}`,
      severity: rule.severity ?? 'error',
      threshold: threshold.value,
    };
    if (rule.type === 'sql') {
      checks.push({
        ...base,
        metric: 'sql',
        columns: [],
        unit: 'rows',
        source: { kind: 'userSql', sql: expandDatasetPlaceholder(rule.query ?? '', view) },
      });
      return;
    }
    const metric = QUALITY_METRICS[rule.metric!];
    const columns = ruleColumns(rule);
    const check = { ...base, metric: metric.id, columns, unit: rule.unit ?? 'rows' };
    const missing = missingColumns(columns);
    if (missing.length > 0) {
      checks.push({ ...check, source: unavailable(label, missing) });
      return;
    }
    const compiled = metric.compile(rule, ctx);
    switch (compiled.kind) {
      case 'rowCount':
        checks.push({
          ...check,
          source: { kind: 'fused', alias: ROW_COUNT_ALIAS, expression: 'count(*)' },
        });
        break;
      case 'predicate':
        checks.push({
          ...check,
          source: fused(`count(*) FILTER (WHERE ${compiled.predicate})`),
          sampleSql: `SELECT * FROM ${view} WHERE ${compiled.predicate}`,
        });
        break;
      case 'query':
        checks.push({
          ...check,
          source: { kind: 'query', sql: compiled.sql },
          ...(compiled.sampleSql ? { sampleSql: compiled.sampleSql } : {}),
        });
        break;
    }
  });

  for (const [key, agg] of [
    ['freshness', 'max'],
    ['retention', 'min'],
  ] as const) {
    const spec = input.sla?.[key];
    if (!spec) continue;
    const bound = parseIsoDuration(
      key === 'freshness'
        ? (spec as { maxAge: string }).maxAge
        : (spec as { minAge: string }).minAge,
    );
    if (!bound.ok) continue; // unreachable: problems were checked above
    const label = `${key}(${spec.column})`;
    const check = {
      id: `sla.${key}`,
      family: 'sla' as const,
      metric: key,
      label,
      pointer: `/sla/${key}`,
      columns: [spec.column],
      severity: 'error' as const,
      unit: 'ms' as const,
      ageBoundMs: bound.value,
    };
    if (!types.has(spec.column)) {
      checks.push({ ...check, source: unavailable(label, [spec.column]) });
      continue;
    }
    const ts = asTimestamp(
      quoteIdentifier(spec.column),
      types.get(spec.column),
      contractByName.get(spec.column),
    );
    checks.push({ ...check, source: fused(`epoch_ms(${agg}(${ts}))`) });
  }

  // Required (non-union) contract fields must never be NULL; measured in the same pass.
  for (const col of input.contract ?? []) {
    if (col.nullable || !types.has(col.name)) continue;
    const q = quoteIdentifier(col.name);
    checks.push({
      id: `schema.required[${col.name}]`,
      family: 'schema',
      metric: 'required',
      label: `required(${col.name})`,
      pointer: col.pointer,
      columns: [col.name],
      severity: 'error',
      unit: 'rows',
      threshold: { operator: 'mustBe', value: 0 },
      source: fused(`count(*) FILTER (WHERE ${q} IS NULL)`),
      sampleSql: `SELECT * FROM ${view} WHERE ${q} IS NULL`,
    });
  }

  return ok({ view, fusedSql: `SELECT ${aggregates.join(', ')} FROM ${view}`, checks });
};
