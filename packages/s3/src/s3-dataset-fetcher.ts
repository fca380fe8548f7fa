import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DatasetFetcher, FetchedDataset } from '@meshkit/core';
import { InfrastructureError, InputError } from '@meshkit/core';
import {
  createS3Client,
  describeEndpoint,
  listObjectPages,
  type S3Connection,
} from './s3-client.js';
import { toS3Error } from './s3-errors.js';

export interface S3DatasetFetcherOptions {
  client: S3Client;
  /** Shown in messages. */
  endpoint?: string;
  /** Refuse datasets larger than this many bytes (they are copied to local disk). Default 20 GiB. */
  maxBytes?: number;
  /** Objects downloaded at once. Default 4. */
  concurrency?: number;
}

const WILDCARD = /[*?[]/;

/** `s3://bucket/a/b*.parquet` -> bucket and key; refuses anything else. */
export const parseS3Url = (url: string): { bucket: string; key: string } => {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!m || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(m[1]!))
    throw new InputError(
      'S3_URL_INVALID',
      `"${url}" is not an S3 dataset URL; write s3://<bucket>/<prefix>/, s3://<bucket>/<key> or s3://<bucket>/<prefix>/*.parquet`,
    );
  return { bucket: m[1]!, key: m[2]! };
};

/** A key glob as a RegExp: `*` within one folder, `**` across folders, `?` one character. */
export const keyGlob = (glob: string): RegExp => {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
};

/**
 * Copies an S3 dataset into a local folder for DuckDB (whose httpfs extension cannot be installed
 * here). The key layout below the URL's folder is kept, so hive partitions survive. A missing
 * bucket or object is an infrastructure error (exit 3): the data the run needs is not there.
 */
export class S3DatasetFetcher implements DatasetFetcher {
  readonly schemes = ['s3'] as const;
  private readonly endpoint: string;

  constructor(private readonly options: S3DatasetFetcherOptions) {
    this.endpoint = options.endpoint ?? 'AWS S3';
  }

