import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AWS_CREDENTIALS,
  AWS_REGION,
  S3_ENDPOINT,
  s3ClientConfig,
  uniqueName,
} from '../../../../tools/test/services.js';

// Whole `mesh` processes against moto's S3: exit codes are what CI sees.
const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const bin = join(repo, 'packages/cli/dist/bin.js');
const client = new S3Client(s3ClientConfig());
const bucket = uniqueName('quality');
let ws: string;

const mesh = (...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(
      'node',
      [bin, '-C', ws, 'quality', ...argv],
      {
        timeout: 90_000,
        env: {
          ...process.env,
          AWS_ENDPOINT_URL: S3_ENDPOINT,
          AWS_REGION,
          AWS_ACCESS_KEY_ID: AWS_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: AWS_CREDENTIALS.secretAccessKey,
          CI: '1',
          TMPDIR: privateTmp,
        },
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 99) : 0,
          stdout,
          stderr,
        }),
    );
  });

// The processes get a private TMPDIR, so folders of other runs on the machine do not count.
let privateTmp: string;
const tempFolders = () => readdirSync(privateTmp);

beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'mesh-quality-s3-'));
  privateTmp = mkdtempSync(join(ws, 'tmp-'));
  cpSync(join(repo, 'domains'), join(ws, 'domains'), { recursive: true });
  cpSync(join(repo, 'contracts'), join(ws, 'contracts'), { recursive: true });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const rows = readFileSync(join(repo, 'domains/sales/orders/fixtures/orders.jsonl'), 'utf8');
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'lake/orders/order_date=2026-11-20/part-0.jsonl',
      Body: rows,
    }),
  );
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'lake/orders/order_date=2026-11-21/part-0.jsonl',
      Body: rows.split('\n')[0]!,
    }),
  );
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe(`mesh quality on S3 (moto at ${S3_ENDPOINT})`, () => {
  it('fetches a hive-partitioned prefix, checks it and removes the temporary folder', async () => {
    const before = tempFolders();
    const r = await mesh(
      'sales/orders',
      '--data',
      `s3://${bucket}/lake/orders/`,
      '--now',
      '2026-11-21T00:00:00Z',
      '--no-save',
      '--format',
      'json',
    );
    const doc = JSON.parse(r.stdout) as {
      reports: { rowCount: number; checks: { label: string; value: number }[] }[];
    };
    expect(doc.reports[0]!.rowCount).toBe(25);
    // The partition of 2026-11-21 repeats a row of 2026-11-20.
    expect(doc.reports[0]!.checks.find((c) => c.label === 'one-record-per-change')!.value).toBe(1);
    expect(r.code).toBe(1);
    expect(tempFolders()).toEqual(before);
  });

  it('checks only the partitions --filter names', async () => {
    const r = await mesh(
      'sales/orders',
      '--data',
      `s3://${bucket}/lake/orders/`,
      '--filter',
      'order_date=2026-11-20',
      '--now',
      '2026-11-20T13:00:00Z',
      '--no-save',
      '--format',
      'json',
    );
    const doc = JSON.parse(r.stdout) as { reports: { rowCount: number }[] };
    expect(doc.reports[0]!.rowCount).toBe(24);
  });

  it('exits 3 naming the bucket when the bucket does not exist', async () => {
    const before = tempFolders();
    const r = await mesh('sales/orders', '--data', `s3://${uniqueName('missing')}/lake/orders/`);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /S3_BUCKET_NOT_FOUND: bucket "missing-[^"]+" does not exist at http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(tempFolders()).toEqual(before);
  });

  it('exits 3 when nothing is at the URL', async () => {
    const r = await mesh('sales/orders', '--data', `s3://${bucket}/lake/refunds/`);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /S3_OBJECT_NOT_FOUND: no objects at s3:\/\/quality-[^/]+\/lake\/refunds\//,
    );
  });
});
