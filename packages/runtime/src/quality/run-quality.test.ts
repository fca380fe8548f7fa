import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetFetcher } from '@meshkit/core';
import { InfrastructureError } from '@meshkit/core';
import { runQuality } from './run-quality.js';
import { readQualityRuns } from '../catalog/catalog-results.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
let root: string;
const now = new Date('2026-11-20T08:20:00Z');

const contract = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'order_id', type: 'string' },
    { name: 'email', type: ['null', 'string'], default: null, pii: true },
    { name: 'status', type: 'string' },
    { name: 'total', type: 'double' },
    { name: 'updated_at', type: 'string' },
  ],
};
const row = (i: number, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    order_id: `o-${i}`,
    email: `u${i}@x.io`,
    status: 'PAID',
    total: 10 + i,
    updated_at: `2026-11-20T08:1${i}:00Z`,
    ...over,
  });

const product = (quality: string) => `apiVersion: meshkit/v1
kind: DataProduct
domain: shop
name: orders
title: Orders
description: Orders of the test shop, one per line, used to check mesh quality end to end.
owner: { team: shop-data, email: shop@example.com }
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
${quality}
`;
const RULES = `      - { name: id-present, metric: nullValues, column: order_id, mustBe: 0 }
      - { name: unique-ids, metric: duplicateValues, column: order_id, mustBe: 0 }
      - { name: known-status, metric: invalidValues, column: status, validValues: [PLACED, PAID], mustBe: 0 }
      - { name: no-negative, type: sql, query: "SELECT count(*) FROM {dataset} WHERE total < 0", mustBe: 0 }`;

