import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isMeshError } from '@meshkit/core';
import type { RunningRegistryServer } from '@meshkit/registry';
import { startRegistryServer } from '@meshkit/registry';
import { FileSnapshotStore } from './file-snapshot-store.js';
import { readRegistry } from './registry-backup.js';
import {
  createSnapshot,
  pruneSnapshots,
  restoreSnapshot,
  showSnapshot,
  verifySnapshots,
} from './snapshots.js';
import type { TempWorkspace } from './testing/temp-workspace.js';
import { createTempWorkspace } from './testing/temp-workspace.js';

const post = async (
  base: string,
  path: string,
  body: unknown,
  method = 'POST',
): Promise<unknown> => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.json();
};

const record = (name: string, fields: string[]) =>
  JSON.stringify({
    type: 'record',
    name,
    fields: fields.map((f) => ({ name: f, type: 'string', default: '' })),
  });

let ws: TempWorkspace;
let source: RunningRegistryServer;
let target: RunningRegistryServer;
beforeEach(async () => {
  ws = await createTempWorkspace();
  source = await startRegistryServer({ port: 0 });
  target = await startRegistryServer({ port: 0 });
});
afterEach(async () => {
  await source.close();
  await target.close();
  await ws.cleanup();
});

describe('snapshots with registry subjects', () => {
  it('back up every subject with versions, ids and levels, and import them with the same ids', async () => {
    // An unrelated schema first, so ids in the source do not start at 1 for the subjects below.
    await post(source.url, '/subjects/other-value/versions', { schema: record('Other', ['x']) });
    await post(source.url, '/subjects/sales.orders.orders.v1-value/versions', {
      schema: record('Order', ['id']),
    });
    await post(source.url, '/subjects/sales.orders.orders.v1-value/versions', {
      schema: record('Order', ['id', 'note']),
    });
    await post(
      source.url,
      '/config/sales.orders.orders.v1-value',
      { compatibility: 'FULL_TRANSITIVE' },
      'PUT',
    );

    const store = new FileSnapshotStore(join(ws.base, 'store'));
    const created = await createSnapshot({ root: ws.root, store, registryUrl: source.url });
    expect(created.registrySubjects).toBe(2);
    const manifest = await showSnapshot(store, created.id!);
    expect(manifest.registry).toMatchObject({ url: source.url, subjects: 2 });

    const restored = await restoreSnapshot({
      store,
      at: created.id!,
      to: join(ws.base, 'out'),
      registryUrl: target.url,
    });
    expect(restored.registry).toEqual({ url: target.url, subjects: 2, versions: 3 });
    const before = await readRegistry(source.url);
    const after = await readRegistry(target.url);
    expect(after.subjects).toEqual(before.subjects);
    expect(
      after.subjects.find((s) => s.subject === 'sales.orders.orders.v1-value')!.compatibility,
    ).toBe('FULL_TRANSITIVE');
  });

  it('verify checks the registry blob and prune keeps it', async () => {
    await post(source.url, '/subjects/a-value/versions', { schema: record('A', ['id']) });
    const store = new FileSnapshotStore(join(ws.base, 'store'));
    const { id } = await createSnapshot({ root: ws.root, store, registryUrl: source.url });
    await pruneSnapshots({ store, keepLast: 1, minBlobAgeMs: 0 });
    expect((await verifySnapshots({ store })).findings).toEqual([]);
    const ref = (await showSnapshot(store, id!)).registry!;
    await store.deleteBlob(ref.sha256);
    const findings = (await verifySnapshots({ store })).findings;
    expect(findings.map((f) => [f.ruleId, f.location?.pointer])).toEqual([
      ['snapshot-blob-missing', '/registry'],
    ]);
  });

  it('refuses to import registry subjects from a snapshot taken without a registry', async () => {
    const store = new FileSnapshotStore(join(ws.base, 'store'));
    const { id } = await createSnapshot({ root: ws.root, store });
    await expect(
      restoreSnapshot({ store, at: id!, to: join(ws.base, 'out'), registryUrl: target.url }),
    ).rejects.toSatisfy((e: unknown) => isMeshError(e) && e.code === 'SNAPSHOT_REGISTRY_ABSENT');
  });

  it('names an unreachable registry', async () => {
    const store = new FileSnapshotStore(join(ws.base, 'store'));
    await expect(
      createSnapshot({ root: ws.root, store, registryUrl: 'http://127.0.0.1:9' }),
    ).rejects.toSatisfy(
      (e: unknown) =>
        isMeshError(e) && e.code === 'REGISTRY_UNREACHABLE' && e.message.includes('127.0.0.1:9'),
    );
  });
});
