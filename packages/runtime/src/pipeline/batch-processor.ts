import type avro from 'avsc';
import {
  deadLetterHeaders,
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
  const bad: DeadLetterRecord[] = [];
  const codes: Record<string, number> = {};
  let dropped = 0;
  let newestMs: number | undefined;
  const now = (o.now ?? (() => new Date()))();
  const reject = (m: SourceBatch['messages'][number], problem: RecordProblem) => {
    codes[problem.code] = (codes[problem.code] ?? 0) + 1;
    bad.push({
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
    const decoded = await o.decode(m.value);
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
  const plan = planPartFiles(good, o.partitionBy, {
    topic: batch.topic,
    partition: batch.partition,
    firstOffset: first,
    lastOffset: last,
  });
  // Both writes in parallel; the batch counts as done only when both are durable.
  const [files] = await Promise.all([o.lake.write(plan), o.deadLetter.send(bad)]);
  return {
    in: batch.messages.length,
    written: good.length,
    deadLettered: bad.length,
    dropped,
    files,
    removed,
    codes,
    newestMs,
  };
};
