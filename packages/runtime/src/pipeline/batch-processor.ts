import type avro from 'avsc';
import {
  compileJsonRecordScanner,
  deadLetterHeaders,
  logicalTextBytes,
  isMeshError,
  partRowsOf,
  passThroughHeaders,
  planPartFiles,
  recordProblem,
  validateRecord,
  type DeadLetterRecord,
  type DeadLetterSink,
  type JsonRecordScanner,
  type PartRows,
  type RecordProblem,
  type SourceBatch,
} from '@meshkit/core';
import type { RecordDecoder } from './record-decoder.js';
import type { RecordTransform } from './transform-loader.js';
import type { PartFileLake, WrittenPartFile } from './part-file-lake.js';

/** What classifying a batch needs of it: the values, and where they sit in the topic. */
export interface ClassifyInput {
  topic: string;
  partition: number;
  firstOffset: bigint;
  lastOffset: bigint;
  values: readonly (Uint8Array | null)[];
  /** Source timestamps (epoch ms as text, as Kafka gives them), for freshness. */
  timestamps: readonly string[];
}

/** A batch's records sorted into part files and rejects, without any I/O. */
export interface ClassifiedBatch {
  /** One file per hive partition, named by the batch's offset range. */
  files: { path: string; rows: PartRows; indexes: ArrayLike<number> }[];
  /** Records refused, by position in the batch. */
  rejected: { index: number; problem: RecordProblem }[];
  dropped: number;
  /** Epoch ms of the newest good record (freshness column, else source timestamp). */
  newestMs: number | undefined;
}

/**
 * Decodes, transforms and validates a batch's records. Pure computation: it runs in the
 * pipeline's thread or in worker threads (classifier-pool.ts) with the same result.
 */
export type Classifier = (input: ClassifyInput) => Promise<ClassifiedBatch>;

export interface ClassifierOptions {
  contract: avro.Type;
  partitionBy: readonly string[];
  decode: RecordDecoder;
  transform?: RecordTransform;
  /** Top-level field holding the record's event time (the SLA freshness column). */
  freshnessColumn?: string;
}

/**
 * JSON text that is one line of newline-delimited JSON as it is: no line breaks (whitespace in
 * pretty-printed JSON) and no byte-order mark.
 */
const isOneLine = (bytes: Uint8Array): boolean =>
  bytes[0] !== 0xef && bytes.indexOf(0x0a) === -1 && bytes.indexOf(0x0d) === -1;

/**
 * What the classifier needs of a record that passed the JSON fast path (json-record-scan.ts),
 * read from its bytes without parsing it: its partition columns, as a row for planPartFiles, and
 * its event time. A batch holds few distinct partition values, so each column keeps its last few
 * raw texts with their parsed values.
 */
const fastRecordReader = (
  scanner: JsonRecordScanner,
  partitionBy: readonly string[],
  freshnessColumn: string | undefined,
) => {
  const columns = partitionBy.map((name) => ({
    name,
    f: scanner.fieldIndex(name),
    recent: [] as { text: Uint8Array; value: unknown }[],
  }));
  const freshness = freshnessColumn === undefined ? -1 : scanner.fieldIndex(freshnessColumn);
  /** True when field f of the scanned record has the JSON text `text`. */
  const known = (bytes: Uint8Array, f: number, text: Uint8Array): boolean => {
    const start = scanner.start(f);
    if (scanner.end(f) - start !== text.length) return false;
    for (let k = 0; k < text.length; k++) if (bytes[start + k] !== text[k]) return false;
    return true;
  };
  return {
    scan: (bytes: Uint8Array): boolean => scanner.scan(bytes),
    partitionRow: (bytes: Uint8Array): Record<string, unknown> => {
      const row: Record<string, unknown> = {};
      for (const c of columns) {
        let hit = c.recent.find((r) => known(bytes, c.f, r.text));
        if (!hit) {
          // A copy: a Buffer's slice is a view that would keep the whole fetch in memory.
          const text = Uint8Array.prototype.slice.call(bytes, scanner.start(c.f), scanner.end(c.f));
          hit = { text, value: scanner.value(bytes, c.f) };
          if (c.recent.unshift(hit) > 8) c.recent.pop();
        }
        row[c.name] = hit.value;
      }
      return row;
    },
    /** The freshness column's value, as epoch ms where it is a timestamp in the common form. */
    eventTime: (bytes: Uint8Array): unknown => {
      if (freshness === -1) return undefined;
      const start = scanner.start(freshness);
      const end = scanner.end(freshness);
      if (bytes[start] === 0x22) {
        const ms = logicalTextBytes.timestampMillis(bytes, start + 1, end - 1);
        if (!Number.isNaN(ms)) return ms;
      }
      return scanner.value(bytes, freshness);
    },
  };
};

