import type avro from 'avsc';
import {
  deadLetterHeaders,
  isMeshError,
  passThroughHeaders,
  planPartFiles,
  recordProblem,
  validateRecord,
  type DeadLetterRecord,
  type DeadLetterSink,
  type RecordProblem,
  type SourceBatch,
} from '@meshkit/core';
import type { RecordDecoder } from './record-decoder.js';
import type { RecordTransform } from './transform-loader.js';
import type { PartFileLake, WrittenPartFile } from './part-file-lake.js';

export interface BatchProcessorOptions {
  contract: avro.Type;
  /** `<domain>/<product>/<port>` and the contract's semantic version, for dead-letter headers. */
  contractId: string;
  contractVersion: string;
  partitionBy: readonly string[];
  decode: RecordDecoder;
  transform?: RecordTransform;
  lake: PartFileLake;
  deadLetter: DeadLetterSink;
  /** Top-level field holding the record's event time (the SLA freshness column). */
  freshnessColumn?: string;
  now?: () => Date;
}

export interface BatchResult {
  in: number;
  written: number;
  deadLettered: number;
  dropped: number;
  files: WrittenPartFile[];
  removed: string[];
  /** Dead-lettered records per error code. */
  codes: Record<string, number>;
  /** Epoch ms of the newest record written (freshness column, else source timestamp). */
  newestMs: number | undefined;
}

/**
 * JSON text that is one line of newline-delimited JSON as it is: no line breaks (whitespace in
 * pretty-printed JSON) and no byte-order mark.
 */
const isOneLine = (bytes: Uint8Array): boolean =>
  bytes[0] !== 0xef && bytes.indexOf(0x0a) === -1 && bytes.indexOf(0x0d) === -1;

/**
 * One batch through the pipeline: decode, transform, validate; good records to part files (one
 * per hive partition, named by the batch's offset range), bad ones to the dead-letter sink. It
 * resolves only when both are durable; the source commits after that. Bad input never throws:
 * only a failing lake or dead-letter sink does, and then the batch is read again.
 */
export const processBatch = async (
  batch: SourceBatch,
  o: BatchProcessorOptions,
): Promise<BatchResult> => {
  const good: Record<string, unknown>[] = [];
  /** Valid records whose source bytes are already their JSON text (see PartFileLake.write). */
  const asJson = new Map<Record<string, unknown>, Uint8Array>();
  const json = o.decode.format === 'json' && !o.transform;
  const goodMessages: SourceBatch['messages'] = [];
  const bad: DeadLetterRecord[] = [];
  const codes: Record<string, number> = {};
  let dropped = 0;
  let newestMs: number | undefined;
  const now = (o.now ?? (() => new Date()))();
  const reject = (
    m: SourceBatch['messages'][number],
    problem: RecordProblem,
    into: DeadLetterRecord[] = bad,
  ) => {
    codes[problem.code] = (codes[problem.code] ?? 0) + 1;
    into.push({
      key: m.key,
      value: m.value,
      headers: {
        ...passThroughHeaders(m.headers),
        ...deadLetterHeaders(
          problem,
          { topic: batch.topic, partition: batch.partition, offset: m.offset },
          { id: o.contractId, version: o.contractVersion },
          now,
        ),
      },
    });
  };
  for (const m of batch.messages) {
    let decoded = o.decode.decode(m.value);
    if (decoded instanceof Promise) decoded = await decoded;
    if (!decoded.ok) {
      reject(m, decoded.error);
      continue;
    }
    let record: unknown = decoded.value;
    if (o.transform) {
      try {
        record = o.transform(record);
      } catch (error) {
        reject(
          m,
          recordProblem(
            'TRANSFORM_FAILED',
            `transform threw: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
        continue;
      }
      if (record === null || record === undefined) {
        dropped++;
        continue;
      }
    }
    const valid = validateRecord(o.contract, record);
    if (!valid.ok) {
      reject(m, valid.error);
      continue;
    }
    good.push(valid.value);
    goodMessages.push(m);
    if (json && valid.value === decoded.value && isOneLine(m.value!))
      asJson.set(valid.value, m.value!);
    const t = o.freshnessColumn ? valid.value[o.freshnessColumn] : undefined;
    const ms =
      typeof t === 'string' ? Date.parse(t) : typeof t === 'number' ? t : Number(m.timestamp);
    if (Number.isFinite(ms) && (newestMs === undefined || ms > newestMs)) newestMs = ms;
  }
  const first = BigInt(batch.messages[0]!.offset);
  const last = BigInt(batch.messages[batch.messages.length - 1]!.offset);
  const removed = batch.fresh
    ? await o.lake.removeUncommitted(batch.topic, batch.partition, first)
    : [];
  const id = {
    topic: batch.topic,
    partition: batch.partition,
    firstOffset: first,
    lastOffset: last,
  };
  let written = good.length;
  const writeLake = async () => {
    try {
      return await o.lake.write(planPartFiles(good, o.partitionBy, id), asJson);
    } catch (error) {
      if (!isMeshError(error) || error.code !== 'PARQUET_VALUE') throw error;
      // A valid record Parquet cannot hold (rare: the contract allows what the column type
      // does not) must not stall the partition: it goes to the dead letters instead.
      const late: DeadLetterRecord[] = [];
      const keep = good.filter((row, i) => {
        const problem = o.lake.check(row);
        if (problem === undefined) return true;
        reject(goodMessages[i]!, recordProblem('RECORD_UNWRITABLE', problem), late);
        return false;
      });
      if (late.length === 0) throw error;
      written = keep.length;
      await o.deadLetter.send(late);
      bad.push(...late);
      return await o.lake.write(planPartFiles(keep, o.partitionBy, id), asJson);
    }
  };
  // Both writes in parallel; the batch counts as done only when both are durable.
  const [files] = await Promise.all([writeLake(), o.deadLetter.send([...bad])]);
  return {
    in: batch.messages.length,
    written,
    deadLettered: bad.length,
    dropped,
    files,
    removed,
    codes,
    newestMs,
  };
};
