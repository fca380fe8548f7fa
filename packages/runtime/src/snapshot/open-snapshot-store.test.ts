import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isMeshError } from '@meshkit/core';
import { FileSnapshotStore } from './file-snapshot-store.js';
import { openSnapshotStore } from './open-snapshot-store.js';
import type { TempWorkspace } from './testing/temp-workspace.js';
import { createTempWorkspace } from './testing/temp-workspace.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await createTempWorkspace();
});
afterEach(async () => {
  await ws.cleanup();
});

const code = (expected: string) => (e: unknown) => isMeshError(e) && e.code === expected;

describe('openSnapshotStore', () => {
  it('defaults to the .mesh/snapshots folder of the workspace', async () => {
    const { store } = await openSnapshotStore({ root: ws.root, forWriting: false, env: {} });
    expect(store).toBeInstanceOf(FileSnapshotStore);
    expect((store as FileSnapshotStore).root).toBe(join(ws.root, '.mesh/snapshots'));
  });

  it('reads snapshots.store from mesh.config.yaml, and --store wins over it', async () => {
    await writeFile(
      join(ws.root, 'mesh.config.yaml'),
      'apiVersion: meshkit/v1\nkind: MeshConfig\nsnapshots:\n  store: file://backups/mesh\n',
    );
    const configured = await openSnapshotStore({ root: ws.root, forWriting: false, env: {} });
    expect((configured.store as FileSnapshotStore).root).toBe(join(ws.root, 'backups/mesh'));
    const flag = await openSnapshotStore({
      root: ws.root,
      store: `file://${ws.base}/x`,
      forWriting: false,
      env: {},
    });
    expect((flag.store as FileSnapshotStore).root).toBe(join(ws.base, 'x'));
  });

  it('refuses a malformed store URL naming the forms it accepts', async () => {
    await expect(
      openSnapshotStore({ root: ws.root, store: 'ftp://x', forWriting: false, env: {} }),
    ).rejects.toSatisfy(code('SNAPSHOT_STORE_URL_INVALID'));
  });

  it('refuses Object Lock retention on a file store', async () => {
    await expect(
      openSnapshotStore({
        root: ws.root,
        forWriting: true,
        env: {},
        objectLock: { mode: 'GOVERNANCE', days: 1 },
      }),
    ).rejects.toSatisfy(code('SNAPSHOT_RETENTION_UNSUPPORTED'));
  });
});
