import { DeleteObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from '@meshkit/core';
import {
  createS3Client,
  describeEndpoint,
  listObjectPages,
  type S3Connection,
} from './s3-client.js';
import { toS3Error } from './s3-errors.js';

/** S3 allows at most this many keys in one DeleteObjects request. */
const DELETE_BATCH = 1000;

/**
 * Whole objects under `s3://bucket/prefix`. A PutObject becomes visible only when it completes,
 * which is what makes a lake of part files safe to read while pipelines write it.
 */
export class S3ObjectStore implements ObjectStore {
  readonly location: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly endpoint: string,
  ) {
    this.location = `s3://${bucket}${prefix ? `/${prefix}` : ''}`;
  }

  private key(relative: string): string {
    return this.prefix ? `${this.prefix}/${relative}` : relative;
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: this.key(key), Body: body }),
      );
    } catch (error) {
      throw toS3Error(error, this.bucket, `put ${this.key(key)}`, this.endpoint);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const full = this.key(prefix);
    const strip = this.prefix ? this.prefix.length + 1 : 0;
    const keys: string[] = [];
    try {
      for await (const objects of listObjectPages(this.client, this.bucket, full))
        for (const o of objects) if (o.Key) keys.push(o.Key.slice(strip));
    } catch (error) {
      throw toS3Error(error, this.bucket, `list ${full}`, this.endpoint);
    }
    return keys.sort();
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH).map((k) => ({ Key: this.key(k) }));
      try {
        await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: batch, Quiet: true },
          }),
        );
      } catch (error) {
        throw toS3Error(error, this.bucket, `delete ${batch.length} objects`, this.endpoint);
      }
    }
  }

  close(): void {
    this.client.destroy();
  }
}

/** The store for `s3://bucket/prefix` (the prefix may be empty). */
export const createS3ObjectStore = (
  connection: S3Connection & { bucket: string; prefix?: string },
): S3ObjectStore =>
  new S3ObjectStore(
    createS3Client(connection),
    connection.bucket,
    (connection.prefix ?? '').replace(/^\/+|\/+$/g, ''),
    describeEndpoint(connection),
  );
