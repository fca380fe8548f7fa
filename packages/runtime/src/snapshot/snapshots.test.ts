import { mkdir, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotStore } from '@meshkit/core';
import { MemorySnapshotStore, isMeshError } from '@meshkit/core';
import { FileSnapshotStore } from './file-snapshot-store.js';
import {
  createSnapshot,
  diffSnapshots,
  listSnapshots,
  pruneSnapshots,
  resolveSnapshotId,
  restoreSnapshot,
  showSnapshot,
  verifySnapshots,
} from './snapshots.js';
import type { TempWorkspace } from './testing/temp-workspace.js';
import { createTempWorkspace, readTree } from './testing/temp-workspace.js';

const SNAPSHOT_FILES = [
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

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await createTempWorkspace();
});
afterEach(async () => {
  await ws.cleanup();
});

const stores: [string, () => SnapshotStore][] = [
  ['file store', () => new FileSnapshotStore(join(ws.base, 'store'))],
  ['memory store', () => new MemorySnapshotStore()],
];

describe.each(stores)('snapshots on the %s', (_name, makeStore) => {
  it('holds descriptors, contracts, waivers and meta-contracts, and nothing else', async () => {
    const store = makeStore();
    const result = await createSnapshot({ root: ws.root, store });
    const manifest = await showSnapshot(store, result.id!);
    expect(manifest.entries.map((e) => e.path)).toEqual(SNAPSHOT_FILES);
    expect(result.blobsWritten).toBe(SNAPSHOT_FILES.length);
    expect(manifest.tool.name).toBe('meshkit');
    expect(typeof manifest.git.dirty).toBe('boolean');
  });

  it('restores byte-identical files after the contracts were deleted', async () => {
    const store = makeStore();
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
    const store = makeStore();
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
    expect((await listSnapshots(store)).map((s) => s.id)).toEqual([first.id, second.id, fourth.id]);
  });

  it('corrupts nothing when two creates run at once', async () => {
    const store = makeStore();
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
    const store = makeStore();
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
      { path: 'domains/sales/orders/contracts/orders.avsc', change: 'changed' },
      { path: 'domains/sales/refunds/contracts/refunds.avsc', change: 'added' },
    ]);
    expect(live.diff.removed.map((e) => e.path)).toContain('domains/sales/customers/product.yaml');

    const second = await createSnapshot({ root: ws.root, store });
    const between = await diffSnapshots({ store, from: first.id!, to: second.id!, root: ws.root });
    expect(between.contracts).toEqual(live.contracts);
    expect(between.diff.unchanged).toBe(live.diff.unchanged);
  });

  it('finds snapshots by id, id prefix, "latest" and time', async () => {
    const store = makeStore();
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
    const store = makeStore();
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
    const store = makeStore();
    await createSnapshot({ root: ws.root, store });
    await store.putBlob('f'.repeat(64), new Uint8Array([1]));
    const pruned = await pruneSnapshots({ store, keepLast: 1 });
    expect(pruned.blobsRemoved).toBe(0);
    expect(await store.hasBlob('f'.repeat(64))).toBe(true);
  });
});

describe('verify', () => {
  it('reports a tampered blob and a deleted blob, naming snapshot, file and blob', async () => {
    const store = new FileSnapshotStore(join(ws.base, 'store'));
    const { id } = await createSnapshot({ root: ws.root, store });
    const manifest = await showSnapshot(store, id!);
    const avsc = manifest.entries.find((e) => e.path.endsWith('orders.avsc'))!;
    const yaml = manifest.entries.find((e) => e.path.endsWith('domain.yaml'))!;
    const blobFile = (h: string) => join(store.root, 'blobs', 'sha256', h.slice(0, 2), h);
    await writeFile(blobFile(avsc.sha256), '{"type":"int"}');
    await unlink(blobFile(yaml.sha256));

    const result = await verifySnapshots({ store });
    expect(result.snapshots).toEqual([{ id, files: SNAPSHOT_FILES.length, ok: false }]);
    expect(result.findings.map((f) => [f.ruleId, f.data?.['path']])).toEqual([
      ['snapshot-blob-missing', yaml.path],
      ['snapshot-blob-corrupt', avsc.path],
    ]);
    expect(result.findings[1]!.message).toContain(avsc.sha256);
    expect(result.findings[1]!.location).toEqual({
      file: `manifests/${id}.json`,
      pointer: expect.stringMatching(/^\/entries\/\d+$/),
    });
    await expect(restoreSnapshot({ store, at: id!, to: join(ws.base, 'r') })).rejects.toSatisfy(
      code('SNAPSHOT_BLOB_MISSING'),
    );
  });

  it('reports a corrupt manifest, which show and restore refuse', async () => {
    const store = new FileSnapshotStore(join(ws.base, 'store'));
    const { id } = await createSnapshot({ root: ws.root, store });
    await writeFile(
      join(store.root, 'manifests', `${id}.json`),
      '{"apiVersion": "meshkit/v1", "kind": "Snaps',
    );
    const result = await verifySnapshots({ store });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['snapshot-manifest-invalid']);
    expect(result.findings[0]!.message).toContain(id);
    await expect(showSnapshot(store, id!)).rejects.toSatisfy(code('SNAPSHOT_MANIFEST_INVALID'));
    await expect(restoreSnapshot({ store, at: id!, to: join(ws.base, 'r') })).rejects.toSatisfy(
      code('SNAPSHOT_MANIFEST_INVALID'),
    );
    await expect(pruneSnapshots({ store, keepLast: 1 })).rejects.toSatisfy(
      code('SNAPSHOT_MANIFEST_INVALID'),
    );
    expect((await listSnapshots(store))[0]!.problem).toContain('not valid UTF-8 JSON');
  });
});