  async fetch(
    url: string,
    targetDir: string,
    opts: { signal?: AbortSignal; partitions?: Record<string, string> } = {},
  ): Promise<FetchedDataset> {
    const { bucket, key } = parseS3Url(url);
    const wild = key.search(WILDCARD);
    const listPrefix = wild >= 0 ? key.slice(0, wild) : key;
    const objects = await this.list(bucket, listPrefix, url, opts.signal);

    let selected: { key: string; size: number }[];
    let base: string;
    let location: string;
    if (wild >= 0) {
      const re = keyGlob(key);
      selected = objects.filter((o) => re.test(o.key));
      base = listPrefix.slice(0, listPrefix.lastIndexOf('/') + 1);
      location = join(targetDir, key.slice(base.length));
    } else if (objects.some((o) => o.key === key) && key !== '') {
      selected = objects.filter((o) => o.key === key);
      base = key.slice(0, key.lastIndexOf('/') + 1);
      location = join(targetDir, key.slice(base.length));
    } else {
      base = key === '' || key.endsWith('/') ? key : `${key}/`;
      selected = objects.filter((o) => o.key.startsWith(base) && !o.key.endsWith('/'));
      location = targetDir;
    }
    const partitions = Object.entries(opts.partitions ?? {});
    if (partitions.length > 0 && selected.length > 0) {
      // Only the partitions asked for are downloaded; DuckDB applies the filter again on the rows.
      const inPartitions = (k: string): boolean => {
        const folders = k.slice(base.length).split('/').slice(0, -1);
        return partitions.every(([name, value]) =>
          folders.every((f) => !f.startsWith(`${name}=`) || f === `${name}=${value}`),
        );
      };
      selected = selected.filter((o) => inPartitions(o.key));
      if (selected.length === 0)
        throw new InfrastructureError(
          'S3_OBJECT_NOT_FOUND',
          `no objects at ${url} (${this.endpoint}) in partition ${partitions.map(([k, v]) => `${k}=${v}`).join(', ')}; check --filter, or whether that partition was written`,
          { retriable: false },
        );
    }
    if (selected.length === 0)
      throw new InfrastructureError(
        'S3_OBJECT_NOT_FOUND',
        `no objects at ${url} (${this.endpoint}); check the bucket and key, or upload the dataset first`,
        { retriable: false },
      );
    const bytes = selected.reduce((n, o) => n + o.size, 0);
    const max = this.options.maxBytes ?? 20 * 1024 ** 3;
    if (bytes > max)
      throw new InputError(
        'S3_DATASET_TOO_LARGE',
        `${url} holds ${bytes} bytes, more than the ${max} this run may copy to local disk; narrow the prefix or use --filter on a partition folder`,
      );

    const files: string[] = [];
    const queue = [...selected];
    const worker = async () => {
      for (let o = queue.shift(); o; o = queue.shift()) {
        const local = resolve(targetDir, o.key.slice(base.length));
        const rel = relative(targetDir, local);
        // A key such as "a/../../etc/x" must not write outside the target folder.
        if (rel.startsWith('..') || isAbsolute(rel))
          throw new InputError(
            'S3_KEY_UNSAFE',
            `object key "${o.key}" in s3://${bucket} leads outside the download folder`,
          );
        await mkdir(dirname(local), { recursive: true });
        await this.download(bucket, o.key, local, opts.signal);
        files.push(local);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.concurrency ?? 4, selected.length) }, worker),
    );
    return { location, dir: targetDir, files: files.sort(), bytes };
  }

  private async list(
    bucket: string,
    prefix: string,
    url: string,
    signal: AbortSignal | undefined,
  ): Promise<{ key: string; size: number }[]> {
    const out: { key: string; size: number }[] = [];
    // Bounded: 1000 pages of 1000 keys.
    let pages = 0;
    try {
      for await (const objects of listObjectPages(this.options.client, bucket, prefix, signal)) {
        if (++pages > 1000) break;
        for (const o of objects) if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0 });
      }
    } catch (error) {
      throw this.error(error, bucket, `list ${url}`);
    }
    if (pages <= 1000) return out;
    throw new InputError(
      'S3_DATASET_TOO_LARGE',
      `${url} lists more than a million objects; narrow the prefix`,
    );
  }

  private async download(
    bucket: string,
    key: string,
    path: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    let body: unknown;
    try {
      const res = await this.options.client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key }),
        signal ? { abortSignal: signal } : {},
      );
      body = res.Body;
    } catch (error) {
      throw this.error(error, bucket, `download s3://${bucket}/${key}`);
    }
    if (!(body instanceof Readable))
      throw new InfrastructureError(
        'S3_REQUEST_FAILED',
        `s3://${bucket}/${key} came back without a body`,
      );
    await pipeline(body, createWriteStream(path));
  }

  private error(error: unknown, bucket: string, action: string): Error {
    const name = (error as { name?: string } | null)?.name ?? '';
    if (name === 'NoSuchBucket')
      return new InfrastructureError(
        'S3_BUCKET_NOT_FOUND',
        `bucket "${bucket}" does not exist at ${this.endpoint} (while trying to ${action}); check the URL and aws.endpoint in mesh.config.yaml`,
        { cause: error, retriable: false },
      );
    if (name === 'NoSuchKey')
      return new InfrastructureError(
        'S3_OBJECT_NOT_FOUND',
        `object missing at ${this.endpoint} (while trying to ${action}); it may have been deleted during the run`,
        { cause: error, retriable: false },
      );
    return toS3Error(error, bucket, action, this.endpoint);
  }
}

export type S3DatasetFetcherConnection = S3Connection;

/** Builds the S3 client and the fetcher from region, endpoint and credentials. */
export const createS3DatasetFetcher = (
  connection: S3DatasetFetcherConnection,
  options: Omit<S3DatasetFetcherOptions, 'client' | 'endpoint'> = {},
): S3DatasetFetcher =>
  new S3DatasetFetcher({
    ...options,
    client: createS3Client(connection),
    endpoint: describeEndpoint(connection),
  });
