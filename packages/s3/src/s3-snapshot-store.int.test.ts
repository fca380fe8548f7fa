import { createHash } from 'node:crypto';
import {
  CreateBucketCommand,
  GetBucketVersioningCommand,
  HeadObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { isMeshError } from '@meshkit/core';
import { describeSnapshotStoreContract } from '../../core/src/snapshot/testing/snapshot-store-contract.js';
import {
  AWS_CREDENTIALS,
  AWS_REGION,
  S3_ENDPOINT,
  s3ClientConfig,
  uniqueName,
} from '../../../tools/test/services.js';
import { createS3SnapshotStore, S3SnapshotStore } from './s3-snapshot-store.js';

const client = new S3Client(s3ClientConfig());
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const ID = '20261126T010000000Z-0000000a';

const freshStore = async (options: { objectLock?: boolean } = {}): Promise<S3SnapshotStore> => {
  const bucket = uniqueName('snap');
  await client.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ...(options.objectLock ? { ObjectLockEnabledForBucket: true } : {}),
    }),
  );
  return createS3SnapshotStore({
    bucket,
    prefix: 'team/snapshots',
    region: AWS_REGION,
    endpoint: S3_ENDPOINT,
    credentials: AWS_CREDENTIALS,
    ...(options.objectLock ? { objectLock: { mode: 'GOVERNANCE', days: 1 } } : {}),
  });
};

describeSnapshotStoreContract(
  `S3SnapshotStore on moto at ${S3_ENDPOINT}`,
  async () => {
    const store = await freshStore();
    await store.ensureReady({ forWriting: true });
    return { store };
  },
  // Above the 8 MiB multipart threshold: this blob goes up in parts.
  { largeBlobBytes: 9 * 1024 * 1024 + 17 },
);

describe('S3SnapshotStore on moto', () => {
  it('turns bucket versioning on and keeps an overwritten manifest as an older version', async () => {
    const store = await freshStore();
    await store.ensureReady({ forWriting: true });
    const versioning = await client.send(new GetBucketVersioningCommand({ Bucket: store.bucket }));
    expect(versioning.Status).toBe('Enabled');

    await store.putManifest(ID, new TextEncoder().encode('first'));
    await store.putManifest(ID, new TextEncoder().encode('second'));
    const versions = await store.listManifestVersions(ID);
    expect(versions.length).toBe(2);
    expect(versions[0]!.isLatest).toBe(true);
    const older = versions.find((v) => !v.isLatest)!;
    expect(new TextDecoder().decode(await store.getManifest(ID))).toBe('second');
    expect(new TextDecoder().decode(await store.getManifest(ID, older.versionId))).toBe('first');

    await store.deleteManifest(ID);
    expect(await store.getManifest(ID)).toBeUndefined();
    expect(new TextDecoder().decode(await store.getManifest(ID, older.versionId))).toBe('first');
  });

  it('keys objects under the prefix', async () => {
    const store = await freshStore();
    const data = new TextEncoder().encode('x');
    await store.putBlob(sha(data), data);
    expect(store.location).toBe(`s3://${store.bucket}/team/snapshots`);
    expect((await store.listBlobs()).map((b) => b.sha256)).toEqual([sha(data)]);
  });

  it('sets Object Lock retention on every object when asked', async () => {
    const store = await freshStore({ objectLock: true });
    await store.ensureReady({ forWriting: true });
    const data = new TextEncoder().encode('locked');
    await store.putBlob(sha(data), data);
    // HeadObject rather than GetObjectRetention, whose XML moto's server does not write well.
    const head = await client.send(
      new HeadObjectCommand({
        Bucket: store.bucket,
        Key: `team/snapshots/blobs/sha256/${sha(data)}`,
      }),
    );
    expect(head.ObjectLockMode).toBe('GOVERNANCE');
    expect(head.ObjectLockRetainUntilDate!.getTime()).toBeGreaterThan(Date.now());
    await store.putManifest(ID, new TextEncoder().encode('{}'));
    const manifest = await client.send(
      new HeadObjectCommand({ Bucket: store.bucket, Key: `team/snapshots/manifests/${ID}.json` }),
    );
    expect(manifest.ObjectLockMode).toBe('GOVERNANCE');
  });

  it('refuses retention on a bucket without Object Lock, saying how to create one', async () => {
    const plain = await freshStore();
    const locked = createS3SnapshotStore({
      bucket: plain.bucket,
      region: AWS_REGION,
      endpoint: S3_ENDPOINT,
      credentials: AWS_CREDENTIALS,
      objectLock: { mode: 'COMPLIANCE', days: 7 },
    });
    await expect(locked.ensureReady({ forWriting: true })).rejects.toSatisfy(
      (e: unknown) =>
        isMeshError(e) &&
        e.code === 'S3_OBJECT_LOCK_OFF' &&
        e.message.includes('--object-lock-enabled-for-bucket'),
    );
  });

  it('names a missing bucket and how to create it', async () => {
    const store = createS3SnapshotStore({
      bucket: uniqueName('missing'),
      region: AWS_REGION,
      endpoint: S3_ENDPOINT,
      credentials: AWS_CREDENTIALS,
    });
    for (const forWriting of [false, true])
      await expect(store.ensureReady({ forWriting })).rejects.toSatisfy(
        (e: unknown) =>
          isMeshError(e) &&
          e.code === 'S3_BUCKET_NOT_FOUND' &&
          e.message.includes(store.bucket) &&
          e.message.includes('create-bucket'),
      );
    await expect(store.listManifests()).rejects.toSatisfy(
      (e: unknown) => isMeshError(e) && e.code === 'S3_BUCKET_NOT_FOUND',
    );
  });

  it('names missing credentials and the variables that provide them', async () => {
    const store = new S3SnapshotStore({
      bucket: uniqueName('nocreds'),
      endpoint: S3_ENDPOINT,
      client: new S3Client({
        region: AWS_REGION,
        endpoint: S3_ENDPOINT,
        forcePathStyle: true,
        credentials: () =>
          Promise.reject(
            Object.assign(new Error('Could not load credentials from any providers'), {
              name: 'CredentialsProviderError',
            }),
          ),
      }),
    });
    await expect(store.ensureReady({ forWriting: false })).rejects.toSatisfy(
      (e: unknown) =>
        isMeshError(e) &&
        e.code === 'S3_CREDENTIALS_MISSING' &&
        e.message.includes('AWS_ACCESS_KEY_ID'),
    );
  });
});
