import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotStore } from '@meshkit/core';
import { isMeshError } from '@meshkit/core';
import {
  createSnapshot,
  diffSnapshots,
  listSnapshots,
  pruneSnapshots,
  resolveSnapshotId,
  restoreSnapshot,
  showSnapshot,
  verifySnapshots,
} from '../snapshots.js';
import type { TempWorkspace } from './temp-workspace.js';
import { createTempWorkspace, readTree } from './temp-workspace.js';

export const SNAPSHOT_FILES = [
  'contracts/avro/meshkit.common.Money.avsc',
  'contracts/product.schema.json',
  'domains/sales/customers/contracts/customers.avsc',
  'domains/sales/customers/product.yaml',
  'domains/sales/domain.yaml',
  'domains/sales/orders/contracts/orders.avsc',
  'domains/sales/orders/product.yaml',
  'domains/sales/orders/waivers.yaml',
];

const code = (expected: string) => (e: unknown) => isMeshError(e) && e.code === expected;

/**
 * The create/restore/verify/diff/prune flows, run against every store: the fake and the file
 * store in the unit tests, S3 on moto in the integration tests. `makeStore` gets the temporary
 * folder of the test's workspace and returns a fresh, empty store.
 */
export const describeSnapshotFlows = (
  name: string,
  makeStore: (base: string) => SnapshotStore | Promise<SnapshotStore>,
): void => {
  describe(`snapshots on the ${name}`, () => {
    let ws: TempWorkspace;
    beforeEach(async () => {
      ws = await createTempWorkspace();
    });
    afterEach(async () => {
      await ws.cleanup();
    });

    it('holds descriptors, contracts, waivers and meta-contracts, and nothing else', async () => {
      const store = await makeStore(ws.base);
      const result = await createSnapshot({ root: ws.root, store });
      const manifest = await showSnapshot(store, result.id!);
      expect(manifest.entries.map((e) => e.path)).toEqual(SNAPSHOT_FILES);
      expect(result.blobsWritten).toBe(SNAPSHOT_FILES.length);
      expect(manifest.tool.name).toBe('meshkit');
      expect(typeof manifest.git.dirty).toBe('boolean');
    });

    it('restores byte-identical files after the contracts were deleted', async () => {
      const store = await makeStore(ws.base);
      const before = await readTree(ws.root);
      const { id } = await createSnapshot({ root: ws.root, store });
      await rm(join(ws.root, 'contracts'), { recursive: true });
      await rm(join(ws.root, 'domains/sales/orders/contracts'), { recursive: true });
      await writeFile(join(ws.root, 'domains/sales/orders/product.yaml'), 'broken: [');

      const elsewhere = join(ws.base, 'restored');
      const out = await restoreSnapshot({ store, at: id!, to: elsewhere });
      expect(out.files).toBe(SNAPSHOT_FILES.length);
      const restored = await readTree(elsewhere);
      expect([...restored.keys()].sort()).toEqual(SNAPSHOT_FILES);
      for (const [path, bytes] of restored) expect(bytes.equals(before.get(path)!)).toBe(true);

      await restoreSnapshot({ store, at: 'latest', to: ws.root, force: true });
      const inPlace = await readTree(ws.root);
      for (const [path, bytes] of before) expect(inPlace.get(path)?.equals(bytes)).toBe(true);
    });

    it('uploads nothing the second time and reports the blobs it skipped', async () => {
      const store = await makeStore(ws.base);
      const first = await createSnapshot({ root: ws.root, store });
      const second = await createSnapshot({ root: ws.root, store });
      expect(second.blobsWritten).toBe(0);
      expect(second.blobsSkipped).toBe(first.files);
      expect(second.id).not.toBe(first.id);
      const third = await createSnapshot({ root: ws.root, store, ifChanged: true });
      expect(third).toMatchObject({ created: false, sameAs: second.id, blobsWritten: 0 });
      await writeFile(join(ws.root, 'domains/sales/domain.yaml'), 'changed\n');
      const fourth = await createSnapshot({ root: ws.root, store, ifChanged: true });
      expect(fourth).toMatchObject({ created: true, blobsWritten: 1 });
      expect((await listSnapshots(store)).map((s) => s.id)).toEqual([
        first.id,
        second.id,
        fourth.id,
      ]);
    });

    it('corrupts nothing when two creates run at once', async () => {
      const store = await makeStore(ws.base);
      const [a, b] = await Promise.all([
        createSnapshot({ root: ws.root, store }),
        createSnapshot({ root: ws.root, store }),
      ]);
      expect(a.id).not.toBe(b.id);
      const verified = await verifySnapshots({ store });
      expect(verified.findings).toEqual([]);
      expect(verified.snapshots.map((s) => s.ok)).toEqual([true, true]);
    });

    it('diffs two snapshots and a snapshot against the working tree down to the contracts', async () => {
      const store = await makeStore(ws.base);
      const first = await createSnapshot({ root: ws.root, store });
      await writeFile(
        join(ws.root, 'domains/sales/orders/contracts/orders.avsc'),
        '{"type":"string"}\n',
      );
      await rm(join(ws.root, 'domains/sales/customers'), { recursive: true });
      await mkdir(join(ws.root, 'domains/sales/refunds/contracts'), { recursive: true });
      await writeFile(join(ws.root, 'domains/sales/refunds/contracts/refunds.avsc'), '"string"\n');

      const live = await diffSnapshots({ store, from: first.id!, root: ws.root });
      expect(live.to).toBe('working tree');
      expect(live.contracts).toEqual([
        { path: 'domains/sales/customers/contracts/customers.avsc', change: 'removed' },
        {
          path: 'domains/sales/orders/contracts/orders.avsc',
          change: 'changed',
          // A record replaced by a string: neither side can read the other's data.
          compatibility: {
            backward: false,
            forward: false,
            incompatibilities: [
              expect.objectContaining({ direction: 'backward', location: '/' }),
              expect.objectContaining({ direction: 'forward', location: '/' }),
            ],
          },
        },
        { path: 'domains/sales/refunds/contracts/refunds.avsc', change: 'added' },
      ]);
      expect(live.diff.removed.map((e) => e.path)).toContain(
        'domains/sales/customers/product.yaml',
      );

      const second = await createSnapshot({ root: ws.root, store });
      const between = await diffSnapshots({
        store,
        from: first.id!,
        to: second.id!,
        root: ws.root,
      });
      expect(between.contracts).toEqual(live.contracts);
      expect(between.diff.unchanged).toBe(live.diff.unchanged);
    });

    it('finds snapshots by id, id prefix, "latest" and time', async () => {
      const store = await makeStore(ws.base);
      const first = await createSnapshot({
        root: ws.root,
        store,
        now: () => new Date('2026-01-01T00:00:00Z'),
      });
      const second = await createSnapshot({
        root: ws.root,
        store,
        now: () => new Date('2026-06-01T00:00:00Z'),
      });
      expect(await resolveSnapshotId(store, 'latest')).toBe(second.id);
      expect(await resolveSnapshotId(store, first.id!.slice(0, 12))).toBe(first.id);
      expect(await resolveSnapshotId(store, '2026-03-01T00:00:00Z')).toBe(first.id);
      expect(await resolveSnapshotId(store, '2026-06-01')).toBe(second.id);
      await expect(resolveSnapshotId(store, '2025-01-01')).rejects.toSatisfy(
        code('SNAPSHOT_NOT_FOUND'),
      );
      await expect(resolveSnapshotId(store, 'yesterday')).rejects.toSatisfy(
        code('SNAPSHOT_AT_INVALID'),
      );
    });

    it('prunes old snapshots and their blobs, never a blob a kept snapshot needs', async () => {
      const store = await makeStore(ws.base);
      const days = (n: number) => () => new Date(Date.UTC(2026, 0, n));
      await createSnapshot({ root: ws.root, store, now: days(1) });
      await writeFile(join(ws.root, 'domains/sales/domain.yaml'), 'v2\n');
      await createSnapshot({ root: ws.root, store, now: days(2) });
      await writeFile(join(ws.root, 'domains/sales/domain.yaml'), 'v3\n');
      const last = await createSnapshot({ root: ws.root, store, now: days(3) });

      const dry = await pruneSnapshots({ store, keepLast: 1, dryRun: true, minBlobAgeMs: 0 });
      expect(dry).toMatchObject({ removed: expect.any(Array), blobsRemoved: 2, dryRun: true });
      expect((await store.listManifests()).length).toBe(3);

      const pruned = await pruneSnapshots({ store, keepLast: 1, minBlobAgeMs: 0 });
      expect(pruned.kept).toEqual([last.id]);
      expect(pruned.removed.length).toBe(2);
      expect(pruned.blobsRemoved).toBe(2);
      expect((await verifySnapshots({ store })).findings).toEqual([]);
      expect((await store.listBlobs()).length).toBe(SNAPSHOT_FILES.length);
      await expect(pruneSnapshots({ store })).rejects.toSatisfy(
        code('SNAPSHOT_PRUNE_POLICY_MISSING'),
      );
    });

    it('spares young unreferenced blobs, which may belong to a create still uploading', async () => {
      const store = await makeStore(ws.base);
      await createSnapshot({ root: ws.root, store });
      await store.putBlob('f'.repeat(64), new Uint8Array([1]));
      const pruned = await pruneSnapshots({ store, keepLast: 1 });
      expect(pruned.blobsRemoved).toBe(0);
      expect(await store.hasBlob('f'.repeat(64))).toBe(true);
    });
  });
};
