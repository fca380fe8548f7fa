import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAvroContract } from '@meshkit/core';
import { createClassifier, type ClassifiedBatch, type ClassifyInput } from './batch-processor.js';
import { ClassifierPool, packRequest, unpackRequest } from './classifier-pool.js';
import { createJsonDecoder } from './record-decoder.js';

// The workers run the built worker script (dist/), as `npm test` builds first.

const schema = {
  type: 'record',
  name: 'Event',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};

const event = (id: string, day = '2026-11-20', at = '2026-11-20T10:00:00.000Z') =>
  JSON.stringify({ id, day, at });

const input = (values: (string | null)[]): ClassifyInput => ({
  topic: 't',
  partition: 1,
  firstOffset: 100n,
  lastOffset: BigInt(100 + values.length - 1),
  values: values.map((v) => (v === null ? null : Buffer.from(v))),
  timestamps: values.map((_, i) => String(1_795_000_000_000 + i)),
});

/** What a classified batch says, in plain values that compare across threads. */
const plain = (c: ClassifiedBatch) => ({
  files: c.files.map((f) => ({
    path: f.path,
    count: f.rows.count,
    values: f.rows.values(),
    indexes: [...Array.from(f.indexes)],
  })),
  rejected: c.rejected.map((r) => ({
    index: r.index,
    code: r.problem.code,
    at: r.problem.pointer,
  })),
  dropped: c.dropped,
  newestMs: c.newestMs,
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshkit-classifier-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('packRequest / unpackRequest', () => {
  it('carries values, empty values and tombstones through one buffer', () => {
    const batch = input(['{"a":1}', '', null, 'é']);
    const back = unpackRequest(packRequest(7, batch));
    expect(back.values.map((v) => (v === null ? null : Buffer.from(v).toString()))).toEqual([
      '{"a":1}',
      '',
      null,
      'é',
    ]);
    expect(back).toMatchObject({ topic: 't', partition: 1, firstOffset: 100n, lastOffset: 103n });
  });
});

describe('ClassifierPool', () => {
  it('classifies a batch in worker threads exactly as in the pipeline thread', async () => {
    const values = [
      event('a'),
      '{"id": "b", "day": "2026-11-30", "at": "2026-11-21T00:00:00Z"}',
      event('c', '2026-02-30'),
      null,
      'not json',
      '{"id":"d","day":20412,"at":1795000000000}',
      event('e', '2026-11-30'),
      '{"__proto__": {"x": 1}}',
    ];
    const contract = parseAvroContract(schema);
    if (!contract.ok) throw new Error(contract.error.message);
    const local = await createClassifier({
      contract: contract.value.type,
      partitionBy: ['day'],
      decode: createJsonDecoder(),
      freshnessColumn: 'at',
    })(input(values));
    const pool = await ClassifierPool.create(
      { schema, partitionBy: ['day'], freshnessColumn: 'at' },
      2,
    );
    try {
      const results = await Promise.all([1, 2, 3].map(() => pool.classify(input(values))));
      for (const r of results) expect(plain(r)).toEqual(plain(local));
      expect(plain(local).rejected.map((r) => r.index)).toEqual([2, 3, 4, 7]);
      expect(plain(local).files.map((f) => f.path.split('/')[0])).toEqual([
        'day=2025-11-20',
        'day=2026-11-20',
        'day=2026-11-30',
      ]);
      // The source bytes of an unchanged record are its line in the part file.
      const ndjson = results[0]!.files[2]!.rows.ndjson();
      expect(Buffer.from(ndjson).toString().split('\n')[0]).toBe(values[1]);
    } finally {
      await pool.close();
    }
  });

  it('fails a batch whose worker died and carries on with a new worker', async () => {
    const module = join(dir, 'exit-on-die.mjs');
    await writeFile(
      module,
      'export const transform = (r) => { if (r.die) process.exit(3); return r; };\n',
    );
    const pool = await ClassifierPool.create(
      { schema, partitionBy: [], transform: { module, label: 'exit-on-die.mjs' } },
      1,
    );
    try {
      await expect(pool.classify(input([event('a'), '{"die": true}']))).rejects.toThrow(
        /classifier worker stopped \(exit code 3\)/,
      );
      const after = await pool.classify(input([event('b')]));
      expect(after.files.map((f) => f.rows.values())).toEqual([[JSON.parse(event('b'))]]);
    } finally {
      await pool.close();
    }
  });

  it('fails batches with the reason when a replacement worker cannot start, rather than hang', async () => {
    const marker = join(dir, 'broken-now');
    const module = join(dir, 'breaks-after-start.mjs');
    await writeFile(
      module,
      `import { existsSync } from 'node:fs';
if (existsSync(${JSON.stringify(marker)})) throw new Error('the transform cannot load any more');
export const transform = (r) => { if (r.die) process.exit(4); return r; };
`,
    );
    const pool = await ClassifierPool.create(
      { schema, partitionBy: [], transform: { module, label: 'breaks-after-start.mjs' } },
      1,
    );
    try {
      await writeFile(marker, '');
      await expect(pool.classify(input(['{"die": true}']))).rejects.toThrow(/exit code 4/);
      await expect(pool.classify(input([event('a')]))).rejects.toThrow(
        /the transform cannot load any more/,
      );
    } finally {
      await pool.close();
    }
  });

  it('refuses to start with a transform module that exports no function, naming it', async () => {
    const module = join(dir, 'no-function.mjs');
    await writeFile(module, 'export const transform = 42;\n');
    await expect(
      ClassifierPool.create(
        { schema, partitionBy: [], transform: { module, label: 'no-function.mjs' } },
        1,
      ),
    ).rejects.toMatchObject({
      code: 'INPUT_TRANSFORM',
      message: 'no-function.mjs must export a function `transform(record)`',
    });
  });
});
