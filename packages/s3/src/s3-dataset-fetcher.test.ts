import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { S3Client } from '@aws-sdk/client-s3';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { keyGlob, parseS3Url, S3DatasetFetcher } from './s3-dataset-fetcher.js';

/** Answers ListObjectsV2 and GetObject from a map of buckets to objects. */
const fakeClient = (buckets: Record<string, Record<string, string>>): S3Client =>
  ({
    send: (command: unknown) => {
      const input = (command as { input: { Bucket: string; Prefix?: string; Key?: string } }).input;
      const bucket = buckets[input.Bucket];
      if (!bucket)
        return Promise.reject(
          Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket' }),
        );
      if (command instanceof ListObjectsV2Command)
        return Promise.resolve({
          Contents: Object.entries(bucket)
            .filter(([k]) => k.startsWith(input.Prefix ?? ''))
            .map(([Key, v]) => ({ Key, Size: v.length })),
        });
      if (command instanceof GetObjectCommand) {
        const body = bucket[input.Key!];
        if (body === undefined)
          return Promise.reject(Object.assign(new Error('no key'), { name: 'NoSuchKey' }));
        return Promise.resolve({ Body: Readable.from([Buffer.from(body)]) });
      }
      return Promise.reject(new Error('unexpected command'));
    },
  }) as unknown as S3Client;

const objects = {
  'lake/orders/order_date=2026-11-25/part-0.jsonl': '{"a":1}\n',
  'lake/orders/order_date=2026-11-26/part-0.jsonl': '{"a":2}\n',
  'lake/orders/order_date=2026-11-26/part-1.csv': 'a\n3\n',
  'lake/orders-old/x.jsonl': '{"a":0}\n',
  'evil/../../escape.jsonl': 'x',
};
const fetcher = new S3DatasetFetcher({
  client: fakeClient({ data: objects }),
  endpoint: 'http://127.0.0.1:5000',
});

let dirs: string[] = [];
const target = () => {
  const d = mkdtempSync(join(tmpdir(), 'meshkit-s3fetch-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('S3DatasetFetcher', () => {
  it('copies a prefix as a folder, keeping hive partition folders and not matching sibling prefixes', async () => {
    const dir = target();
    const r = await fetcher.fetch('s3://data/lake/orders', dir);
    expect(r.location).toBe(dir);
    expect(r.files.map((f) => f.slice(dir.length + 1))).toEqual([
      'order_date=2026-11-25/part-0.jsonl',
      'order_date=2026-11-26/part-0.jsonl',
      'order_date=2026-11-26/part-1.csv',
    ]);
    expect(readFileSync(join(dir, 'order_date=2026-11-26/part-0.jsonl'), 'utf8')).toBe('{"a":2}\n');
  });

  it('copies one object', async () => {
    const dir = target();
    const r = await fetcher.fetch('s3://data/lake/orders-old/x.jsonl', dir);
    expect(r).toMatchObject({
      location: join(dir, 'x.jsonl'),
      files: [join(dir, 'x.jsonl')],
      bytes: 8,
    });
  });

  it('copies the objects a glob matches and maps the glob into the folder', async () => {
    const dir = target();
    const r = await fetcher.fetch('s3://data/lake/orders/**/*.jsonl', dir);
    expect(r.files).toHaveLength(2);
    expect(r.location).toBe(join(dir, '**/*.jsonl'));
  });

  it('downloads only the partitions asked for', async () => {
    const dir = target();
    const r = await fetcher.fetch('s3://data/lake/orders/', dir, {
      partitions: { order_date: '2026-11-25' },
    });
    expect(r.files.map((f) => f.slice(dir.length + 1))).toEqual([
      'order_date=2026-11-25/part-0.jsonl',
    ]);
    await expect(
      fetcher.fetch('s3://data/lake/orders/', target(), {
        partitions: { order_date: '1999-01-01' },
      }),
    ).rejects.toMatchObject({
      code: 'S3_OBJECT_NOT_FOUND',
      message: expect.stringMatching(/in partition order_date=1999-01-01/),
    });
  });

  it('fails with S3_BUCKET_NOT_FOUND (infrastructure) for a missing bucket', async () => {
    await expect(fetcher.fetch('s3://nope/x/', target())).rejects.toMatchObject({
      name: 'InfrastructureError',
      code: 'S3_BUCKET_NOT_FOUND',
      message: expect.stringMatching(/bucket "nope" does not exist at http:\/\/127\.0\.0\.1:5000/),
    });
  });

  it('fails with S3_OBJECT_NOT_FOUND (infrastructure) when nothing is at the URL', async () => {
    await expect(fetcher.fetch('s3://data/lake/customers/', target())).rejects.toMatchObject({
      name: 'InfrastructureError',
      code: 'S3_OBJECT_NOT_FOUND',
    });
  });

  it('refuses a key that would land outside the download folder', async () => {
    await expect(fetcher.fetch('s3://data/evil/', target())).rejects.toMatchObject({
      code: 'S3_KEY_UNSAFE',
    });
  });

  it('refuses what is not an s3:// URL', () => {
    expect(() => parseS3Url('http://x/y')).toThrow(/not an S3 dataset URL/);
    expect(keyGlob('a/**/b*.parquet').test('a/x/y/b1.parquet')).toBe(true);
    expect(keyGlob('a/*.parquet').test('a/x/b.parquet')).toBe(false);
  });
});
