import type { PutObjectCommandInput } from '@aws-sdk/client-s3';
import {
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { BlobInfo, SnapshotStore } from '@meshkit/core';
import {
  assertSha256,
  assertSnapshotId,
  InputError,
  isSha256Hex,
  isSnapshotId,
} from '@meshkit/core';
import {
  createS3Client,
  describeEndpoint,
  listObjectPages,
  type S3Connection,
} from './s3-client.js';
import { isS3NotFound, s3StatusCode, toS3Error } from './s3-errors.js';

export interface ObjectLockRetention {
  mode: 'GOVERNANCE' | 'COMPLIANCE';
  /** Every blob and manifest written is retained this many days. */
  days: number;
}

export interface S3SnapshotStoreOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix without leading or trailing slash; '' for the bucket root. */
  prefix?: string;
  objectLock?: ObjectLockRetention;
  /** Blobs at least this large go up as a multipart upload (lib-storage). Default 8 MiB. */
  multipartThreshold?: number;
  /** Part size of multipart uploads; S3's minimum is 5 MiB. Default 8 MiB. */
  partSize?: number;
  /** Shown in messages; the client's endpoint is not readable synchronously. */
  endpoint?: string;
}

export interface ManifestVersion {
  versionId: string;
  lastModified: Date | undefined;
  isLatest: boolean;
  deleteMarker: boolean;
}

const MIB = 1024 * 1024;

/**
 * The snapshot store on S3 (`s3://bucket/prefix`):
 *
 *     <prefix>/blobs/sha256/<sha256>
 *     <prefix>/manifests/<snapshot id>.json
 *
 * S3 makes each PUT visible whole, so no temporary keys are needed. Bucket versioning must be on:
 * a replaced or deleted manifest stays readable as an older object version. `ensureReady`
 * turns it on and checks it, and checks Object Lock when retention is asked for.
 */
export class S3SnapshotStore implements SnapshotStore {
  readonly location: string;
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3Client;
  private readonly objectLock: ObjectLockRetention | undefined;
  private readonly multipartThreshold: number;
  private readonly partSize: number;
  private readonly endpoint: string;

