import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QualityRule } from '@meshkit/core';
import { DuckDbQualityRunner, type QualityProgress } from './duckdb-quality-runner.js';
import { writeParquet } from './parquet-writer.js';

const root = mkdtempSync(join(tmpdir(), 'meshkit-runner-'));
const outside = mkdtempSync(join(tmpdir(), 'meshkit-runner-outside-'));
const now = new Date('2026-11-26T12:00:00Z');

const schema = {
  type: 'record',
  name: 'Order',
  namespace: 'sales',
  fields: [
    { name: 'order_id', type: 'string' },
    { name: 'email', type: ['null', 'string'], default: null, pii: true },
    {
      name: 'status',
      type: { type: 'enum', name: 'Status', symbols: ['PLACED', 'PAID', 'SHIPPED'] },
    },
    { name: 'total', type: 'double' },
    { name: 'updated_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'order_date', type: { type: 'int', logicalType: 'date' } },
  ],
};
const ts = (iso: string) => Date.parse(iso);
const orders = (date: string, n: number, offset = 0) =>
  Array.from({ length: n }, (_, i) => ({
    order_id: `o-${offset + i}`,
    email: `user${i}@example.com`,
    status: i % 4 === 3 ? 'LOST' : 'PAID',
    total: i === 0 ? -5 : 10 + i,
    updated_at: ts(`${date}T11:5${i % 10}:00Z`),
    order_date: date,
  }));

const lake = join(root, 'lake');
beforeAll(async () => {
  for (const [date, off] of [
    ['2026-11-25', 0],
    ['2026-11-26', 100],
  ] as const) {
    const dir = join(lake, `order_date=${date}`);
    mkdirSync(dir, { recursive: true });
    await writeParquet(
      orders(date, 8, off).map((r) => ({ ...r, order_date: undefined })),
      { ...schema, fields: schema.fields.filter((f) => f.name !== 'order_date') },
      join(dir, 'part-0.parquet'),
    );
  }
  writeFileSync(
    join(root, 'orders.csv'),
    'order_id,status,total\no-1,PAID,3\no-1,PAID,-1\no-2,LOST,4\n',
  );
  writeFileSync(join(root, 'empty.jsonl'), '');
  writeFileSync(join(root, 'corrupt.parquet'), 'PAR1 this is not parquet at all PAR1');
  writeFileSync(join(outside, 'orders.jsonl'), '{"order_id":"x"}\n');
  symlinkSync(outside, join(root, 'link-out'));
  await writeParquet([], schema, join(root, 'zero.parquet'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const runner = new DuckDbQualityRunner({ allowedRoots: [root], threads: 1, memoryLimit: '256MB' });
const rules: QualityRule[] = [
  { metric: 'nullValues', column: 'order_id', mustBe: 0 },
  { metric: 'duplicateValues', column: 'order_id', mustBe: 0 },
  {
    metric: 'invalidValues',
    column: 'status',
    validValues: ['PLACED', 'PAID', 'SHIPPED'],
    mustBe: 0,
  },
  { metric: 'invalidValues', column: 'total', minValue: 0, mustBe: 0, severity: 'warning' },
  { metric: 'rowCount', mustBeGreaterThan: 0 },
];

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as Error & { code: string },
  );

describe('DuckDbQualityRunner', () => {
  it('checks a hive-partitioned Parquet folder, with samples and PII masked', async () => {
    const report = await runner.run({
      dataset: { location: lake },
      rules,
      schema,
      partitionBy: ['order_date'],
      sla: {
        freshness: { column: 'updated_at', maxAge: 'PT15M' },
        retention: { column: 'updated_at', minAge: 'P2D' },
      },
      now,
    });
    expect(report.rowCount).toBe(16);
    expect(report.checks.map((c) => [c.id, c.status, c.value])).toEqual([
      ['quality[0]', 'passed', 0],
      ['quality[1]', 'passed', 0],
      ['quality[2]', 'failed', 4],
      ['quality[3]', 'failed', 2],
      ['quality[4]', 'passed', 16],
      ['sla.freshness', 'passed', 3 * 60_000],
      ['sla.retention', 'failed', ts('2026-11-26T12:00:00Z') - ts('2026-11-25T11:50:00Z')],
      ['schema.required[order_id]', 'passed', 0],
      ['schema.required[status]', 'passed', 0],
      ['schema.required[total]', 'passed', 0],
      ['schema.required[updated_at]', 'passed', 0],
      ['schema.required[order_date]', 'passed', 0],
    ]);
    const invalid = report.checks[2]!;
    expect(invalid.samples).toHaveLength(4);
    expect(invalid.samples![0]).toMatchObject({ status: 'LOST', email: '***' });
    expect(report.status).toBe('failed');
    expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['quality/invalidValues', 'error'],
      ['quality/invalidValues', 'warning'],
      ['sla/retention', 'error'],
    ]);
  });

  it('keeps at most 5 sample rows', async () => {
    const report = await runner.run({
      dataset: { location: lake },
      rules: [
        { metric: 'rowCount', mustBe: 0 },
        { metric: 'invalidValues', column: 'total', minValue: 1000, mustBe: 0 },
      ],
    });
    expect(report.checks[1]).toMatchObject({ status: 'failed', samples: expect.any(Array) });
    expect(report.checks[1]!.samples!.length).toBe(5);
  });

  it('checks only the partitions --filter selects', async () => {
    const report = await runner.run({
      dataset: { location: lake, filter: { order_date: '2026-11-26' } },
      rules,
    });
    expect(report.rowCount).toBe(8);
    expect(report.filter).toEqual({ order_date: '2026-11-26' });
  });

  it('reads a glob', async () => {
    const report = await runner.run({
      dataset: { location: join(lake, '*2026-11-25', '*.parquet') },
      rules: [rules[4]!],
    });
    expect(report.rowCount).toBe(8);
  });

  it('reads CSV and measures duplicates', async () => {
    const report = await runner.run({ dataset: { location: join(root, 'orders.csv') }, rules });
    expect(report.checks.map((c) => c.value)).toEqual([0, 1, 1, 1, 3]);
  });

  it('reports progress phases', async () => {
    const phases: QualityProgress['phase'][] = [];
    const r = new DuckDbQualityRunner({
      allowedRoots: [root],
      threads: 1,
      onProgress: (p) => phases.push(p.phase),
    });
    await r.run({ dataset: { location: lake }, rules });
    expect(phases[0]).toBe('open');
    expect(phases).toContain('scan');
    expect(phases).toContain('query');
    expect(phases.at(-1)).toBe('done');
  });

  it('gives the per-check baseline the same values as the fused pass', async () => {
    const base = { dataset: { location: lake }, rules, schema, now };
    const fused = await runner.run(base);
    const perCheck = await new DuckDbQualityRunner({
      allowedRoots: [root],
      threads: 1,
      strategy: 'per-check',
    }).run(base);
    expect(perCheck.checks.map((c) => c.value)).toEqual(fused.checks.map((c) => c.value));
  });

  it('reports Parquet columns whose type differs from the contract', async () => {
    const wrong = {
      ...schema,
      fields: schema.fields.map((f) => (f.name === 'total' ? { ...f, type: 'string' } : f)),
    };
    const report = await runner.run({
      dataset: { location: lake },
      rules: [rules[4]!],
      schema: wrong,
      partitionBy: ['order_date'],
    });
    expect(report.findings.map((f) => [f.ruleId, f.message])).toEqual([
      [
        'schema/type-mismatch',
        'column "total" is DOUBLE in the dataset but string in the contract',
      ],
    ]);
  });
});

describe('DuckDbQualityRunner with hostile names', () => {
  it('quotes column names, literals and paths so they stay data', async () => {
    const dir = join(root, 'it\'s a "folder"');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'hostile.csv');
    writeFileSync(
      file,
      ['"a""; DROP TABLE x; --","select","it\'s"', "1,x,it's", ',y,nope', "3,x,it's"].join('\n'),
    );
    const report = await runner.run({
      dataset: { location: file },
      rules: [
        { metric: 'nullValues', column: 'a"; DROP TABLE x; --', mustBe: 0 },
        { metric: 'duplicateValues', column: 'select', mustBe: 0 },
        { metric: 'invalidValues', column: "it's", validValues: ["it's"], mustBe: 0 },
        { metric: 'invalidValues', column: "it's", pattern: "it'.", mustBe: 0 },
        { metric: 'missingValues', column: "it's", missingValues: ["'; SELECT 1; --"], mustBe: 0 },
      ],
    });
    expect(report.checks.map((c) => c.value)).toEqual([1, 1, 1, 1, 0]);
    expect(report.checks[1]!.samples).toHaveLength(2);
  });
});

describe('DuckDbQualityRunner bad input', () => {
  it('names the rule and the column when the column is not in the contract', async () => {
    const e = await failure(
      runner.run({
        dataset: { location: lake },
        rules: [{ metric: 'nullValues', column: 'ordr_id', mustBe: 0 }],
        schema,
      }),
    );
    expect(e).toMatchObject({ name: 'InputError', code: 'QUALITY_RULE_INVALID' });
    expect(e.message).toMatch(
      /\/quality\/0\/column: quality\[0\] nullValues\(ordr_id\): column "ordr_id" is not a field/,
    );
  });

  it('names the rule and the column when the dataset lacks the column', async () => {
    const report = await runner.run({
      dataset: { location: join(root, 'orders.csv') },
      rules: [{ metric: 'nullValues', column: 'email', mustBe: 0 }],
    });
    expect(report.checks[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(
        /rule nullValues\(email\) reads column "email", which the dataset does not have/,
      ),
    });
    expect(report.status).toBe('failed');
  });

  it('refuses an invalid regex before reading any data', async () => {
    const e = await failure(
      runner.run({
        dataset: { location: lake },
        rules: [{ metric: 'invalidValues', column: 'status', pattern: '[A-Z', mustBe: 0 }],
      }),
    );
    expect(e.message).toMatch(/\/quality\/0\/pattern: .*"\[A-Z" is not a valid regular expression/);
  });

  it('refuses a threshold that is not a number', async () => {
    const e = await failure(
      runner.run({
        dataset: { location: lake },
        rules: [{ metric: 'rowCount', mustBeGreaterThan: 'ten' } as unknown as QualityRule],
      }),
    );
    expect(e.message).toMatch(
      /\/quality\/0\/mustBeGreaterThan: quality\[0\] rowCount: mustBeGreaterThan must be a number, not "ten"/,
    );
  });

  it('refuses an empty file, a Parquet file with no rows and a folder with no data files', async () => {
    mkdirSync(join(root, 'nothing'), { recursive: true });
    for (const location of [
      join(root, 'empty.jsonl'),
      join(root, 'zero.parquet'),
      join(root, 'nothing'),
      join(root, 'nothing', '*.parquet'),
    ]) {
      const e = await failure(runner.run({ dataset: { location }, rules: [rules[4]!] }));
      expect(e, location).toMatchObject({ name: 'InputError', code: 'QUALITY_DATASET_EMPTY' });
    }
  });

  it('refuses a corrupt Parquet file, naming it', async () => {
    const e = await failure(
      runner.run({ dataset: { location: join(root, 'corrupt.parquet') }, rules: [rules[4]!] }),
    );
    expect(e).toMatchObject({ name: 'InputError', code: 'QUALITY_DATASET_UNREADABLE' });
    expect(e.message).toMatch(
      /cannot read dataset .*corrupt\.parquet as parquet: .*check that every file is valid parquet/,
    );
  });

  it('refuses a dataset outside the allowed roots, also through a symlink', async () => {
    for (const location of [
      join(outside, 'orders.jsonl'),
      join(root, 'link-out', 'orders.jsonl'),
      join(root, '..', '..', 'etc', 'passwd'),
    ]) {
      const e = await failure(runner.run({ dataset: { location }, rules: [rules[4]!] }));
      expect(e, location).toMatchObject({
        name: 'InputError',
        code: expect.stringMatching(/QUALITY_DATASET_(OUTSIDE_ROOTS|NOT_FOUND)/),
      });
    }
    const e = await failure(
      runner.run({ dataset: { location: join(outside, 'orders.jsonl') }, rules: [rules[4]!] }),
    );
    expect(e.message).toMatch(/is outside the allowed roots .*--allow-root <dir>/);
  });

  it('refuses a dataset folder holding a symlink to a file outside the roots', async () => {
    const dir = join(root, 'linked');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(outside, 'secret.csv'), 'secret\nhunter2\n');
    symlinkSync(join(outside, 'secret.csv'), join(dir, 'secret.csv'));
    const e = await failure(runner.run({ dataset: { location: dir }, rules: [rules[4]!] }));
    expect(e).toMatchObject({
      code: 'QUALITY_DATASET_OUTSIDE_ROOTS',
      message: expect.stringMatching(/secret\.csv, which leads to .*outside the allowed roots/),
    });
  });

  it('refuses a missing dataset and an unknown --filter key', async () => {
    expect(
      await failure(runner.run({ dataset: { location: join(root, 'nope.parquet') }, rules })),
    ).toMatchObject({ code: 'QUALITY_DATASET_NOT_FOUND' });
    const e = await failure(
      runner.run({ dataset: { location: lake, filter: { region: 'eu' } }, rules }),
    );
    expect(e.message).toMatch(
      /--filter region=\.\.\.: dataset .* has no column "region" \(partition columns: order_date\)/,
    );
  });

  it('leaves no temporary folder behind, also after a failure', async () => {
    // A private TMPDIR: other runs on the machine may have folders of their own open.
    const saved = process.env.TMPDIR;
    const privateTmp = mkdtempSync(join(root, 'tmp-'));
    process.env.TMPDIR = privateTmp;
    try {
      await runner.run({ dataset: { location: lake }, rules });
      await failure(runner.run({ dataset: { location: join(root, 'corrupt.parquet') }, rules }));
      expect(readdirSync(privateTmp)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});
