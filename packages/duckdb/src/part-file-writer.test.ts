import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { partRowsOf } from '@meshkit/core';
import { DuckDbPartFileWriter } from './part-file-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'meshkit-part-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schema = {
  type: 'record',
  name: 'Event',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'n', type: 'int' },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
  ],
};

const readRows = async (path: string) => {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    return (
      await c.runAndReadAll(`SELECT id, n, day::VARCHAR AS day FROM '${path}' ORDER BY id`)
    ).getRowObjectsJson();
  } finally {
    c.closeSync();
    instance.closeSync();
  }
};

describe('DuckDbPartFileWriter', () => {
  it('writes a row given with its JSON text from that text, the others from their values', async () => {
    const writer = await DuckDbPartFileWriter.create(schema);
    try {
      const a = { id: 'a', n: 1, day: '2026-11-20' };
      const b = { id: 'b', n: 2, day: '2026-11-21' };
      // The text differs from JSON.stringify(a) in spacing and key order only.
      const texts = [Buffer.from('{ "day":"2026-11-20", "n": 1 ,"id":"a" }'), undefined];
      const path = join(dir, 'mixed.parquet');
      expect(await writer.write(partRowsOf([a, b], texts), path)).toMatchObject({ rows: 2 });
      expect(await readRows(path)).toEqual([a, b]);
    } finally {
      writer.close();
    }
  });

  it('writes the values, not the text, when the text has a duplicate key', async () => {
    const writer = await DuckDbPartFileWriter.create(schema);
    try {
      // JSON.parse keeps the last of duplicate keys; that value is the one validated.
      const row = { id: 'a', n: 2, day: '2026-11-20' };
      const texts = [Buffer.from('{"id":"a","n":1,"n":2,"day":"2026-11-20"}')];
      const path = join(dir, 'duplicate.parquet');
      await writer.write(partRowsOf([row], texts), path);
      expect(await readRows(path)).toEqual([row]);
    } finally {
      writer.close();
    }
  });
});
