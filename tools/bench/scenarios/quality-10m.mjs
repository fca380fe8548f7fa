// `mesh quality` on 10 million generated order rows in Parquet, whole process, against running the
// same rules as one query each (DuckDbQualityRunner's per-check strategy) in the same bench run;
// then the runner alone on both strategies, and on the first million rows as JSON Lines.
// Rules: 3 nullValues, 1 duplicateValues, 1 invalidValues with validValues, 1 range, rowCount,
// freshness. Target: under 4 s. The dataset is generated once with DuckDB under .bench/.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertOk, bestOf, benchDir, meshBin, repoRoot, row, timeProcess } from '../lib.mjs';

const ROWS = 10_000_000;
const NOW = '2026-11-26T12:00:00Z';

const CONTRACT = {
  type: 'record',
  name: 'Order',
  namespace: 'bench.orders',
  fields: [
    { name: 'order_id', type: 'string' },
    { name: 'customer_id', type: ['null', 'string'], default: null },
    { name: 'email', type: ['null', 'string'], default: null, pii: true },
    { name: 'status', type: 'string' },
    { name: 'total', type: 'double' },
    { name: 'updated_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'order_date', type: { type: 'int', logicalType: 'date' } },
  ],
};

const RULES = [
  { name: 'order-id-present', metric: 'nullValues', column: 'order_id', mustBe: 0 },
  {
    name: 'customer-present',
    metric: 'nullValues',
    column: 'customer_id',
    unit: 'percent',
    mustBeLessThan: 1,
  },
  {
    name: 'email-present',
    metric: 'nullValues',
    column: 'email',
    unit: 'percent',
    mustBeLessThan: 5,
  },
  { name: 'unique-order-id', metric: 'duplicateValues', column: 'order_id', mustBe: 0 },
  {
    name: 'known-status',
    metric: 'invalidValues',
    column: 'status',
    validValues: ['PLACED', 'PAID', 'SHIPPED', 'DELIVERED'],
    mustBe: 0,
  },
  {
    name: 'total-in-range',
    metric: 'invalidValues',
    column: 'total',
    minValue: 0,
    maxValue: 10000,
    mustBe: 0,
  },
  { name: 'not-empty', metric: 'rowCount', mustBeGreaterThan: 0 },
];
const SLA = { freshness: { column: 'updated_at', maxAge: 'PT15M' } };

const yamlRule = (r) => `      - ${JSON.stringify(r)}`;

/** A workspace with one product whose port carries the rule set. */
const writeWorkspace = (dir) => {
  mkdirSync(join(dir, 'domains/bench/orders/contracts'), { recursive: true });
  writeFileSync(
    join(dir, 'domains/bench/domain.yaml'),
    'apiVersion: meshkit/v1\nkind: Domain\nname: bench\ntitle: Bench\ndescription: Generated data for the quality benchmark.\nowner: { team: bench, email: bench@example.com }\n',
  );
  writeFileSync(
    join(dir, 'domains/bench/orders/contracts/orders.avsc'),
    JSON.stringify(CONTRACT, null, 2),
  );
  writeFileSync(
    join(dir, 'domains/bench/orders/product.yaml'),
    `apiVersion: meshkit/v1
kind: DataProduct
domain: bench
name: orders
title: Orders
description: Ten million generated orders for the quality benchmark, one row per order.
owner: { team: bench, email: bench@example.com }
lifecycle: active
outputPorts:
  - name: orders
    version: 1.0.0
    contract: contracts/orders.avsc
    compatibility: BACKWARD
    format: parquet
    sla:
      freshness: { column: updated_at, maxAge: PT15M }
    quality:
${RULES.map(yamlRule).join('\n')}
`,
  );
};

/** 10M rows: ~0.1% duplicate ids, ~0.5% NULL customers, ~2% NULL emails, a few bad statuses and totals. */
const generate = async (file) => {
  const { DuckDBInstance } = await import(`${repoRoot}node_modules/@duckdb/node-api/lib/index.js`);
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '2GB' });
  const c = await instance.connect();
  const tmp = `${file}.tmp`;
  try {
    await c.run(`COPY (
      SELECT
        'O-' || CASE WHEN i % 1000 = 7 THEN i - 1 ELSE i END AS order_id,
        CASE WHEN i % 200 = 3 THEN NULL ELSE 'C-' || (i % 500000) END AS customer_id,
        CASE WHEN i % 50 = 1 THEN NULL ELSE 'user' || (i % 500000) || '@example.com' END AS email,
        CASE WHEN i % 100000 = 5 THEN 'LOST' ELSE ['PLACED', 'PAID', 'SHIPPED', 'DELIVERED'][1 + i % 4] END AS status,
        CASE WHEN i % 250000 = 11 THEN -1.0 ELSE round(5 + (i % 99991) / 10.0, 2) END AS total,
        TIMESTAMPTZ '${NOW}' - INTERVAL (i % 86400000) MILLISECOND AS updated_at,
        CAST(TIMESTAMPTZ '${NOW}' - INTERVAL (i % 86400000) MILLISECOND AS DATE) AS order_date
      FROM range(${ROWS}) t(i)
    ) TO '${tmp}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 500000)`);
    const { renameSync } = await import('node:fs');
    renameSync(tmp, file);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
};

