import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
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
