import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isMeshError } from '../../errors/mesh-error.js';
import type { SnapshotStore } from '../snapshot-store.js';

/*
 * The behaviour every SnapshotStore shares, run against the fake, the file store and S3 on moto.
 * Kept out of the package index: it imports vitest and node:crypto, which core's runtime code never does.
 */

export interface StoreUnderTest {
  store: SnapshotStore;
  cleanup?: () => Promise<void>;
}

export interface ContractOptions {
  /** Size of the blob that must go up in parts on S3 (lib-storage's minimum part is 5 MiB). */
  largeBlobBytes?: number;
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
const ID_A = '20261126T010000000Z-0000000a';
const ID_B = '20261126T020000000Z-0000000b';
const ID_C = '20251231T235959999Z-0000000c';

export const describeSnapshotStoreContract = (
  name: string,
  open: () => Promise<StoreUnderTest>,
  options: ContractOptions = {},
): void => {
  describe(`SnapshotStore contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: SnapshotStore;
    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup?.();
    });

    it('writes a blob once and skips it the second time', async () => {
      const data = bytesOf('{"type":"string"}\n');
      const hash = sha(data);
      expect(await store.hasBlob(hash)).toBe(false);
      expect(await store.putBlob(hash, data)).toBe('written');
      expect(await store.putBlob(hash, data)).toBe('skipped');
      expect(await store.hasBlob(hash)).toBe(true);
      expect(Buffer.from((await store.getBlob(hash))!).equals(Buffer.from(data))).toBe(true);
    });

    it('returns undefined for a missing blob or manifest', async () => {
      expect(await store.getBlob(sha(bytesOf('nothing')))).toBeUndefined();
      expect(await store.getManifest(ID_A)).toBeUndefined();
    });

    it('stores an empty blob', async () => {
      const empty = new Uint8Array(0);
      expect(await store.putBlob(sha(empty), empty)).toBe('written');
      expect((await store.getBlob(sha(empty)))?.length).toBe(0);
    });

    it('lists blobs with their sizes and deletes them', async () => {
      const a = bytesOf('a'.repeat(10));
      const b = bytesOf('b'.repeat(20));
      await store.putBlob(sha(a), a);
      await store.putBlob(sha(b), b);
      const listed = (await store.listBlobs()).map((x) => [x.sha256, x.size]).sort();
      expect(listed).toEqual(
        [
          [sha(a), 10],
          [sha(b), 20],
        ].sort(),
      );
      for (const info of await store.listBlobs()) expect(info.lastModified).toBeInstanceOf(Date);
      await store.deleteBlob(sha(a));
      await store.deleteBlob(sha(a));
      expect(await store.hasBlob(sha(a))).toBe(false);
      expect((await store.listBlobs()).map((x) => x.sha256)).toEqual([sha(b)]);
    });

    it('writes, replaces, lists oldest first and deletes manifests', async () => {
      await store.putManifest(ID_B, bytesOf('b1'));
      await store.putManifest(ID_A, bytesOf('a1'));
      await store.putManifest(ID_C, bytesOf('c1'));
      await store.putManifest(ID_B, bytesOf('b2'));
      expect(await store.listManifests()).toEqual([ID_C, ID_A, ID_B]);
      expect(new TextDecoder().decode(await store.getManifest(ID_B))).toBe('b2');
      await store.deleteManifest(ID_C);
      await store.deleteManifest(ID_C);
      expect(await store.listManifests()).toEqual([ID_A, ID_B]);
    });

    it('keeps a blob whole when the same blob is written concurrently', async () => {
      const data = bytesOf('x'.repeat(100_000));
      const hash = sha(data);
      const results = await Promise.all([1, 2, 3, 4].map(() => store.putBlob(hash, data)));
      expect(results).toContain('written');
      expect(sha((await store.getBlob(hash))!)).toBe(hash);
      expect((await store.listBlobs()).length).toBe(1);
    });

    it('round-trips a large blob byte for byte', async () => {
      const size = options.largeBlobBytes ?? 1_500_000;
      const data = new Uint8Array(size);
      for (let i = 0; i < size; i++) data[i] = (i * 31 + (i >> 8)) & 0xff;
      const hash = sha(data);
      expect(await store.putBlob(hash, data)).toBe('written');
      const back = await store.getBlob(hash);
      expect(back?.length).toBe(size);
      expect(sha(back!)).toBe(hash);
    });

    it('refuses hashes and ids that could escape the store layout', async () => {
      const bad = ['../../etc/passwd', 'ABC', `${'a'.repeat(63)}/`, ''];
      for (const key of bad) {
        await expect(store.putBlob(key, bytesOf('x'))).rejects.toSatisfy(
          (e: unknown) => isMeshError(e) && e.code === 'SNAPSHOT_KEY_INVALID',
        );
        await expect(store.getManifest(key)).rejects.toSatisfy(
          (e: unknown) => isMeshError(e) && e.code === 'SNAPSHOT_KEY_INVALID',
        );
      }
    });
  });
};
