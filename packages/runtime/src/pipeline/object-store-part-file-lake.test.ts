import { describe, expect, it } from 'vitest';
import { memoryObjectStore, partFileName, partRowsOf, planPartFiles } from '@meshkit/core';
import { ObjectStorePartFileLake } from './object-store-part-file-lake.js';

const schema = {
  type: 'record',
  name: 'Row',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'day', type: 'string' },
  ],
};

const batch = (first: bigint, last: bigint) =>
  planPartFiles(
    [
      { id: 'a', day: '2026-11-25' },
      { id: 'b', day: '2026-11-26' },
    ],
    ['day'],
    { topic: 'sales.orders.raw', partition: 0, firstOffset: first, lastOffset: last },
  ).map((f) => ({ path: f.path, rows: partRowsOf(f.rows) }));

describe('ObjectStorePartFileLake', () => {
  it('uploads each part file whole under the port path, as Parquet', async () => {
    const store = memoryObjectStore('s3://lake/prod');
    const lake = await ObjectStorePartFileLake.create(store, 'sales/orders/orders/v1', schema);
    try {
      const written = await lake.write(batch(0n, 9n));
      expect(written.map((w) => [w.path, w.rows])).toEqual([
        [
          `day=2026-11-25/${partFileName({ topic: 'sales.orders.raw', partition: 0, firstOffset: 0n, lastOffset: 9n })}`,
          1,
        ],
        [
          `day=2026-11-26/${partFileName({ topic: 'sales.orders.raw', partition: 0, firstOffset: 0n, lastOffset: 9n })}`,
          1,
        ],
      ]);
      expect(lake.location).toBe('s3://lake/prod/sales/orders/orders/v1');
      for (const key of store.objects.keys()) {
        expect(key.startsWith('sales/orders/orders/v1/day=')).toBe(true);
        expect(Buffer.from(store.objects.get(key)!.subarray(0, 4)).toString()).toBe('PAR1');
      }
    } finally {
      await lake.close();
    }
  });

  it('rewrites the same keys on a replay and removes what a crashed run left past the commit', async () => {
    const store = memoryObjectStore();
    const lake = await ObjectStorePartFileLake.create(store, 'p', schema);
    try {
      await lake.write(batch(0n, 9n));
      await lake.write(batch(10n, 19n)); // never committed: the process died here
      const removed = await lake.removeUncommitted('sales.orders.raw', 0, 10n);
      expect(removed.every((k) => k.includes('00000000000000000010-00000000000000000019'))).toBe(
        true,
      );
      expect(removed).toHaveLength(2);
      await lake.write(batch(0n, 9n));
      expect(store.objects.size).toBe(2);
    } finally {
      await lake.close();
    }
  });
});
