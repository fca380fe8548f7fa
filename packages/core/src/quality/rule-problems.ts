import { isJsonObject } from '../model/json.js';
import type { QualityRule } from '../model/descriptor.js';
import { QUALITY_OPERATORS } from '../model/descriptor.js';
import type { ContractColumn } from './contract-columns.js';
import { ruleColumns } from './metric.js';
import { QUALITY_METRICS } from './metrics/index.js';
import { readThreshold } from './operators.js';
import { parseIsoDuration } from './duration.js';
import type { Sla } from '../model/descriptor.js';

/** A rule that cannot run as written: bad input in product.yaml (exit code 2). */
export interface QualityRuleProblem {
  /** JSON Pointer relative to the port, e.g. `/quality/2/mustBe` or `/sla/freshness/maxAge`. */
  pointer: string;
  /** How the rule is called in messages, e.g. `quality[2] nullValues(order_id)`. */
  rule: string;
  message: string;
}

/** `nullValues(order_id)`, `duplicateValues(customer_id, order_date)`, `sql`, or the rule's name. */
export const ruleLabel = (rule: QualityRule): string => {
  if (typeof rule.name === 'string' && rule.name.length > 0) return rule.name;
  if (rule.type === 'sql') return 'sql';
  const cols = ruleColumns(rule);
  return `${String(rule.metric)}${cols.length ? `(${cols.join(', ')})` : ''}`;
};

export const ruleRef = (rule: QualityRule, index: number): string =>
  `quality[${index}] ${ruleLabel(rule)}`;

const fieldList = (contract: readonly ContractColumn[]): string =>
  contract.length > 12
    ? `${contract
        .slice(0, 12)
        .map((c) => c.name)
        .join(', ')}, ...`
    : contract.map((c) => c.name).join(', ');

/**
 * Everything wrong with a port's rules that can be known without data: unknown metrics, missing
 * or unknown columns, thresholds that are not numbers, invalid patterns, SQL without `{dataset}`.
 * Columns are checked against the contract when one is given.
 */
export const findQualityRuleProblems = (
  rules: readonly unknown[],
  contract?: readonly ContractColumn[],
  sla?: Sla,
): QualityRuleProblem[] => {
  const problems: QualityRuleProblem[] = [];
  rules.forEach((raw, index) => {
    const base = `/quality/${index}`;
    if (!isJsonObject(raw)) {
      problems.push({
        pointer: base,
        rule: `quality[${index}]`,
        message: 'a quality rule must be a mapping',
      });
      return;
    }
    const rule = raw as QualityRule;
    const ref = ruleRef(rule, index);
    const add = (field: string, message: string) =>
      problems.push({ pointer: field ? `${base}/${field}` : base, rule: ref, message });

    if (raw.severity !== undefined && raw.severity !== 'error' && raw.severity !== 'warning')
      add('severity', `severity must be "error" or "warning", not ${JSON.stringify(raw.severity)}`);
    const threshold = readThreshold(rule);
    if (!threshold.ok) {
      const op = QUALITY_OPERATORS.find((o) => raw[o] !== undefined);
      add(op ?? '', threshold.error);
    }

    if (raw.type === 'sql') {
      if (typeof raw.query !== 'string' || raw.query.trim() === '')
        add('query', 'a sql rule needs "query": one SELECT returning one number');
      else if (!raw.query.includes('{dataset}'))
        add(
          'query',
          'the query must read the dataset through the {dataset} placeholder, e.g. "SELECT count(*) FROM {dataset} WHERE total < 0"',
        );
      if (raw.unit !== undefined && raw.unit !== 'rows')
        add(
          'unit',
          'a sql rule measures whatever its query returns; unit must be "rows" or left out',
        );
      return;
    }
    if (raw.type !== undefined && raw.type !== 'library')
      add('type', `type must be "library" or "sql", not ${JSON.stringify(raw.type)}`);

    const metric =
      typeof raw.metric === 'string'
        ? QUALITY_METRICS[raw.metric as keyof typeof QUALITY_METRICS]
        : undefined;
    if (!metric) {
      add(
        'metric',
        `metric ${JSON.stringify(raw.metric)} is not one of ${Object.keys(QUALITY_METRICS).join(', ')} (or use type: sql)`,
      );
      return;
    }
    if (raw.unit !== undefined && !(metric.units as readonly unknown[]).includes(raw.unit))
      add(
        'unit',
        `unit of ${metric.id} must be ${metric.units.map((u) => `"${u}"`).join(' or ')}, not ${JSON.stringify(raw.unit)}`,
      );

    // The column(s) the metric targets.
    const hasColumn = raw.column !== undefined;
    const hasColumns = raw.columns !== undefined;
    if (metric.target === 'none') {
      if (hasColumn || hasColumns)
        add(
          hasColumn ? 'column' : 'columns',
          `${metric.id} measures the whole dataset and takes no column`,
        );
    } else if (metric.target === 'one') {
      if (hasColumns) add('columns', `${metric.id} takes one "column", not "columns"`);
      if (typeof raw.column !== 'string' || raw.column === '')
        add('column', `${metric.id} needs "column": the name of the column to check`);
    } else {
      if (hasColumn && hasColumns) add('columns', `give either "column" or "columns", not both`);
      else if (hasColumns) {
        if (
          !Array.isArray(raw.columns) ||
          raw.columns.length === 0 ||
          !raw.columns.every((c) => typeof c === 'string' && c !== '')
        )
          add('columns', '"columns" must be a non-empty list of column names');
      } else if (typeof raw.column !== 'string' || raw.column === '')
        add('column', `${metric.id} needs "column" (or "columns" for a combination)`);
    }
    if (contract) {
      const known = new Set(contract.map((c) => c.name));
      const cols = Array.isArray(raw.columns) ? raw.columns : [raw.column];
      cols.forEach((c, i) => {
        if (typeof c === 'string' && c !== '' && !known.has(c))
          add(
            hasColumns ? `columns/${i}` : 'column',
            `column "${c}" is not a field of the port's contract (fields: ${fieldList(contract)}); fix the name or add the field to the contract`,
          );
      });
    }
    for (const p of metric.validate(rule)) add(p.field, p.message);
  });
  if (sla) problems.push(...findSlaProblems(sla, contract));
  return problems;
};

const findSlaProblems = (sla: Sla, contract?: readonly ContractColumn[]): QualityRuleProblem[] => {
  const problems: QualityRuleProblem[] = [];
  const check = (key: 'freshness' | 'retention', ageKey: 'maxAge' | 'minAge') => {
    const spec: unknown = sla[key];
    if (spec === undefined) return;
    const ref = `sla.${key}`;
    if (!isJsonObject(spec)) {
      problems.push({
        pointer: `/sla/${key}`,
        rule: ref,
        message: `${key} must be a mapping { column, ${ageKey} }`,
      });
      return;
    }
    if (typeof spec.column !== 'string' || spec.column === '')
      problems.push({
        pointer: `/sla/${key}/column`,
        rule: ref,
        message: `${key} needs "column": the timestamp column to measure`,
      });
    else if (contract && !contract.some((c) => c.name === spec.column))
      problems.push({
        pointer: `/sla/${key}/column`,
        rule: ref,
        message: `column "${spec.column}" is not a field of the port's contract (fields: ${fieldList(contract)})`,
      });
    const age = parseIsoDuration(spec[ageKey]);
    if (!age.ok)
      problems.push({
        pointer: `/sla/${key}/${ageKey}`,
        rule: ref,
        message: `${ageKey}: ${age.error}`,
      });
  };
  check('freshness', 'maxAge');
  check('retention', 'minAge');
  return problems;
};
