import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { QUALITY_METRICS } from './index.js';
import { compileQualityPlan } from '../plan.js';
import { contractColumns } from '../contract-columns.js';
import type { QualityRule } from '../../model/descriptor.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const docs = fileURLToPath(new URL('../../../../../docs/quality/', import.meta.url));

interface Cases {
  metric: string;
  cases: { title: string; rule: QualityRule; value: number; passed: boolean }[];
}

describe('quality metric registry', () => {
  const files = readdirSync(here).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts',
  );

  it('has one file per metric, named after its id', () => {
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(
      Object.keys(QUALITY_METRICS).sort(),
    );
    for (const [id, metric] of Object.entries(QUALITY_METRICS)) expect(metric.id).toBe(id);
  });

  for (const id of Object.keys(QUALITY_METRICS)) {
    it(`${id} has conformance cases and a docs page`, () => {
      const cases = JSON.parse(
        readFileSync(`${here}__fixtures__/${id}/cases.json`, 'utf8'),
      ) as Cases;
      expect(cases.metric).toBe(id);
      expect(cases.cases.length).toBeGreaterThan(1);
      expect(existsSync(`${docs}${id}.md`)).toBe(true);
    });

    it(`${id} compiles every conformance case`, () => {
      const cases = JSON.parse(
        readFileSync(`${here}__fixtures__/${id}/cases.json`, 'utf8'),
      ) as Cases;
      const schema: unknown = JSON.parse(readFileSync(`${here}__fixtures__/schema.json`, 'utf8'));
      const contract = contractColumns(schema);
      const dataset = contract.map((c) => ({
        name: c.name,
        type: c.kind === 'string' ? 'VARCHAR' : 'DOUBLE',
      }));
      for (const c of cases.cases) {
        const r = compileQualityPlan({ rules: [c.rule], dataset, contract });
        expect(r.ok, c.title).toBe(true);
      }
    });
  }
});
