import type { QualityMetric, QualityRule } from '../model/descriptor.js';

/** A column of the dataset as DuckDB describes it (`DESCRIBE`): name and type name. */
export interface DatasetColumn {
  name: string;
  type: string;
}

/** What a metric needs to turn a rule into SQL. Identifiers come back quoted. */
export interface MetricCompileContext {
  /** The dataset view, quoted. */
  view: string;
  /** The quoted identifier of a column. */
  column: (name: string) => string;
  /** The DuckDB type of a dataset column (upper case), if the dataset has it. */
  typeOf: (name: string) => string | undefined;
}

/**
 * How a metric is measured:
 * - `predicate`: counted in the fused pass as `count(*) FILTER (WHERE predicate)`; the same
 *   predicate selects sample rows;
 * - `rowCount`: the fused pass's `count(*)`;
 * - `query`: a query of its own returning one row with one number, plus a query for samples.
 */
export type MetricCompilation =
  | { kind: 'predicate'; predicate: string }
  | { kind: 'rowCount' }
  | { kind: 'query'; sql: string; sampleSql?: string };

export interface QualityMetricDefinition {
  id: QualityMetric;
  /** One line for reports and docs. */
  summary: string;
  /** Whether the rule names a column (`one`), a column or several (`many`), or none. */
  target: 'none' | 'one' | 'many';
  units: readonly ('rows' | 'percent')[];
  /** Problems with the rule's own settings (beyond column, unit and threshold). */
  validate: (rule: QualityRule) => { field: string; message: string }[];
  compile: (rule: QualityRule, ctx: MetricCompileContext) => MetricCompilation;
}

/** The column(s) a rule targets, in declaration order. */
export const ruleColumns = (rule: QualityRule): string[] =>
  rule.columns ?? (rule.column !== undefined ? [rule.column] : []);

export const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/;
export const STRING_TYPE = /^(VARCHAR|JSON)$/;
