import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { QualityRule } from '@meshkit/core';
import { DuckDbQualityRunner } from './duckdb-quality-runner.js';

const root = mkdtempSync(join(tmpdir(), 'meshkit-usersql-'));
const dataDir = join(root, 'data');
const outside = mkdtempSync(join(tmpdir(), 'meshkit-outside-'));
writeFileSync(join(outside, 'secret.csv'), 'secret\nhunter2\n');
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const setup = async () => {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'orders.jsonl');
  writeFileSync(
    file,
    [
      '{"order_id":"a","total":5}',
      '{"order_id":"b","total":-1}',
      '{"order_id":"c","total":7}',
    ].join('\n'),
  );
  return file;
};

const runner = new DuckDbQualityRunner({ allowedRoots: [root], threads: 1, memoryLimit: '256MB' });

const runSql = async (query: string, extra: Partial<QualityRule> = {}) => {
  const file = await setup();
  return runner.run({
    dataset: { location: file },
    rules: [{ type: 'sql', name: 'probe', query, mustBe: 1, ...extra }],
  });
};

describe('user SQL', () => {
  it("runs the rule's own query on the dataset view", async () => {
    const report = await runSql('SELECT count(*) FROM {dataset} WHERE total < 0');
    expect(report.checks[0]).toMatchObject({ status: 'passed', value: 1 });
  });

  it('can read the dataset through a CTE and a join', async () => {
    const report = await runSql(
      'WITH neg AS (SELECT * FROM {dataset} WHERE total < 0) SELECT count(*) FROM neg JOIN {dataset} d USING (order_id)',
    );
    expect(report.checks[0]).toMatchObject({ status: 'passed', value: 1 });
  });

  const refused: [string, string, RegExp][] = [
    [
      'read_csv of /etc/passwd',
      "SELECT count(*) FROM read_csv('/etc/passwd') WHERE {dataset} IS NULL OR true",
      /Permission Error.*\/etc\/passwd/,
    ],
    [
      'a file outside the dataset folder',
      `SELECT count(*) FROM read_csv('${join(outside, 'secret.csv')}'), {dataset}`,
      /Permission Error/,
    ],
    [
      'COPY ... TO',
      `COPY (SELECT * FROM {dataset}) TO '${join(dataDir, 'leak.csv')}'`,
      /only a read-only SELECT/,
    ],
    ['ATTACH', `ATTACH '${join(dataDir, 'x.db')}' AS x -- {dataset}`, /only a read-only SELECT/],
    ['INSTALL', 'INSTALL httpfs -- {dataset}', /only a read-only SELECT/],
    ['LOAD', 'LOAD httpfs -- {dataset}', /only a read-only SELECT/],
    ['SET', 'SET enable_external_access = true -- {dataset}', /only a read-only SELECT/],
    ['PRAGMA', 'PRAGMA threads = 8 -- {dataset}', /only a read-only SELECT/],
    ['CREATE', 'CREATE TABLE t AS SELECT * FROM {dataset}', /only a read-only SELECT/],
    [
      'a second statement after ;',
      "SELECT count(*) FROM {dataset}; COPY (SELECT 1) TO '/tmp/x.csv'",
      /holds 2 statements/,
    ],
    [
      'a comment hiding the semicolon',
      "SELECT count(*) FROM {dataset} /* harmless */; /* ; */ ATTACH ':memory:' AS m",
      /holds 2 statements/,
    ],
    [
      'a comment trick before a statement',
      "-- SELECT count(*) FROM {dataset}\nATTACH ':memory:' AS m",
      /only a read-only SELECT/,
    ],
    [
      'a string holding a statement',
      "SELECT count(*) FROM {dataset} WHERE order_id = ''; DETACH m; --'",
      /holds 2 statements|does not parse/,
    ],
    ['a query that does not parse', 'SELEC count(*) FROM {dataset}', /does not parse/],
  ];
  for (const [what, query, message] of refused) {
    it(`refuses ${what} with a clear error naming the rule`, async () => {
      const error = await runSql(query).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: 'InputError', message: expect.stringMatching(message) });
      expect((error as Error).message).toMatch(/sql rule quality\[0\] probe/);
    });
  }

  it('leaves no file behind after a refused COPY', () => {
    expect(existsSync(join(dataDir, 'leak.csv'))).toBe(false);
    expect(existsSync(join(dataDir, 'x.db'))).toBe(false);
  });

  it('requires one row with one number', async () => {
    await expect(runSql('SELECT order_id, total FROM {dataset}')).rejects.toThrow(
      /one row with one number, not 3 row\(s\) of 2 column\(s\)/,
    );
  });

  it('stops a query that runs past the timeout', async () => {
    const file = await setup();
    const slow = new DuckDbQualityRunner({
      allowedRoots: [root],
      threads: 1,
      userSqlTimeoutMs: 200,
    });
    await expect(
      slow.run({
        dataset: { location: file },
        rules: [
          {
            type: 'sql',
            query: 'SELECT count(*) FROM {dataset}, range(100000000000) a',
            mustBe: 0,
          },
        ],
      }),
    ).rejects.toThrow(/ran longer than 200 ms/);
  });
});

describe('user SQL failing on the data', () => {
  it('makes the check unmeasurable (an error finding), not the whole run bad input', async () => {
    const report = await runSql(
      'SELECT count(*) FROM {dataset} WHERE CAST(order_id AS INTEGER) > 0',
    );
    expect(report.checks[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(
        /sql rule quality\[0\] probe failed on this dataset: Conversion Error/,
      ),
    });
    expect(report.status).toBe('failed');
  });
});
