import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeParquet } from './parquet-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'meshkit-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schema = {
  type: 'record',
  name: 'Order',
  namespace: 'sales',
  fields: [
    { name: 'order_id', type: 'string' },
    { name: 'qty', type: 'int' },
    { name: 'big', type: 'long' },
    { name: 'ok', type: 'boolean' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['PLACED', 'PAID'] } },
    { name: 'total', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
    { name: 'placed_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    {
      name: 'address',
      type: {
        type: 'record',
        name: 'Address',
        fields: [
          { name: 'city', type: 'string' },
          { name: 'zip', type: ['null', 'string'] },
        ],
      },
    },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'attrs', type: { type: 'map', values: 'long' } },
    { name: 'billing', type: ['null', 'Address'], default: null },
  ],
};

const read = async (path: string) => {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    const types = (
      await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)
    ).getRowObjectsJson();
    const rows = (
      await c.runAndReadAll(`SELECT * FROM read_parquet('${path}') ORDER BY order_id`)
    ).getRowObjectsJson();
    return { types: Object.fromEntries(types.map((t) => [t.column_name, t.column_type])), rows };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
};

describe('writeParquet', () => {
  it('writes Avro records with typed columns through the appender', async () => {
    const path = join(dir, 'orders.parquet');
    const result = await writeParquet(
      [
        {
          order_id: 'o-1',
          qty: 2,
          big: 9007199254740993n,
          ok: true,
          note: { string: 'gift' },
          status: 'PAID',
          total: '12.50',
          placed_at: '2026-11-26T10:00:00.123Z',
          day: '2026-11-26',
          address: { city: 'Ghent', zip: null },
          tags: ['a', 'b'],
          attrs: { x: 1 },
          billing: { city: 'Oslo', zip: '0150' },
        },
        {
          order_id: 'o-2',
          qty: -1,
          big: 1,
          ok: false,
          note: null,
          status: 'PLACED',
          total: -3,
          placed_at: Date.parse('2026-01-01T00:00:00Z'),
          day: 20_000,
          address: { city: 'Lyon', zip: '69001' },
          tags: [],
          attrs: {},
          billing: null,
        },
      ],
      schema,
      path,
    );
    expect(result).toMatchObject({ path, rows: 2 });
    const { types, rows } = await read(path);
    expect(types).toMatchObject({
      order_id: 'VARCHAR',
      qty: 'INTEGER',
      big: 'BIGINT',
      total: 'DECIMAL(10,2)',
      placed_at: 'TIMESTAMP WITH TIME ZONE',
      day: 'DATE',
      address: 'STRUCT(city VARCHAR, zip VARCHAR)',
      tags: 'VARCHAR[]',
      attrs: 'MAP(VARCHAR, BIGINT)',
    });
    expect(rows[0]).toMatchObject({
      big: '9007199254740993',
      note: 'gift',
      total: '12.50',
      day: '2026-11-26',
      address: { city: 'Ghent', zip: null },
      tags: ['a', 'b'],
      billing: { city: 'Oslo', zip: '0150' },
    });
    expect(String(rows[0]!.placed_at)).toMatch(/^2026-11-26 10:00:00\.123/);
    expect(rows[1]).toMatchObject({ note: null, total: '-3.00', day: '2024-10-04', billing: null });
  });

  it('names the row and field of a value that does not fit, and leaves no file', async () => {
    const path = join(dir, 'bad.parquet');
    await expect(
      writeParquet([{ order_id: 'x', qty: 1, big: 'many' }], schema, path),
    ).rejects.toThrow(/row 0: big: "many" is not a whole number/);
    expect(readdirSync(dir).filter((f) => f.includes('bad'))).toEqual([]);
  });

  it('refuses a schema that is not a record', async () => {
    await expect(writeParquet([], 'string', join(dir, 'x.parquet'))).rejects.toThrow(
      /Avro record schema/,
    );
  });
});