/** The first rows as JSON Lines: a row format, where every extra query parses the file again. */
const toJsonl = async (parquet, file, rows) => {
  const { DuckDBInstance } = await import(`${repoRoot}node_modules/@duckdb/node-api/lib/index.js`);
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '1GB' });
  const c = await instance.connect();
  try {
    await c.run(
      `COPY (SELECT * FROM read_parquet('${parquet}') LIMIT ${rows}) TO '${file}.tmp' (FORMAT json)`,
    );
    const { renameSync } = await import('node:fs');
    renameSync(`${file}.tmp`, file);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
};

// The runner alone, in a process of its own: the checks' values, how long each phase took, and
// the process's CPU time (DuckDB's threads included), which a busy machine disturbs less than wall time.
const ENGINE = `
const [duckdb, file, rulesJson, slaJson, schemaJson, now, strategy] = process.argv.slice(1);
const { DuckDbQualityRunner } = await import(duckdb);
const phases = {};
let last = Date.now();
let phase = 'open';
const runner = new DuckDbQualityRunner({
  allowedRoots: [file.slice(0, file.lastIndexOf('/'))],
  strategy,
  onProgress: (p) => {
    if (p.phase === phase) return;
    const t = Date.now();
    phases[phase] = (phases[phase] ?? 0) + t - last;
    last = t;
    phase = p.phase;
  },
});
const report = await runner.run({
  dataset: { location: file },
  rules: JSON.parse(rulesJson),
  sla: JSON.parse(slaJson),
  schema: JSON.parse(schemaJson),
  now: new Date(now),
});
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({
  values: report.checks.map((c) => c.value),
  phases,
  cpuMs: (cpu.user + cpu.system) / 1000,
}));
`;

/** CPU time (user + system) of a whole process, from GNU time. */
const cpuOf = (command, args, env = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '__cpu=%U %S', command, ...args], {
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', () => {
      const m = /__cpu=([\d.]+) ([\d.]+)/.exec(stderr);
      resolve({ stdout, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN });
    });
  });

