import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSnapshotStoreContract } from '../../../core/src/snapshot/testing/snapshot-store-contract.js';
import { FileSnapshotStore } from './file-snapshot-store.js';

const openTemp = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mesh-file-store-'));
  return {
    store: new FileSnapshotStore(dir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
};

describeSnapshotStoreContract('FileSnapshotStore', openTemp);

describe('FileSnapshotStore layout', () => {
  it('fans blobs out by their first two hex digits and leaves no temporary files', async () => {
    const { store, cleanup } = await openTemp();
    try {
      const hash = 'ab' + 'c'.repeat(62);
      await store.putBlob(hash, new Uint8Array([1, 2, 3]));
      await store.putManifest('20261126T010000000Z-00000000', new Uint8Array([123, 125]));
      expect(await readdir(join(store.root, 'blobs', 'sha256', 'ab'))).toEqual([hash]);
      expect(await readdir(join(store.root, 'manifests'))).toEqual([
        '20261126T010000000Z-00000000.json',
      ]);
      expect(await readdir(join(store.root, 'tmp'))).toEqual([]);
    } finally {
      await cleanup();
    }
  });

  it('ignores stray files and removes stale temporary files', async () => {
    const { store, cleanup } = await openTemp();
    try {
      await store.putManifest('20261126T010000000Z-00000000', new Uint8Array([123, 125]));
      await writeFile(join(store.root, 'manifests', 'notes.txt'), 'x');
      await writeFile(join(store.root, 'tmp', '1-abc.tmp'), 'half a blob');
      expect(await store.listManifests()).toEqual(['20261126T010000000Z-00000000']);
      expect(await store.removeStaleTempFiles(0)).toBe(1);
    } finally {
      await cleanup();
    }
  });
});

describe('FileSnapshotStore.listBlobHashes', () => {
  it('lists the same hashes as listBlobs', async () => {
    const { store, cleanup } = await openTemp();
    try {
      for (const h of ['a', 'b', 'c']) await store.putBlob(h.repeat(64), new Uint8Array([1]));
      expect((await store.listBlobHashes()).sort()).toEqual(
        (await store.listBlobs()).map((b) => b.sha256).sort(),
      );
    } finally {
      await cleanup();
    }
  });
});

describe('FileSnapshotStore durability', () => {
  it('flushes the file system once before each manifest when syncfs works', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mesh-file-store-'));
    const calls: string[] = [];
    const store = new FileSnapshotStore(dir, {
      syncFileSystem: (d) => (calls.push(d), Promise.resolve()),
    });
    try {
      for (const h of ['a', 'b', 'c']) await store.putBlob(h.repeat(64), new Uint8Array([1]));
      await store.putManifest('20261126T010000000Z-00000000', new Uint8Array([123, 125]));
      // One probe, then one flush before the manifest: not one per blob.
      expect(calls).toEqual([dir, dir]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('falls back to an fsync per file when syncfs is not available', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mesh-file-store-'));
    const store = new FileSnapshotStore(dir, {
      syncFileSystem: () => Promise.reject(new Error('no sync')),
    });
    try {
      await store.putBlob('d'.repeat(64), new Uint8Array([1]));
      await store.putManifest('20261126T010000000Z-00000000', new Uint8Array([123, 125]));
      expect(await store.listManifests()).toEqual(['20261126T010000000Z-00000000']);
      expect(await store.hasBlob('d'.repeat(64))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
