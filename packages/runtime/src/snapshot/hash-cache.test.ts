import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySnapshotStore } from '@meshkit/core';
import { HASH_CACHE_FILE, HashCache, readStamp } from './hash-cache.js';
import { createSnapshot, showSnapshot, sha256Hex } from './snapshots.js';
import type { TempWorkspace } from './testing/temp-workspace.js';
import { createTempWorkspace } from './testing/temp-workspace.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await createTempWorkspace();
});
afterEach(async () => {
  await ws.cleanup();
});

const HASH = 'a'.repeat(64);

describe('HashCache', () => {
  it('trusts a stamp only when it is identical and older than the hashing by a margin', async () => {
    const file = join(ws.root, 'domains/sales/domain.yaml');
    const hour = Date.now() / 1000 - 3600;
    await utimes(file, hour, hour);
    const stamp = await readStamp(file);
    const cache = await HashCache.open(ws.root);
    cache.remember('a', stamp, HASH, Date.now());
    cache.remember('racy', stamp, HASH, hour * 1000 + 1);
    await cache.save();

    const next = await HashCache.open(ws.root);
    expect(next.lookup('a', stamp)).toBe(HASH);
    expect(next.lookup('racy', stamp)).toBeUndefined();
    expect(next.lookup('a', { ...stamp, size: stamp.size + 1 })).toBeUndefined();
    expect(next.lookup('a', { ...stamp, ctimeNs: '1' })).toBeUndefined();
    expect(next.lookup('missing', stamp)).toBeUndefined();
  });

  it('treats a damaged cache file as empty', async () => {
    const cache = await HashCache.open(ws.root);
    cache.remember('a', await readStamp(join(ws.root, 'mesh.config.yaml')), HASH, Date.now());
    await cache.save();
    await writeFile(join(ws.root, HASH_CACHE_FILE), '{"version":1,"entries":');
    const reopened = await HashCache.open(ws.root);
    expect(
      reopened.lookup('a', await readStamp(join(ws.root, 'mesh.config.yaml'))),
    ).toBeUndefined();
  });
});

describe('create with the hash cache', () => {
  it('notices a file rewritten with the same size and its modification time put back', async () => {
    const store = new MemorySnapshotStore();
    const file = join(ws.root, 'domains/sales/orders/contracts/orders.avsc');
    const old = Date.now() / 1000 - 3600;
    await utimes(file, old, old);
    await createSnapshot({ root: ws.root, store });
    await createSnapshot({ root: ws.root, store });

    const original = await readFile(file, 'utf8');
    const same = original.replace('order_id', 'order_ix');
    expect(same.length).toBe(original.length);
    await writeFile(file, same);
    await utimes(file, old, old);
    const after = await createSnapshot({ root: ws.root, store });
    const entry = (await showSnapshot(store, after.id!)).entries.find((e) =>
      e.path.endsWith('orders.avsc'),
    )!;
    expect(entry.sha256).toBe(sha256Hex(Buffer.from(same)));
    expect(after.blobsWritten).toBe(1);
  });
});