const writeProduct = (quality = RULES) =>
  writeFileSync(join(root, 'domains/shop/orders/product.yaml'), product(quality));

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'meshkit-runquality-'));
  cpSync(join(repo, 'contracts'), join(root, 'contracts'), { recursive: true });
  mkdirSync(join(root, 'domains/shop/orders/contracts'), { recursive: true });
  mkdirSync(join(root, 'domains/shop/orders/fixtures'), { recursive: true });
  writeFileSync(
    join(root, 'domains/shop/domain.yaml'),
    'apiVersion: meshkit/v1\nkind: Domain\nname: shop\ntitle: Shop\ndescription: The test shop domain for quality runs.\nowner: { team: shop-data, email: shop@example.com }\n',
  );
  writeFileSync(
    join(root, 'domains/shop/orders/contracts/orders.avsc'),
    JSON.stringify(contract, null, 2),
  );
  writeFileSync(
    join(root, 'domains/shop/orders/fixtures/orders.jsonl'),
    [0, 1, 2].map((i) => row(i)).join('\n'),
  );
  writeFileSync(
    join(root, 'domains/shop/orders/fixtures/orders.bad.jsonl'),
    [row(0), row(0, { status: 'LOST', total: -1 })].join('\n'),
  );
  mkdirSync(join(root, 'data'));
  writeFileSync(join(root, 'data/today.jsonl'), [row(1), row(1, { status: 'LOST' })].join('\n'));
  writeProduct();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runQuality', () => {
  it('checks the fixtures: the good one passes, the bad one fails as it must', async () => {
    const result = await runQuality({ root, product: 'shop/orders', now, env: {} });
    expect(result.status).toBe('passed');
    expect(result.reports.map((r) => [r.dataset, r.expect ?? 'pass', r.status])).toEqual([
      ['domains/shop/orders/fixtures/orders.jsonl', 'pass', 'passed'],
      ['domains/shop/orders/fixtures/orders.bad.jsonl', 'fail', 'passed'],
    ]);
    expect(result.reports[1]!.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['quality/duplicateValues', 'info'],
      ['quality/invalidValues', 'info'],
      ['quality/sql', 'info'],
    ]);
  });

  it('keeps the run where the catalog reads it', async () => {
    await runQuality({ root, product: 'shop/orders', now, env: {} });
    const runs = await readQualityRuns(root);
    expect(runs.at(-1)).toMatchObject({ product: 'shop/orders', port: 'orders', major: 1 });
    expect(runs.at(-1)!.results.map((r) => r.passed)).toEqual([true, true, true, true]);
    const latest = JSON.parse(readFileSync(join(root, '.mesh/quality/latest.json'), 'utf8')) as {
      runs: unknown[];
    };
    expect(latest.runs).toHaveLength(1);
  });

  it('checks a dataset given by path, with findings located in product.yaml', async () => {
    const result = await runQuality({
      root,
      product: 'shop/orders',
      dataset: 'data/today.jsonl',
      now,
      env: {},
      keepResults: false,
    });
    expect(result.status).toBe('failed');
    const dup = result.findings.find((f) => f.ruleId === 'quality/duplicateValues')!;
    expect(dup.location).toEqual({
      file: 'domains/shop/orders/product.yaml',
      line: 19,
      column: 9,
      pointer: '/outputPorts/0/quality/1',
    });
    expect((dup.data?.samples as Record<string, unknown>[])[0]).toMatchObject({
      order_id: 'o-1',
      email: '***',
    });
  });

  it('fetches an s3:// dataset into a temporary folder and always removes it', async () => {
    const seen: string[] = [];
    const fetcher: DatasetFetcher = {
      schemes: ['s3'],
      fetch: (url, dir) => {
        seen.push(dir);
        cpSync(join(root, 'data/today.jsonl'), join(dir, 'today.jsonl'));
        return Promise.resolve({
          location: join(dir, 'today.jsonl'),
          dir,
          files: [join(dir, 'today.jsonl')],
          bytes: 1,
        });
      },
    };
    const result = await runQuality({
      root,
      product: 'shop/orders/orders',
      dataset: 's3://bucket/today.jsonl',
      fetcher,
      now,
      env: {},
      keepResults: false,
    });
    expect(result.reports[0]!.dataset).toBe('s3://bucket/today.jsonl');
    expect(readdirSync(tmpdir()).filter((d) => seen.some((s) => s.endsWith(d)))).toEqual([]);

    const failing: DatasetFetcher = {
      schemes: ['s3'],
      fetch: () =>
        Promise.reject(
          new InfrastructureError('S3_BUCKET_NOT_FOUND', 'bucket "nope" does not exist', {
            retriable: false,
          }),
        ),
    };
    await expect(
      runQuality({
        root,
        product: 'shop/orders',
        dataset: 's3://nope/x',
        fetcher: failing,
        env: {},
      }),
    ).rejects.toMatchObject({ code: 'S3_BUCKET_NOT_FOUND' });
  });

  it('refuses rules that cannot run, at their line in product.yaml', async () => {
    writeProduct(`      - { metric: nullValues, column: ordr_id, mustBe: 0 }
      - { metric: invalidValues, column: status, pattern: "[A-", mustBe: 0 }`);
    try {
      const e = await runQuality({ root, product: 'shop/orders', env: {} }).catch(
        (x: unknown) => x as Error,
      );
      expect(e).toMatchObject({ name: 'InputError', code: 'QUALITY_RULE_INVALID' });
      expect((e as Error).message.split('\n')).toEqual([
        expect.stringMatching(
          /^domains\/shop\/orders\/product\.yaml:18:39: quality\[0\] nullValues\(ordr_id\): column "ordr_id" is not a field/,
        ),
        expect.stringMatching(
          /^domains\/shop\/orders\/product\.yaml:19:59: quality\[1\] invalidValues\(status\): pattern "\[A-" is not a valid regular expression/,
        ),
      ]);
    } finally {
      writeProduct();
    }
  });

  it('refuses a non-numeric threshold through the descriptor check, naming file and place', async () => {
    writeProduct(`      - { metric: rowCount, mustBeGreaterThan: "ten" }`);
    try {
      const e = await runQuality({ root, product: 'shop/orders', env: {} }).catch(
        (x: unknown) => x as Error,
      );
      expect(e).toMatchObject({ name: 'InputError' });
      expect((e as Error).message).toMatch(
        /domains\/shop\/orders\/product\.yaml:18:48: .*mustBeGreaterThan must be of type number/,
      );
    } finally {
      writeProduct();
    }
  });

  it('names unknown products and ports, and a dataset outside the allowed roots', async () => {
    await expect(runQuality({ root, product: 'shop/nope', env: {} })).rejects.toThrow(
      /product shop\/nope not found; products: shop\/orders/,
    );
    await expect(
      runQuality({ root, product: 'shop/orders', port: 'refunds', env: {} }),
    ).rejects.toThrow(/has no output port "refunds"; ports: orders/);
    await expect(runQuality({ root, product: '../etc', env: {} })).rejects.toMatchObject({
      code: 'INPUT_PRODUCT_ID',
    });
    await expect(
      runQuality({ root, product: 'shop/orders', dataset: '/etc/passwd', env: {} }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/OUTSIDE_ROOTS|FORMAT/) });
  });
});
