import { isAbsolute, resolve } from 'node:path';
import type { SnapshotStore } from '@meshkit/core';
import { InputError, parseStoreUrl } from '@meshkit/core';
import type { ObjectLockRetention } from '@meshkit/s3';
import { loadMeshConfig } from '../config/mesh-config.js';
import { FileSnapshotStore } from './file-snapshot-store.js';

export interface OpenSnapshotStoreOptions {
  /** Workspace root; relative file stores are resolved against it. */
  root: string;
  /** `--store`; unset: `snapshots.store` from mesh.config.yaml (default file://.mesh/snapshots). */
  store?: string;
  /** Create needs a writable, versioned bucket; the other commands only read. */
  forWriting: boolean;
  objectLock?: ObjectLockRetention;
  env?: Record<string, string | undefined>;
}

/**
 * Opens the snapshot store a command names. S3 region and endpoint come from mesh.config.yaml
 * `aws`, overridden by AWS_REGION / AWS_ENDPOINT_URL; credentials from the SDK's default chain.
 */
export const openSnapshotStore = async (
  options: OpenSnapshotStoreOptions,
): Promise<{ store: SnapshotStore; domainsDir: string; registryUrl: string | undefined }> => {
  const config = await loadMeshConfig(options.root, options.env ?? process.env);
  const url = options.store ?? config.snapshots.store;
  const parsed = parseStoreUrl(url);
  if (!parsed.ok) throw parsed.error;
  const target = parsed.value;
  switch (target.kind) {
    case 'file': {
      if (options.objectLock)
        throw new InputError(
          'SNAPSHOT_RETENTION_UNSUPPORTED',
          `retention (--retain-days) needs an S3 store with Object Lock; ${url} is a folder`,
        );
      const dir = isAbsolute(target.path) ? target.path : resolve(config.root, target.path);
      return {
        store: new FileSnapshotStore(dir),
        domainsDir: config.domainsDir,
        registryUrl: config.registry.url,
      };
    }
    case 's3': {
      // The AWS SDK is loaded only when a command uses an S3 store.
      const { createS3SnapshotStore } = await import('@meshkit/s3');
      const store = createS3SnapshotStore({
        bucket: target.bucket,
        prefix: target.prefix,
        region: config.aws.region,
        ...(config.aws.endpoint ? { endpoint: config.aws.endpoint } : {}),
        ...(options.objectLock ? { objectLock: options.objectLock } : {}),
      });
      await store.ensureReady({ forWriting: options.forWriting });
      return { store, domainsDir: config.domainsDir, registryUrl: config.registry.url };
    }
  }
};
