import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { checkCompatibility } from '../../compatibility-checker.js';
import type { CompatibilityOptions, CompatRule } from '../../types.js';

/** Reads a rule's fixture schemas: `__fixtures__/<rule id>/<name>.avsc`. */
export const ruleFixtures =
  (ruleId: string) =>
  (name: string): unknown =>
    JSON.parse(
      readFileSync(new URL(`./${ruleId}/${name}.avsc`, import.meta.url), 'utf8'),
    ) as unknown;

/** The example on a rule's docs page must break, and only with that rule's Avro type. */
export const expectExampleReported = (rule: CompatRule, options: CompatibilityOptions = {}) => {
  const result = checkCompatibility(rule.example.reader, rule.example.writer, options);
  expect(result.incompatibilities.map((i) => i.ruleId)).toContain(rule.id);
  expect(result.incompatibilities.every((i) => i.type === rule.type)).toBe(true);
};

/** The cases every rule is tested with, from its fixtures folder `__fixtures__/<rule id>/`. */
export interface RuleCases {
  /** What `reader.avsc` against `writer.avsc` reports, in order (the rule's id is added). */
  reports: readonly { type: string; location: string; message: string }[];
  /** What `compatible-reader.avsc` against `compatible-writer.avsc` shows passing. */
  passes: string;
  /** For opt-in rules: the options that turn the rule on. */
  options?: CompatibilityOptions;
}

/**
 * The three tests of every rule: its breaking fixture reports exactly `reports`, its compatible
 * fixture passes, and the example on its docs page breaks with the rule. Call inside `describe`.
 */
export const ruleCases = (rule: CompatRule, cases: RuleCases): void => {
  const fixture = ruleFixtures(rule.id);
  const options = cases.options ?? {};
  it(`reports ${rule.id} at ${cases.reports.map((r) => r.location).join(', ')}`, () => {
    const result = checkCompatibility(fixture('reader'), fixture('writer'), options);
    expect(result.compatible).toBe(false);
    expect(result.incompatibilities).toEqual(cases.reports.map((r) => ({ ...r, ruleId: rule.id })));
  });
  it(`passes ${cases.passes}`, () => {
    expect(
      checkCompatibility(fixture('compatible-reader'), fixture('compatible-writer'), options),
    ).toEqual({ compatible: true, incompatibilities: [] });
  });
  it('reports its own documented example', () => {
    expectExampleReported(rule, options);
  });
};