export const run = async ({ scenario }) => {
  const dir = join(benchDir, 'quality-10m');
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  const file = join(data, 'orders.parquet');
  if (!existsSync(file)) await generate(file);
  const jsonl = join(data, 'orders-1m.jsonl');
  if (!existsSync(jsonl)) await toJsonl(file, jsonl, 1_000_000);
  writeWorkspace(join(dir, 'ws'));

  const meshArgs = [
    meshBin,
    '-C',
    join(dir, 'ws'),
    'quality',
    'bench/orders',
    '--data',
    file,
    '--allow-root',
    data,
    '--now',
    NOW,
    '--no-save',
    '--format',
    'json',
  ];
  const mesh = await bestOf(3, async () =>
    assertOk(await timeProcess('node', meshArgs, { env: { CI: '1' } }), 'mesh quality'),
  );
  const report = JSON.parse(mesh.stdout);
  const checks = report.reports[0].checks;
  if (report.reports[0].rowCount !== ROWS)
    throw new Error(`mesh quality read ${report.reports[0].rowCount} rows, not ${ROWS}`);

  const engineArgs = (strategy, dataset = file) => [
    '--input-type=module',
    '-e',
    ENGINE,
    `${repoRoot}packages/duckdb/dist/index.js`,
    dataset,
    JSON.stringify(RULES),
    JSON.stringify(SLA),
    JSON.stringify(CONTRACT),
    NOW,
    strategy,
  ];
  const engine = (strategy) =>
    bestOf(3, async () =>
      assertOk(await timeProcess('node', engineArgs(strategy)), `runner (${strategy})`),
    );
  const perCheck = await engine('per-check');
  const fused = await engine('fused');
  const perCheckOut = JSON.parse(perCheck.stdout);
  const fusedOut = JSON.parse(fused.stdout);
  const values = checks.map((c) => c.value);
  if (JSON.stringify(perCheckOut.values) !== JSON.stringify(values))
    throw new Error(
      `per-check baseline measured other values: ${JSON.stringify(perCheckOut.values)} vs ${JSON.stringify(values)}`,
    );
  const meshCpu = await cpuOf('node', meshArgs, { CI: '1' });
  const jsonPerCheck = JSON.parse((await engine('per-check', jsonl, 1)).stdout);
  const jsonFused = JSON.parse((await engine('fused', jsonl, 1)).stdout);

  const baseline = 'one query per rule';
  return [
    row({
      scenario,
      metric: 'wall time, mesh quality, 10M rows, 8 rules',
      value: mesh.ms,
      unit: 'ms',
      baseline: `${baseline} (runner only, no workspace)`,
      baselineValue: perCheck.ms,
      target: 4000,
    }),
    row({
      scenario,
      metric: 'CPU time, mesh quality',
      value: meshCpu.cpuMs,
      unit: 'ms',
      baseline,
      baselineValue: perCheckOut.cpuMs,
    }),
    row({
      scenario,
      metric: 'peak memory, mesh quality',
      value: mesh.peakRssMb ?? 0,
      unit: 'MB',
      baseline,
      baselineValue: perCheck.peakRssMb ?? null,
    }),
    row({
      scenario,
      metric: 'wall time, runner only',
      value: fused.ms,
      unit: 'ms',
      baseline,
      baselineValue: perCheck.ms,
    }),
    row({
      scenario,
      metric: 'CPU time, runner only',
      value: fusedOut.cpuMs,
      unit: 'ms',
      baseline,
      baselineValue: perCheckOut.cpuMs,
    }),
    row({
      scenario,
      metric: 'column checks + SLA: one fused scan vs one query each',
      value: fusedOut.phases.scan ?? 0,
      unit: 'ms',
      baseline,
      baselineValue: perCheckOut.phases.scan ?? null,
    }),
    row({
      scenario,
      metric: 'duplicateValues query',
      value: fusedOut.phases.query ?? 0,
      unit: 'ms',
    }),
    row({
      scenario,
      metric: 'samples of the failing rules',
      value: fusedOut.phases.samples ?? 0,
      unit: 'ms',
    }),
    row({
      scenario,
      metric: 'JSONL, 1M rows: column checks + SLA, one fused scan vs one query each',
      value: jsonFused.phases.scan ?? 0,
      unit: 'ms',
      baseline,
      baselineValue: jsonPerCheck.phases.scan ?? null,
    }),
    row({
      scenario,
      metric: 'JSONL, 1M rows: CPU time, runner only',
      value: jsonFused.cpuMs,
      unit: 'ms',
      baseline,
      baselineValue: jsonPerCheck.cpuMs,
    }),
  ];
};
