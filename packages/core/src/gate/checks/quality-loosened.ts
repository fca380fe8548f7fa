import type { QualityRule } from '../../model/descriptor.js';
import type { Finding } from '../../model/finding.js';
import { readThreshold, describeThreshold } from '../../quality/operators.js';
import { isLooser } from '../threshold-order.js';

export const QUALITY_RULE_LOOSENED = 'quality-rule-loosened';
export const QUALITY_RULE_REMOVED = 'quality-rule-removed';

/** A rule's identity across versions: its name, else what it measures. */
export const qualityRuleKey = (rule: QualityRule): string => {
  if (rule.name) return `name:${rule.name}`;
  if (rule.type === 'sql' || rule.query !== undefined)
    return `sql:${(rule.query ?? '').replace(/\s+/g, ' ').trim()}`;
  const cols = rule.columns ? rule.columns.join(',') : (rule.column ?? '');
  return `${rule.metric ?? '?'}:${cols}`;
};

const label = (rule: QualityRule): string =>
  rule.name ??
  (rule.type === 'sql' || rule.query !== undefined
    ? 'sql rule'
    : `${rule.metric}${rule.column ? ` on ${rule.column}` : rule.columns ? ` on ${rule.columns.join(', ')}` : ''}`);

type QualityFinding = Pick<Finding, 'ruleId' | 'message' | 'hint' | 'severity'> & {
  pointer: string;
};

/**
 * Quality rules are promises too. A rule dropped, a threshold that now accepts more, a severity
 * lowered from error to warning, a valid-values list that grew or a range that widened loosen it.
 */
export const checkQualityLoosened = (
  before: readonly QualityRule[] | undefined,
  after: readonly QualityRule[] | undefined,
  pointer: string,
): QualityFinding[] => {
  const out: QualityFinding[] = [];
  const next = new Map((after ?? []).map((r, i) => [qualityRuleKey(r), { rule: r, index: i }]));
  for (const old of before ?? []) {
    const key = qualityRuleKey(old);
    const match = next.get(key);
    const name = label(old);
    if (!match) {
      out.push({
        ruleId: QUALITY_RULE_REMOVED,
        severity: 'error',
        message: `quality rule "${name}" was removed`,
        hint: `keep the rule, or waive ${QUALITY_RULE_REMOVED} with the consumers' agreement`,
        pointer: `${pointer}/quality`,
      });
      continue;
    }
    const at = `${pointer}/quality/${match.index}`;
    const loosened = (what: string) =>
      out.push({
        ruleId: QUALITY_RULE_LOOSENED,
        severity: 'error',
        message: `quality rule "${name}" loosened: ${what}`,
        hint: "keep the rule at least as strict, or waive it with the consumers' agreement",
        pointer: at,
      });
    const a = readThreshold(old);
    const b = readThreshold(match.rule);
    if (a.ok && b.ok) {
      const unitA = old.unit ?? 'rows';
      const unitB = match.rule.unit ?? 'rows';
      if (unitA !== unitB)
        loosened(`unit changed from ${unitA} to ${unitB}, so the thresholds cannot be compared`);
      else if (isLooser(a.value, b.value))
        loosened(
          `threshold was "${describeThreshold(a.value)}", now "${describeThreshold(b.value)}"`,
        );
    }
    if ((old.severity ?? 'error') === 'error' && match.rule.severity === 'warning')
      loosened('severity lowered from error to warning');
    if (
      old.validValues &&
      match.rule.validValues &&
      !match.rule.validValues.every((v) => old.validValues!.includes(v))
    )
      loosened(`validValues grew to ${JSON.stringify(match.rule.validValues)}`);
    if (old.validValues && !match.rule.validValues) loosened('validValues removed');
    if (
      typeof old.minValue === 'number' &&
      (typeof match.rule.minValue !== 'number' || match.rule.minValue < old.minValue)
    )
      loosened(`minValue lowered from ${old.minValue}`);
    if (
      typeof old.maxValue === 'number' &&
      (typeof match.rule.maxValue !== 'number' || match.rule.maxValue > old.maxValue)
    )
      loosened(`maxValue raised from ${old.maxValue}`);
    if (old.pattern !== undefined && old.pattern !== match.rule.pattern)
      loosened(`pattern changed from ${JSON.stringify(old.pattern)}`);
    if (
      old.missingValues &&
      old.missingValues.some((v) => !(match.rule.missingValues ?? []).includes(v))
    )
      loosened('missingValues lost a marker, so fewer values count as missing');
  }
  return out;
};