export const createClassifier = (o: ClassifierOptions): Classifier => {
  // A record that validates unchanged from JSON source bytes goes to the lake as those bytes.
  const json = o.decode.format === 'json' && !o.transform;
  const scanner = json ? compileJsonRecordScanner(o.contract, o.decode.limits) : undefined;
  // Partition columns are top-level fields (checkPartitionBy); should one not be, no fast path.
  const fast =
    scanner && o.partitionBy.every((c) => scanner.fieldIndex(c) !== -1)
      ? fastRecordReader(scanner, o.partitionBy, o.freshnessColumn)
      : undefined;
  const eventMs = (t: unknown, index: number, timestamps: readonly string[]): number =>
    typeof t === 'string' ? Date.parse(t) : typeof t === 'number' ? t : Number(timestamps[index]);
  return async (input) => {
    const good: Record<string, unknown>[] = [];
    const goodIndexes: number[] = [];
    /** Per good record, its source bytes when they are its JSON text as it is. */
    const texts: (Uint8Array | undefined)[] = [];
    const rejected: ClassifiedBatch['rejected'] = [];
    let dropped = 0;
    let newestMs: number | undefined;
    const keep = (row: Record<string, unknown>, index: number, text: Uint8Array | undefined) => {
      good.push(row);
      goodIndexes.push(index);
      texts.push(text);
    };
    const seen = (ms: number) => {
      if (Number.isFinite(ms) && (newestMs === undefined || ms > newestMs)) newestMs = ms;
    };
    for (let index = 0; index < input.values.length; index++) {
      const value = input.values[index]!;
      if (fast && value !== null && fast.scan(value)) {
        keep(fast.partitionRow(value), index, value);
        seen(eventMs(fast.eventTime(value), index, input.timestamps));
        continue;
      }
      let decoded = o.decode.decode(value);
      // JSON decodes synchronously: no promise per record.
      if (decoded instanceof Promise) decoded = await decoded;
      if (!decoded.ok) {
        rejected.push({ index, problem: decoded.error });
        continue;
      }
      let record: unknown = decoded.value;
      if (o.transform) {
        try {
          record = o.transform(record);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          rejected.push({
            index,
            problem: recordProblem('TRANSFORM_FAILED', `transform threw: ${message}`),
          });
          continue;
        }
        if (record === null || record === undefined) {
          dropped++;
          continue;
        }
      }
      const valid = validateRecord(o.contract, record);
      if (!valid.ok) {
        rejected.push({ index, problem: valid.error });
        continue;
      }
      keep(
        valid.value,
        index,
        json && valid.value === decoded.value && isOneLine(value!) ? value! : undefined,
      );
      const t = o.freshnessColumn ? valid.value[o.freshnessColumn] : undefined;
      seen(eventMs(t, index, input.timestamps));
    }
    const files = planPartFiles(good, o.partitionBy, input).map((f) => ({
      path: f.path,
      rows: partRowsOf(
        f.rows,
        f.indexes.map((i) => texts[i]),
      ),
      indexes: f.indexes.map((i) => goodIndexes[i]!),
    }));
    return { files, rejected, dropped, newestMs };
  };
};

export interface BatchProcessorOptions {
  classify: Classifier;
  /** `<domain>/<product>/<port>` and the contract's semantic version, for dead-letter headers. */
  contractId: string;
  contractVersion: string;
  lake: PartFileLake;
  deadLetter: DeadLetterSink;
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
 * One batch through the pipeline: classify (decode, transform, validate); good records to part
 * files (one per hive partition, named by the batch's offset range), bad ones to the dead-letter
 * sink. It resolves only when both are durable; the source commits after that. Bad input never
 * throws: only a failing lake or dead-letter sink does, and then the batch is read again.
 */
export const processBatch = async (
  batch: SourceBatch,
  o: BatchProcessorOptions,
): Promise<BatchResult> => {
  const first = BigInt(batch.messages[0]!.offset);
  const last = BigInt(batch.messages[batch.messages.length - 1]!.offset);
  const classified = await o.classify({
    topic: batch.topic,
    partition: batch.partition,
    firstOffset: first,
    lastOffset: last,
    values: batch.messages.map((m) => m.value),
    timestamps: batch.messages.map((m) => m.timestamp),
  });
  const codes: Record<string, number> = {};
  const now = (o.now ?? (() => new Date()))();
  const deadLetterRecord = (index: number, problem: RecordProblem): DeadLetterRecord => {
    const m = batch.messages[index]!;
    codes[problem.code] = (codes[problem.code] ?? 0) + 1;
    return {
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
    };
  };
  const bad = classified.rejected.map((r) => deadLetterRecord(r.index, r.problem));
  const removed = batch.fresh
    ? await o.lake.removeUncommitted(batch.topic, batch.partition, first)
    : [];
  let written = classified.files.reduce((n, f) => n + f.rows.count, 0);
  const writeLake = async () => {
    try {
      return await o.lake.write(classified.files);
    } catch (error) {
      if (!isMeshError(error) || error.code !== 'PARQUET_VALUE') throw error;
      // A valid record Parquet cannot hold (rare: the contract allows what the column type
      // does not) must not stall the partition: it goes to the dead letters instead.
      const late: DeadLetterRecord[] = [];
      const files = classified.files.map((f) => {
        const keep = f.rows.values().filter((row, i) => {
          const problem = o.lake.check(row);
          if (problem === undefined) return true;
          late.push(deadLetterRecord(f.indexes[i]!, recordProblem('RECORD_UNWRITABLE', problem)));
          return false;
        });
        return { path: f.path, rows: partRowsOf(keep) };
      });
      if (late.length === 0) throw error;
      written -= late.length;
      await o.deadLetter.send(late);
      bad.push(...late);
      return await o.lake.write(files.filter((f) => f.rows.count > 0));
    }
  };
  // Both writes in parallel; the batch counts as done only when both are durable.
  const [files] = await Promise.all([writeLake(), o.deadLetter.send([...bad])]);
  return {
    in: batch.messages.length,
    written,
    deadLettered: bad.length,
    dropped: classified.dropped,
    files,
    removed,
    codes,
    newestMs: classified.newestMs,
  };
};
