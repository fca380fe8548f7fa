import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QualityRule } from '@meshkit/core';
import { DuckDbQualityRunner } from './duckdb-quality-runner.js';
import { writeParquet } from './parquet-writer.js';

// The semantics of each metric are pinned by fixtures in core; this runs them on DuckDB, on the
// same rows stored as Parquet and as JSON Lines.
const fixtures = fileURLToPath(
  new URL('../../core/src/quality/metrics/__fixtures__/', import.meta.url),
);
const schema: unknown = JSON.parse(readFileSync(join(fixtures, 'schema.json'), 'utf8'));
const rows = JSON.parse(readFileSync(join(fixtures, 'rows.json'), 'utf8')) as Record<
  string,
  unknown
>[];
const metrics = readdirSync(fixtures, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

const dir = mkdtempSync(join(tmpdir(), 'meshkit-conformance-'));
const runner = new DuckDbQualityRunner({ allowedRoots: [dir], threads: 1, memoryLimit: '256MB' });

beforeAll(async () => {
  await writeParquet(rows, schema, join(dir, 'rows.parquet'));
  writeFileSync(join(dir, 'rows.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const metric of metrics) {
  const { cases } = JSON.parse(readFileSync(join(fixtures, metric, 'cases.json'), 'utf8')) as {
    cases: { title: string; rule: QualityRule; value: number; passed: boolean }[];
  };
  describe(`${metric} conformance`, () => {
    for (const format of ['parquet', 'jsonl'] as const) {
      it(`${format}: ${cases.map((c) => c.title).join('; ')}`, async () => {
        const report = await runner.run({
          dataset: { location: join(dir, `rows.${format}`) },
          rules: cases.map((c) => c.rule),
          schema,
        });
        const quality = report.checks.filter((c) => c.family === 'quality');
        expect(quality.map((c) => [c.value, c.status === 'passed'])).toEqual(
          cases.map((c) => [c.value, c.passed]),
        );
      });
    }
  });
}
