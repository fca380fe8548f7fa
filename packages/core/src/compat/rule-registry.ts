import { decimalPrecisionScaleChanged } from './rules/decimal-precision-scale-changed.js';
import { enumSymbolRemoved } from './rules/enum-symbol-removed.js';
import { fieldAddedWithoutDefault } from './rules/field-added-without-default.js';
import { fixedSizeChanged } from './rules/fixed-size-changed.js';
import { nameMismatch } from './rules/name-mismatch.js';
import { typeChanged } from './rules/type-changed.js';
import { typeNarrowed } from './rules/type-narrowed.js';
import { unionBranchRemoved } from './rules/union-branch-removed.js';
import type { AvroNode } from './avro-model.js';
import type { CompatRule, IncompatibilityType } from './types.js';

/**
 * Every compatibility rule, in the order the engine asks them: for a type shared by several rules
 * the first whose `matches` accepts the pair names it (so `type-narrowed` comes before the
 * catch-all `type-changed`).
 */
export const compatRules: readonly CompatRule[] = [
  fieldAddedWithoutDefault,
  enumSymbolRemoved,
  unionBranchRemoved,
  typeNarrowed,
  typeChanged,
  fixedSizeChanged,
  nameMismatch,
  decimalPrecisionScaleChanged,
];

export const getCompatRule = (id: string): CompatRule | undefined =>
  compatRules.find((rule) => rule.id === id);

const byType = new Map<IncompatibilityType, CompatRule[]>();
for (const rule of compatRules) {
  if (rule.optIn) continue;
  const list = byType.get(rule.type) ?? [];
  list.push(rule);
  byType.set(rule.type, list);
}

/** The id of the always-on rule that names an incompatibility of `type` between the two nodes. */
export const ruleIdFor = (
  type: IncompatibilityType,
  reader: AvroNode,
  writer: AvroNode,
): string => {
  const candidates = byType.get(type) ?? [];
  for (const rule of candidates) {
    if (!rule.matches || rule.matches(reader, writer)) return rule.id;
  }
  // Unreachable while every type has a catch-all rule; the meta-test guards that.
  return candidates[candidates.length - 1]?.id ?? type.toLowerCase();
};
