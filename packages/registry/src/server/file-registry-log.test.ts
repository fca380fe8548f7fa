import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileRegistryLog, LOG_FILE } from './file-registry-log.js';
import { decodeRecord, encodeRecord } from './registry-log.js';
import type { RegistryRecord } from './registry-log.js';

const rec = (id: number): RegistryRecord => ({
  op: 'register',
  subject: 's-value',
  version: id,
  id,
  schema: `{"type":"record","name":"R${id}","fields":[]}`,
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mesh-registry-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('registry log lines', () => {
  it('encodes a record as one JSON object with a checksum and decodes it back', () => {
    const line = encodeRecord(rec(1));
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({
      op: 'register',
      id: 1,
      crc: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    expect(decodeRecord(line.trimEnd())).toEqual({ ok: true, record: rec(1) });
  });

  it('rejects a line whose content no longer matches its checksum', () => {
    const line = encodeRecord(rec(1)).trimEnd().replace('"id":1', '"id":7');
    expect(decodeRecord(line)).toEqual({ ok: false, reason: 'checksum mismatch' });
  });
});

describe('FileRegistryLog', () => {
  it('replays what was appended, in order, after a reopen', async () => {
    const log = await FileRegistryLog.open(dir);
    await Promise.all([1, 2, 3].map((i) => log.append(rec(i))));
    await log.close();
    const again = await FileRegistryLog.open(dir);
    expect(await again.replay()).toEqual([rec(1), rec(2), rec(3)]);
    await again.close();
  });

  it('cuts off a torn last line left by a crash and keeps appending after it', async () => {
    const path = join(dir, LOG_FILE);
    const good = encodeRecord(rec(1));
    await writeFile(path, good + encodeRecord(rec(2)).slice(0, 25));
    const log = await FileRegistryLog.open(dir);
    expect(log.recovery).toEqual({ records: 1, truncatedBytes: 25 });
    expect((await stat(path)).size).toBe(Buffer.byteLength(good));
    await log.append(rec(3));
    await log.close();
    expect(await readFile(path, 'utf8')).toBe(good + encodeRecord(rec(3)));
  });

  it('cuts off a damaged last line', async () => {
    const path = join(dir, LOG_FILE);
    await writeFile(path, encodeRecord(rec(1)) + encodeRecord(rec(2)).replace('R2', 'R9'));
    const log = await FileRegistryLog.open(dir);
    expect(await log.replay()).toEqual([rec(1)]);
    await log.close();
  });

  it('refuses to start on a damaged line in the middle, naming the line and the fix', async () => {
    const path = join(dir, LOG_FILE);
    await writeFile(path, encodeRecord(rec(1)) + encodeRecord(rec(2)).replace('R2', 'R9'));
    await appendFile(path, encodeRecord(rec(3)));
    await expect(FileRegistryLog.open(dir)).rejects.toMatchObject({
      code: 'REGISTRY_LOG_CORRUPT',
      message: expect.stringMatching(
        new RegExp(`${LOG_FILE}:2: .*checksum mismatch.*truncate -s \\d+`),
      ),
    });
  });

  it('groups concurrent appends and resolves each only once durable', async () => {
    const log = await FileRegistryLog.open(dir);
    const done = await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(rec(i + 1))));
    expect(done).toHaveLength(50);
    await log.settled();
    const text = await readFile(join(dir, LOG_FILE), 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(50);
    await log.close();
  });
});
