import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../program.js';
import { captureIo as capture } from '../testing/capture-io.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const bin = join(repo, 'packages/cli/dist/bin.js');

let ws: string;
// A row of the good fixture with a few values changed.
const orderRow = (over: Record<string, unknown>): string => {
  const first = readFileSync(
    join(repo, 'domains/sales/orders/fixtures/orders.jsonl'),
    'utf8',
  ).split('\n')[0]!;
  return JSON.stringify({ ...(JSON.parse(first) as Record<string, unknown>), ...over });
};

beforeAll(() => {
  ws = mkdtempSync(join(tmpdir(), 'mesh-quality-'));
  cpSync(join(repo, 'domains'), join(ws, 'domains'), { recursive: true });
  cpSync(join(repo, 'contracts'), join(ws, 'contracts'), { recursive: true });
  mkdirSync(join(ws, 'data'));
  writeFileSync(
    join(ws, 'data/orders.jsonl'),
    [
      orderRow({}),
      orderRow({ status: 'LOST' }),
      orderRow({ order_number: 'X', total: { amount: '-1', currency: 'EUR' } }),
    ].join('\n'),
  );
  writeFileSync(join(ws, 'data/empty.jsonl'), '');
  writeFileSync(join(ws, 'data/corrupt.parquet'), 'not parquet');
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

const mesh = async (...argv: string[]) => {
  const io = capture(ws);
  const code = await run(['quality', ...argv], io);
  return { code, out: io.stdout(), err: io.stderr() };
};

describe('mesh quality', () => {
  it('passes a product on its fixtures with exit code 0 and keeps the results', async () => {
    const r = await mesh('sales/orders');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^sales\/orders\/orders {2}domains\/sales\/orders\/fixtures\/orders\.jsonl {2}24 rows/,
    );
    expect(r.out).toMatch(/\(bad fixture: must fail\)/);
    expect(r.out).toMatch(/^ok: \d+ checks on 2 datasets, 0 errors/m);
    expect(existsSync(join(ws, '.mesh/quality/latest.json'))).toBe(true);
  });

  it('fails with exit code 1 on a dataset that breaks rules, showing values and samples', async () => {
    const r = await mesh(
      'sales/orders',
      '--data',
      'data/orders.jsonl',
      '--no-save',
      '--now',
      '2026-11-20T08:20:00Z',
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL {2}known-status +1 {2}must be 0\n {10}\{"status":"LOST"/);
    expect(r.out).toMatch(/"contact_email":"\*\*\*"/);
    expect(r.out).toMatch(/ok {4}freshness\(updated_at\) +8m {2}newest value at most 15m old/);
    expect(r.out).toMatch(/FAIL {2}no-negative-totals +1 {2}must be 0/);
    expect(r.out).toMatch(/FAIL {2}one-record-per-change +2 {2}must be 0/);
  });

  it('prints the reports as JSON', async () => {
    const r = await mesh(
      'sales/orders/orders',
      '--dataset',
      'data/orders.jsonl',
      '--format',
      'json',
      '--no-save',
    );
    const doc = JSON.parse(r.out) as {
      command: string;
      ok: boolean;
      reports: { checks: { label: string; value: number }[] }[];
    };
    expect(doc).toMatchObject({ command: 'quality', ok: false });
    expect(doc.reports[0]!.checks.find((c) => c.label === 'known-status')!.value).toBe(1);
  });

  it('prints JUnit with a testcase per check and markdown with a row per check', async () => {
    const junit = await mesh(
      'sales/orders',
      '--data',
      'data/orders.jsonl',
      '--format',
      'junit',
      '--no-save',
    );
    expect(junit.out).toMatch(
      /<testcase name="quality\[2\] known-status" classname="sales\/orders\/orders" time="0"><failure message="known-status = 1; must be 0"/,
    );
    const md = await mesh(
      'sales/orders',
      '--data',
      'data/orders.jsonl',
      '--format',
      'markdown',
      '--no-save',
    );
    expect(md.out).toMatch(/\| ❌ \| known-status \| 1 \| must be 0 \|/);
  });

  it.each([
    [['sales/nope'], /product sales\/nope not found/],
    [['sales/orders', '--port', 'refunds'], /has no output port "refunds"/],
    [
      ['sales/orders', '--data', 'data/empty.jsonl', '--no-save'],
      /QUALITY_DATASET_EMPTY: dataset data\/empty\.jsonl is an empty file/,
    ],
    [
      ['sales/orders', '--data', 'data/corrupt.parquet', '--no-save'],
      /QUALITY_DATASET_UNREADABLE: cannot read dataset data\/corrupt\.parquet as parquet/,
    ],
    [
      ['sales/orders', '--data', '/etc/hostname', '--data-format', 'csv', '--no-save'],
      /QUALITY_DATASET_OUTSIDE_ROOTS/,
    ],
    [
      ['sales/orders', '--data', 'data/orders.jsonl', '--filter', 'region=eu', '--no-save'],
      /has no column "region"/,
    ],
    [['sales/orders', '--filter', 'nonsense'], /"nonsense" is not key=value/],
    [['sales/orders', '--memory-limit', 'lots'], /--memory-limit "lots" is not a size/],
    [['--data', 'data/orders.jsonl'], /--data names one dataset but \d+ ports are selected/],
  ])('exits 2 on bad input %j', async (argv, message) => {
    const r = await mesh(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('mesh quality (whole process)', () => {
  it('runs the built binary with exit codes 0 and 2', async () => {
    const exec = promisify(execFile);
    const ok = await exec('node', [bin, '-C', ws, 'quality', 'sales/customers', '--no-save'], {
      timeout: 60_000,
    });
    expect(ok.stdout).toMatch(/^ok: /m);
    const bad = await exec(
      'node',
      [bin, '-C', ws, 'quality', 'sales/orders', '--data', 'data/empty.jsonl'],
      { timeout: 60_000 },
    ).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/QUALITY_DATASET_EMPTY/) });
  });
});
