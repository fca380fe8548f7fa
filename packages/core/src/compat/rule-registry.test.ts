import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AvroNode } from './avro-model.js';
import { renderRulePage, renderRulesIndex } from './rule-docs.js';
import { compatRules, getCompatRule, ruleIdFor } from './rule-registry.js';
import { INCOMPATIBILITY_TYPES, type CompatRule } from './types.js';

const rulesDir = new URL('./rules/', import.meta.url);
const docsDir = new URL('../../../../docs/rules/', import.meta.url);
const ruleFiles = readdirSync(rulesDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

describe('compatibility rule registry', () => {
  it('registers one rule per file under rules/, with ids equal to the file names', () => {
    expect(compatRules.map((r) => r.id).sort()).toEqual(ruleFiles);
  });

  it('has unique kebab-case ids', () => {
    const ids = compatRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it('gives every rule a title, purpose, fix, example and Avro type', () => {
    for (const rule of compatRules) {
      expect(INCOMPATIBILITY_TYPES).toContain(rule.type);
      expect(rule.title.length, rule.id).toBeGreaterThan(10);
      expect(rule.purpose.length, rule.id).toBeGreaterThan(40);
      expect(rule.fix.length, rule.id).toBeGreaterThan(20);
      expect(rule.example.reader, rule.id).toBeDefined();
      expect(rule.optIn, rule.id).toBe(rule.checkPair !== undefined);
      expect(getCompatRule(rule.id)).toBe(rule);
    }
  });

  it('names every Avro incompatibility type with an always-on catch-all rule', () => {
    const anyNode = { type: 'null', pointer: '' } as AvroNode;
    for (const type of INCOMPATIBILITY_TYPES) {
      const catchAll = compatRules.filter(
        (r: CompatRule) => !r.optIn && r.type === type && !r.matches,
      );
      expect(catchAll, type).toHaveLength(1);
      expect(ruleIdFor(type, anyNode, anyNode)).toBe(catchAll[0]?.id);
    }
  });

  it('has fixtures, a test and a generated, up-to-date docs page for every rule', () => {
    for (const rule of compatRules) {
      for (const name of ['reader', 'writer', 'compatible-reader', 'compatible-writer']) {
        expect(
          existsSync(new URL(`__fixtures__/${rule.id}/${name}.avsc`, rulesDir)),
          `${rule.id}/${name}.avsc`,
        ).toBe(true);
      }
      expect(existsSync(new URL(`${rule.id}.test.ts`, rulesDir)), `${rule.id}.test.ts`).toBe(true);
      const page = new URL(`${rule.id}.md`, docsDir);
      expect(existsSync(page), `docs/rules/${rule.id}.md (run node tools/gen-rule-docs.mjs)`).toBe(
        true,
      );
      expect(
        readFileSync(page, 'utf8'),
        `docs/rules/${rule.id}.md is stale: run node tools/gen-rule-docs.mjs`,
      ).toBe(renderRulePage(rule));
    }
    expect(readFileSync(new URL('README.md', docsDir), 'utf8')).toBe(renderRulesIndex(compatRules));
  });
});
