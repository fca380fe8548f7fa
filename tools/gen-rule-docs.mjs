#!/usr/bin/env node
// Writes docs/rules/<id>.md and docs/rules/README.md from the compatibility rule registry of
// @meshkit/core (build core first: `npx tsc -b packages/core`). The pages are committed; a test
// in packages/core (rule-registry.test.ts) fails when they are out of date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compatRules, renderRulePage, renderRulesIndex } from '@meshkit/core';

const run = () => {
  const root = fileURLToPath(new URL('../docs/rules/', import.meta.url));
  mkdirSync(root, { recursive: true });
  for (const rule of compatRules) writeFileSync(`${root}${rule.id}.md`, renderRulePage(rule));
  writeFileSync(`${root}README.md`, renderRulesIndex(compatRules));
  console.log(`wrote ${compatRules.length + 1} pages to docs/rules/`);
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) run();