  constructor(options: S3SnapshotStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    this.location = `s3://${this.bucket}${this.prefix ? `/${this.prefix}` : ''}`;
    this.objectLock = options.objectLock;
    this.multipartThreshold = options.multipartThreshold ?? 8 * MIB;
    this.partSize = Math.max(5 * MIB, options.partSize ?? 8 * MIB);
    this.endpoint = options.endpoint ?? 'AWS';
    if (
      this.objectLock &&
      (!Number.isSafeInteger(this.objectLock.days) || this.objectLock.days < 1)
    )
      throw new InputError(
        'S3_OBJECT_LOCK_INVALID',
        `Object Lock retention must be a whole number of days >= 1, got ${this.objectLock.days}`,
      );
  }

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].filter((p) => p.length > 0).join('/');
  }

  private blobKey(sha256: string): string {
    return this.key('blobs', 'sha256', sha256);
  }

  private manifestKey(id: string): string {
    return this.key('manifests', `${id}.json`);
  }

  private fail(error: unknown, action: string): never {
    throw toS3Error(error, this.bucket, action, this.endpoint);
  }

  /**
   * Checks the bucket exists; for writing, also turns versioning on (and reads it back) and,
   * when retention is asked for, checks Object Lock is enabled on the bucket.
   */
  async ensureReady(options: { forWriting: boolean }): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      this.fail(error, 'check bucket');
    }
    if (!options.forWriting) return;
    try {
      const versioning = await this.client.send(
        new GetBucketVersioningCommand({ Bucket: this.bucket }),
      );
      if (versioning.Status !== 'Enabled') {
        await this.client.send(
          new PutBucketVersioningCommand({
            Bucket: this.bucket,
            VersioningConfiguration: { Status: 'Enabled' },
          }),
        );
        const after = await this.client.send(
          new GetBucketVersioningCommand({ Bucket: this.bucket }),
        );
        if (after.Status !== 'Enabled')
          throw new InputError(
            'S3_VERSIONING_OFF',
            `bucket versioning on s3://${this.bucket} is ${after.Status ?? 'off'} after turning it on; enable it (aws s3api put-bucket-versioning) so replaced manifests stay recoverable`,
          );
      }
    } catch (error) {
      if (error instanceof InputError) throw error;
      this.fail(error, 'turn on versioning of');
    }
    if (!this.objectLock) return;
    let enabled = false;
    try {
      const lock = await this.client.send(
        new GetObjectLockConfigurationCommand({ Bucket: this.bucket }),
      );
      enabled = lock.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (name !== 'ObjectLockConfigurationNotFoundError') this.fail(error, 'read Object Lock of');
    }
    if (!enabled)
      throw new InputError(
        'S3_OBJECT_LOCK_OFF',
        `Object Lock retention was asked for but bucket s3://${this.bucket} has no Object Lock; create the bucket with --object-lock-enabled-for-bucket or drop the retention option`,
      );
  }

  private lockParams(): Pick<
    PutObjectCommandInput,
    'ObjectLockMode' | 'ObjectLockRetainUntilDate'
  > {
    if (!this.objectLock) return {};
    return {
      ObjectLockMode: this.objectLock.mode,
      ObjectLockRetainUntilDate: new Date(Date.now() + this.objectLock.days * 86_400_000),
    };
  }

  async putBlob(sha256: string, bytes: Uint8Array): Promise<'written' | 'skipped'> {
    assertSha256(sha256, this.location);
    const params: PutObjectCommandInput = {
      Bucket: this.bucket,
      Key: this.blobKey(sha256),
      Body: bytes,
      ContentType: 'application/octet-stream',
      // Object Lock puts must carry a checksum; S3 also rejects a body that does not match it.
      ChecksumAlgorithm: 'SHA256',
      ...this.lockParams(),
    };
    if (bytes.length >= this.multipartThreshold) {
      if (await this.hasBlob(sha256)) return 'skipped';
      try {
        await new Upload({
          client: this.client,
          params,
          partSize: this.partSize,
          queueSize: 2,
          leavePartsOnError: false,
        }).done();
      } catch (error) {
        this.fail(error, `upload blob ${sha256} to`);
      }
      return 'written';
    }
    try {
      // A conditional write: one request instead of HEAD + PUT, and no race between the two.
      // The hash is already known, so S3 checks the body against it as well.
      await this.client.send(
        new PutObjectCommand({
          ...params,
          IfNoneMatch: '*',
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
        }),
      );
      return 'written';
    } catch (error) {
      const status = s3StatusCode(error);
      if (status === 412) return 'skipped';
      // 409: another conditional write of the same key is in flight; whoever wins, the bytes match.
      if (status === 409 && (await this.hasBlob(sha256))) return 'skipped';
      this.fail(error, `upload blob ${sha256} to`);
    }
  }

  async hasBlob(sha256: string): Promise<boolean> {
    assertSha256(sha256, this.location);
    try {
      await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.blobKey(sha256) }),
      );
      return true;
    } catch (error) {
      if (isS3NotFound(error)) return false;
      this.fail(error, `check blob ${sha256} in`);
    }
  }

  private async getOptional(
    key: string,
    what: string,
    versionId?: string,
  ): Promise<Uint8Array | undefined> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(versionId ? { VersionId: versionId } : {}),
        }),
      );
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array(0);
    } catch (error) {
      if (
        (error as { name?: string }).name === 'NoSuchKey' ||
        (isS3NotFound(error) && (error as { name?: string }).name !== 'NoSuchBucket')
      )
        return undefined;
      this.fail(error, `read ${what} from`);
    }
  }

  async getBlob(sha256: string): Promise<Uint8Array | undefined> {
    assertSha256(sha256, this.location);
    return this.getOptional(this.blobKey(sha256), `blob ${sha256}`);
  }

  private async listKeys(
    prefix: string,
  ): Promise<{ key: string; size: number; lastModified: Date }[]> {
    const out: { key: string; size: number; lastModified: Date }[] = [];
    // Bounded: 100,000 pages of 1,000 keys is far beyond any snapshot store.
    let pages = 0;
    try {
      for await (const objects of listObjectPages(this.client, this.bucket, prefix)) {
        for (const o of objects)
          if (o.Key)
            out.push({
              key: o.Key,
              size: o.Size ?? 0,
              lastModified: o.LastModified ?? new Date(0),
            });
        if (++pages >= 100_000) break;
      }
    } catch (error) {
      this.fail(error, 'list');
    }
    return out;
  }

  async listBlobs(): Promise<BlobInfo[]> {
    const base = `${this.key('blobs', 'sha256')}/`;
    return (await this.listKeys(base))
      .map((o) => ({
        sha256: o.key.slice(base.length),
        size: o.size,
        lastModified: o.lastModified,
      }))
      .filter((b) => isSha256Hex(b.sha256));
  }

  async deleteBlob(sha256: string): Promise<void> {
    assertSha256(sha256, this.location);
    try {
      await this.client.send(
        new DeleteObjectCommand({ Bucket: this.bucket, Key: this.blobKey(sha256) }),
      );
    } catch (error) {
      this.fail(error, `delete blob ${sha256} from`);
    }
  }

  async putManifest(id: string, bytes: Uint8Array): Promise<void> {
    assertSnapshotId(id, this.location);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.manifestKey(id),
          Body: bytes,
          ContentType: 'application/json',
          ChecksumAlgorithm: 'SHA256',
          ...this.lockParams(),
        }),
      );
    } catch (error) {
      this.fail(error, `write manifest ${id} to`);
    }
  }

  /** The manifest as stored now, or as an older object version when `versionId` is given. */
  async getManifest(id: string, versionId?: string): Promise<Uint8Array | undefined> {
    assertSnapshotId(id, this.location);
    return this.getOptional(this.manifestKey(id), `manifest ${id}`, versionId);
  }

  /** Every stored version of a manifest, newest first (S3 keeps them while versioning is on). */
  async listManifestVersions(id: string): Promise<ManifestVersion[]> {
    assertSnapshotId(id, this.location);
    const key = this.manifestKey(id);
    try {
      const res = await this.client.send(
        new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix: key }),
      );
      const versions: ManifestVersion[] = [
        ...(res.Versions ?? [])
          .filter((v) => v.Key === key && v.VersionId)
          .map((v) => ({
            versionId: v.VersionId as string,
            lastModified: v.LastModified,
            isLatest: v.IsLatest ?? false,
            deleteMarker: false,
          })),
        ...(res.DeleteMarkers ?? [])
          .filter((v) => v.Key === key && v.VersionId)
          .map((v) => ({
            versionId: v.VersionId as string,
            lastModified: v.LastModified,
            isLatest: v.IsLatest ?? false,
            deleteMarker: true,
          })),
      ];
      return versions.sort(
        (a, b) =>
          (b.lastModified?.getTime() ?? 0) - (a.lastModified?.getTime() ?? 0) ||
          Number(b.isLatest) - Number(a.isLatest),
      );
    } catch (error) {
      this.fail(error, `list versions of manifest ${id} in`);
    }
  }

  async listManifests(): Promise<string[]> {
    const base = `${this.key('manifests')}/`;
    return (await this.listKeys(base))
      .map((o) => o.key.slice(base.length))
      .filter((name) => name.endsWith('.json') && isSnapshotId(name.slice(0, -5)))
      .map((name) => name.slice(0, -5))
      .sort();
  }

  async deleteManifest(id: string): Promise<void> {
    assertSnapshotId(id, this.location);
    try {
      await this.client.send(
        new DeleteObjectCommand({ Bucket: this.bucket, Key: this.manifestKey(id) }),
      );
    } catch (error) {
      this.fail(error, `delete manifest ${id} from`);
    }
  }
}

export type S3ConnectionOptions = S3Connection;

/** Builds the S3 client and the store for `s3://bucket/prefix`. */
export const createS3SnapshotStore = (
  options: S3ConnectionOptions & Omit<S3SnapshotStoreOptions, 'client' | 'endpoint'>,
): S3SnapshotStore => {
  return new S3SnapshotStore({
    client: createS3Client(options),
    bucket: options.bucket,
    endpoint: describeEndpoint(options),
    ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    ...(options.objectLock ? { objectLock: options.objectLock } : {}),
    ...(options.multipartThreshold ? { multipartThreshold: options.multipartThreshold } : {}),
    ...(options.partSize ? { partSize: options.partSize } : {}),
  });
};