describe('restore refuses', () => {
  const hostile = async (store: FileSnapshotStore, path: string): Promise<string> => {
    const { id } = await createSnapshot({ root: ws.root, store });
    const file = join(store.root, 'manifests', `${id}.json`);
    const doc = JSON.parse(await readFile(file, 'utf8')) as { entries: { path: string }[] };
    doc.entries[0]!.path = path;
    await writeFile(file, JSON.stringify(doc));
    return id!;
  };

  it.each(['../../etc/passwd', '/etc/passwd', 'domains\\..\\..\\x', 'a/../../b'])(
    'a manifest whose entry %j points outside the restore folder, writing nothing',
    async (path) => {
      const store = new FileSnapshotStore(join(ws.base, 'store'));
      const id = await hostile(store, path);
      const target = join(ws.base, 'deep', 'er', 'target');
      await expect(restoreSnapshot({ store, at: id, to: target })).rejects.toSatisfy(
        code('SNAPSHOT_MANIFEST_INVALID'),
      );
      expect((await readTree(ws.base)).has('deep/etc/passwd')).toBe(false);
      expect((await readTree(ws.base)).has('etc/passwd')).toBe(false);
    },
  );

  it('to write through a symlink in the restore folder', async () => {
    const store = new FileSnapshotStore(join(ws.base, 'store'));
    const { id } = await createSnapshot({ root: ws.root, store });
    const target = join(ws.base, 'target');
    const outside = join(ws.base, 'outside');
    await mkdir(target);
    await mkdir(outside);
    await symlink(outside, join(target, 'domains'));
    await expect(restoreSnapshot({ store, at: id!, to: target, force: true })).rejects.toSatisfy(
      code('SNAPSHOT_RESTORE_UNSAFE'),
    );
    expect((await readTree(outside)).size).toBe(0);
  });

  it('to overwrite a folder that is not empty without --force', async () => {
    const store = new FileSnapshotStore(join(ws.base, 'store'));
    const { id } = await createSnapshot({ root: ws.root, store });
    await expect(restoreSnapshot({ store, at: id!, to: ws.root })).rejects.toSatisfy(
      code('SNAPSHOT_RESTORE_TARGET_NOT_EMPTY'),
    );
  });
});

describe('create and symlinks', () => {
  it('does not follow symlinks out of the workspace and reports what it skipped', async () => {
    const store = new MemorySnapshotStore();
    const secret = join(ws.base, 'secret.avsc');
    await writeFile(secret, 'outside the workspace');
    await mkdir(join(ws.base, 'outside-dir'));
    await writeFile(join(ws.base, 'outside-dir', 'x.avsc'), 'outside too');
    const contracts = join(ws.root, 'domains/sales/orders/contracts');
    await symlink(secret, join(contracts, 'leak.avsc'));
    await symlink(join(ws.base, 'outside-dir'), join(contracts, 'more'));
    await symlink(join(contracts, 'orders.avsc'), join(contracts, 'alias.avsc'));

    const result = await createSnapshot({ root: ws.root, store });
    const manifest = await showSnapshot(store, result.id!);
    const paths = manifest.entries.map((e) => e.path);
    expect(paths).not.toContain('domains/sales/orders/contracts/leak.avsc');
    expect(paths.some((p) => p.includes('/more/'))).toBe(false);
    expect(paths).toContain('domains/sales/orders/contracts/alias.avsc');
    expect(result.skippedFiles.map((s) => s.path).sort()).toEqual([
      'domains/sales/orders/contracts/leak.avsc',
      'domains/sales/orders/contracts/more',
    ]);
    expect(result.skippedFiles[0]!.reason).toMatch(/outside the workspace|symlinked folder/);
  });
});
