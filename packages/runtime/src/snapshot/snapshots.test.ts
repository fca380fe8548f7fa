import { mkdir, readFile, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySnapshotStore, isMeshError } from '@meshkit/core';
import { FileSnapshotStore } from './file-snapshot-store.js';
import {
  createSnapshot,
  listSnapshots,
  pruneSnapshots,
  restoreSnapshot,
  showSnapshot,
  verifySnapshots,
} from './snapshots.js';
import type { TempWorkspace } from './testing/temp-workspace.js';
import { createTempWorkspace, readTree } from './testing/temp-workspace.js';
import { describeSnapshotFlows, SNAPSHOT_FILES } from './testing/snapshot-flows-suite.js';

const code = (expected: string) => (e: unknown) => isMeshError(e) && e.code === expected;

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await createTempWorkspace();
});
afterEach(async () => {
  await ws.cleanup();
});

describeSnapshotFlows('file store', (base) => new FileSnapshotStore(join(base, 'store')));
describeSnapshotFlows('memory store', () => new MemorySnapshotStore());

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
