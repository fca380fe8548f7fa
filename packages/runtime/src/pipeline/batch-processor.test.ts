import { describe, expect, it } from 'vitest';
import { InputError, parseAvroContract, partFileName, type PartFileWrite } from '@meshkit/core';
import { MemoryDeadLetterSink, MemoryRecordSource, memoryMessages } from '@meshkit/kafka';
import { createClassifier, processBatch, type BatchProcessorOptions } from './batch-processor.js';
import type { RecordTransform } from './transform-loader.js';
import type { PartFileLake, WrittenPartFile } from './part-file-lake.js';
import { createJsonDecoder } from './record-decoder.js';

const contract = parseAvroContract({
  type: 'record',
  name: 'Event',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'n', type: 'int' },
  ],
});
if (!contract.ok) throw new Error(contract.error.message);

/** A lake in memory: files by path, replaced on rewrite; `removeUncommitted` calls recorded. */
class MemoryLake implements PartFileLake {
  readonly location = 'memory lake';
  readonly files = new Map<string, Record<string, unknown>[]>();
  readonly removals: [string, number, bigint][] = [];
  unwritable = new Set<string>();
  /** The newline-delimited JSON of each file of the last write. */
  ndjson: string[] = [];

  removeUncommitted(topic: string, partition: number, from: bigint): Promise<string[]> {
    this.removals.push([topic, partition, from]);
    const gone = [...this.files.keys()].filter((p) => {
      const m = /-p(\d+)-(\d{20})-/.exec(p);
      return m && Number(m[1]) === partition && BigInt(m[2]!) >= from;
    });
    for (const p of gone) this.files.delete(p);
    return Promise.resolve(gone);
  }
  write(files: readonly PartFileWrite[]): Promise<WrittenPartFile[]> {
    this.ndjson = files.map((f) => {
      const text = f.rows.ndjson();
      return typeof text === 'string' ? text : Buffer.from(text).toString();
    });
    for (const f of files)
      if (f.rows.values().some((r) => this.unwritable.has(String(r.id))))
        return Promise.reject(new InputError('PARQUET_VALUE', 'bad value'));
    for (const f of files) this.files.set(f.path, [...f.rows.values()]);
    return Promise.resolve(files.map((f) => ({ path: f.path, rows: f.rows.count, bytes: 1 })));
  }
  check(row: Record<string, unknown>): string | undefined {
    return this.unwritable.has(String(row.id)) ? `id: ${String(row.id)} does not fit` : undefined;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const options = (
  lake: PartFileLake,
  deadLetter: MemoryDeadLetterSink,
  transform?: RecordTransform,
): BatchProcessorOptions => ({
  classify: createClassifier({
    contract: contract.value.type,
    partitionBy: ['day'],
    decode: createJsonDecoder(),
    ...(transform ? { transform } : {}),
  }),
  contractId: 'd/p/port',
  contractVersion: '1.2.0',
  lake,
  deadLetter,
  now: () => new Date('2026-11-26T00:00:00Z'),
});

const good = (id: string, day = '2026-11-20') => JSON.stringify({ id, day, n: 1 });

describe('processBatch', () => {
  it('writes good records per hive partition and dead-letters bad ones with their own headers kept', async () => {
    const lake = new MemoryLake();
    const dlq = new MemoryDeadLetterSink();
    const messages = memoryMessages([good('a'), '{"id": "b"}', good('c', '2026-11-21')], 10);
    messages[1]!.headers = { trace: 'x1', 'mesh.error.code': 'OLD' };
    const r = await processBatch(
      { topic: 't', partition: 2, messages, highWatermark: '13', fresh: false },
      options(lake, dlq),
    );
    expect(r).toMatchObject({ in: 3, written: 2, deadLettered: 1, dropped: 0 });
    const name = partFileName({ topic: 't', partition: 2, firstOffset: 10n, lastOffset: 12n });
    expect([...lake.files.keys()]).toEqual([`day=2026-11-20/${name}`, `day=2026-11-21/${name}`]);
    expect(lake.removals).toEqual([]);
    expect(dlq.records[0]!.headers).toMatchObject({
      trace: 'x1',
      'mesh.error.code': 'CONTRACT_VIOLATION',
      'mesh.error.pointer': '/day',
      'mesh.source.topic': 't',
      'mesh.source.partition': '2',
      'mesh.source.offset': '11',
      'mesh.contract.id': 'd/p/port',
      'mesh.contract.version': '1.2.0',
      'mesh.time': '2026-11-26T00:00:00.000Z',
    });
    expect(dlq.records[0]!.value).toEqual(Buffer.from('{"id": "b"}'));
  });

  it('replaces uncommitted output on a fresh batch, and commits only after a retried batch succeeds', async () => {
    const lake = new MemoryLake();
    const dlq = new MemoryDeadLetterSink();
    // A crashed run wrote offsets 0-5 without committing; this consumer's batch is 0-2.
    lake.files.set(
      'day=2026-11-20/part-t-p0-00000000000000000000-00000000000000000005.parquet',
      [],
    );
    const source = new MemoryRecordSource([
      { topic: 't', partition: 0, messages: memoryMessages([good('a'), 'x', good('b')]) },
      { topic: 't', partition: 0, messages: memoryMessages([good('c')], 3) },
    ]);
    dlq.failNext = 1;
    const fresh: boolean[] = [];
    await source.run(async (batch) => {
      fresh.push(batch.fresh);
      await processBatch(batch, options(lake, dlq));
    });
    // The first attempt failed on the dead-letter topic and was delivered again, fresh.
    expect(fresh).toEqual([true, true, false]);
    expect(source.committed.get(0)).toBe(4n);
    expect([...lake.files.keys()].sort()).toEqual([
      'day=2026-11-20/part-t-p0-00000000000000000000-00000000000000000002.parquet',
      'day=2026-11-20/part-t-p0-00000000000000000003-00000000000000000003.parquet',
    ]);
    expect(dlq.records.map((d) => d.headers['mesh.source.offset'])).toEqual(['1']);
  });

  it('dead-letters a valid record the lake cannot hold instead of stalling the partition', async () => {
    const lake = new MemoryLake();
    lake.unwritable.add('b');
    const dlq = new MemoryDeadLetterSink();
    const r = await processBatch(
      {
        topic: 't',
        partition: 0,
        messages: memoryMessages([good('a'), good('b')]),
        highWatermark: '2',
        fresh: false,
      },
      options(lake, dlq),
    );
    expect(r).toMatchObject({ written: 1, deadLettered: 1, codes: { RECORD_UNWRITABLE: 1 } });
    expect(dlq.records[0]!.headers['mesh.error.message']).toBe('id: b does not fit');
    expect([...lake.files.values()][0]!.map((row) => row.id)).toEqual(['a']);
  });

  it('drops what the transform drops and dead-letters what it throws on', async () => {
    const lake = new MemoryLake();
    const dlq = new MemoryDeadLetterSink();
    const r = await processBatch(
      {
        topic: 't',
        partition: 0,
        messages: memoryMessages(['{"skip": true}', '{"boom": true}', good('a')]),
        highWatermark: '3',
        fresh: false,
      },
      options(lake, dlq, (raw) => {
        const r = raw as Record<string, unknown>;
        if (r.skip) return null;
        if (r.boom) throw new TypeError('boom');
        return r;
      }),
    );
    expect(r).toMatchObject({
      written: 1,
      deadLettered: 1,
      dropped: 1,
      codes: { TRANSFORM_FAILED: 1 },
    });
    expect(dlq.records[0]!.headers['mesh.error.message']).toBe('transform threw: boom');
  });

  it('hands the lake the source bytes of records that validated unchanged, and only those', async () => {
    const lake = new MemoryLake();
    const dlq = new MemoryDeadLetterSink();
    const texts = [
      '{"id": "a", "day": "2026-11-20", "n": 1}',
      JSON.stringify({ id: 'b', day: 20412, n: 1 }), // the day becomes text: re-encoded
      '{"id": "c",\n "day": "2026-11-20", "n": 1}', // a line break: not one NDJSON line
    ];
    const batch = { topic: 't', partition: 0, highWatermark: '3', fresh: false };
    const lines = () => lake.ndjson.map((text) => text.split('\n').filter(Boolean));
    await processBatch({ ...batch, messages: memoryMessages(texts, 0) }, options(lake, dlq));
    expect(lines()).toEqual([
      ['{"id":"b","day":"2025-11-20","n":1}'],
      [texts[0], '{"id":"c","day":"2026-11-20","n":1}'],
    ]);
    await processBatch(
      { ...batch, messages: memoryMessages(texts, 0) },
      options(lake, dlq, (r) => r),
    );
    expect(lines()[1]).toEqual([
      '{"id":"a","day":"2026-11-20","n":1}',
      '{"id":"c","day":"2026-11-20","n":1}',
    ]);
  });

  it('reads partition values, rows and event times alike whether a record takes the fast path or not', async () => {
    const timed = parseAvroContract({
      type: 'record',
      name: 'Timed',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'day', type: { type: 'int', logicalType: 'date' } },
        { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'note', type: ['null', 'string'], default: null },
      ],
    });
    if (!timed.ok) throw new Error(timed.error.message);
    const classify = createClassifier({
      contract: timed.value.type,
      partitionBy: ['day'],
      decode: createJsonDecoder(),
      freshnessColumn: 'at',
    });
    const texts = [
      // The contract's form: the fast path.
      '{"id":"a","day":"2026-11-20","at":"2026-11-20T10:00:00Z","note":null}',
      // A default to fill in and an offset timestamp: the full path.
      '{"id":"b","day":"2026-11-21","at":"2026-11-21T12:00:00+01:00"}',
      // Fast again, the newest event, in a partition seen before.
      '{"id":"c","day":"2026-11-20","at":"2026-11-21T11:30:00.250Z","note":"x"}',
    ];
    const c = await classify({
      topic: 't',
      partition: 0,
      firstOffset: 0n,
      lastOffset: 2n,
      values: texts.map((t) => Buffer.from(t)),
      timestamps: ['0', '0', '0'],
    });
    expect(c.rejected).toEqual([]);
    expect(c.newestMs).toBe(Date.parse('2026-11-21T11:30:00.250Z'));
    expect(c.files.map((f) => [f.path.split('/')[0], Array.from(f.indexes)])).toEqual([
      ['day=2026-11-20', [0, 2]],
      ['day=2026-11-21', [1]],
    ]);
    expect(c.files[0]!.rows.values()).toEqual([JSON.parse(texts[0]!), JSON.parse(texts[2]!)]);
    expect(c.files[1]!.rows.values()).toEqual([{ ...JSON.parse(texts[1]!), note: null }]);
  });
});
