import { err, ok, type Result } from '../errors/result.js';

/**
 * Part files of a pipeline's output port. The name is a function of the source topic, partition
 * and the offset range of the batch, so a replay of the same range writes the same name
 * (replacing the file) instead of adding a duplicate:
 * `part-<topic>-p<partition>-<first>-<last>.parquet`, offsets zero-padded to 20 digits so names
 * sort in offset order.
 */
export interface PartFileId {
  topic: string;
  partition: number;
  firstOffset: bigint;
  lastOffset: bigint;
}

const OFFSET_DIGITS = 20;
const utf8 = new TextDecoder();
const pad = (n: bigint): string => n.toString().padStart(OFFSET_DIGITS, '0');
/** Kafka topic names are [a-zA-Z0-9._-]; anything else (a file source's name) is replaced. */
const safeTopic = (topic: string): string => topic.replace(/[^a-zA-Z0-9._-]/g, '_');

export const partFileName = (id: PartFileId): string =>
  `part-${safeTopic(id.topic)}-p${id.partition}-${pad(id.firstOffset)}-${pad(id.lastOffset)}.parquet`;

const PART_FILE = /^part-(.+)-p(\d+)-(\d{20})-(\d{20})\.parquet$/;

export const parsePartFileName = (name: string): PartFileId | undefined => {
  const m = PART_FILE.exec(name);
  if (!m) return undefined;
  return {
    topic: m[1]!,
    partition: Number(m[2]),
    firstOffset: BigInt(m[3]!),
    lastOffset: BigInt(m[4]!),
  };
};

/**
 * True for a part file of this topic and partition starting at or after `offset`: written by a
 * run that crashed (or lost the partition) before committing, and about to be written again.
 */
export const isUncommittedPartFile = (
  name: string,
  topic: string,
  partition: number,
  offset: bigint,
): boolean => {
  const id = parsePartFileName(name);
  return (
    id !== undefined &&
    id.topic === safeTopic(topic) &&
    id.partition === partition &&
    id.firstOffset >= offset
  );
};

/** Hive's default name for a null partition value. */
export const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__';

/** Escapes a partition value as Hive does: characters outside [A-Za-z0-9._ -] as %XX. */
const hiveEscape = (value: string): string =>
  value.replace(/[^A-Za-z0-9._ -]/g, (c) =>
    [...Buffer.from(c, 'utf8')]
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );

const partitionValue = (value: unknown): string => {
  if (value === null || value === undefined) return HIVE_NULL;
  if (typeof value === 'object') return hiveEscape(JSON.stringify(value));
  const text = String(value);
  return text === '' ? HIVE_NULL : hiveEscape(text);
};

/** `col=value/col2=value2` for one record, or '' without partition columns. */
export const hivePartitionPath = (
  record: Record<string, unknown>,
  partitionBy: readonly string[],
): string => partitionBy.map((c) => `${c}=${partitionValue(record[c])}`).join('/');

export interface PlannedPartFile<R> {
  /** Folder below the port's lake path, '' without partition columns. */
  dir: string;
  /** Path below the port's lake path: `<dir>/<name>` or `<name>`. */
  path: string;
  name: string;
  rows: R[];
  /** Each row's position in the rows given to `planPartFiles`. */
  indexes: number[];
}

/**
 * Splits one batch's valid records into one part file per hive partition. Every file of the batch
 * carries the batch's whole offset range, so the names do not depend on which records were valid.
 */
export const planPartFiles = <R extends Record<string, unknown>>(
  rows: readonly R[],
  partitionBy: readonly string[],
  id: PartFileId,
): PlannedPartFile<R>[] => {
  const name = partFileName(id);
  const byDir = new Map<string, { rows: R[]; indexes: number[] }>();
  // A batch holds few distinct partition values: each is escaped once.
  const single = partitionBy.length === 1 ? partitionBy[0]! : undefined;
  const dirOf = new Map<unknown, string>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let dir: string | undefined;
    if (single === undefined) dir = hivePartitionPath(row, partitionBy);
    else {
      const value = row[single];
      dir = dirOf.get(value);
      if (dir === undefined) {
        dir = hivePartitionPath(row, partitionBy);
        if (typeof value !== 'object') dirOf.set(value, dir);
      }
    }
    let file = byDir.get(dir);
    if (!file) byDir.set(dir, (file = { rows: [], indexes: [] }));
    file.rows.push(row);
    file.indexes.push(i);
  }
  return [...byDir.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([dir, file]) => ({ dir, name, path: dir ? `${dir}/${name}` : name, ...file }));
};

/**
 * The rows of one part file, as values or as newline-delimited JSON, each form made from the
 * other on demand: the lake writes JSON through DuckDB's columnar reader and falls back to the
 * values for its appender.
 */
export interface PartRows {
  readonly count: number;
  /** One JSON object per line, in row order. */
  ndjson(): string | Uint8Array;
  /** The rows as values (in the JSON form of docs/fixtures.md), in the same order. */
  values(): readonly Record<string, unknown>[];
}

/** One part file to write: its path below the port's lake path, and its rows. */
export interface PartFileWrite {
  path: string;
  rows: PartRows;
}

/** Bytes in an ArrayBuffer of their own (not a slice of a shared pool), safe to transfer. */
export const ownBytes = (data: string | Uint8Array): Uint8Array<ArrayBuffer> => {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  if (
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength
  )
    return bytes as Uint8Array<ArrayBuffer>;
  const own = new Uint8Array(bytes.byteLength);
  own.set(bytes);
  return own;
};

/**
 * Part rows from values. `texts` may give, position by position, a row's JSON text (one line
 * holding the row's fields and nothing else, such as the bytes the row was parsed from); it is
 * used as it is instead of `JSON.stringify(row)`, and `values()` gives that row parsed from it.
 */
export const partRowsOf = (
  rows: readonly Record<string, unknown>[],
  texts?: readonly (Uint8Array | undefined)[],
): PartRows => ({
  count: rows.length,
  // A row's text, where given, is the whole row: the row value may hold only what partitioning
  // needs (the pipeline's JSON fast path reads no more of a record).
  values: () =>
    texts?.some((t) => t !== undefined)
      ? rows.map((row, i) => {
          const text = texts[i];
          return text ? (JSON.parse(utf8.decode(text)) as Record<string, unknown>) : row;
        })
      : rows,
  ndjson: () => {
    if (!texts?.some((t) => t !== undefined)) return rows.map((r) => JSON.stringify(r)).join('\n');
    const lines = rows.map((row, i) => texts[i] ?? Buffer.from(JSON.stringify(row)));
    let length = 0;
    for (const line of lines) length += line.byteLength + 1;
    const out = Buffer.allocUnsafeSlow(length);
    let at = 0;
    for (const line of lines) {
      // Buffer#copy measured cheaper per call than TypedArray#set for these short lines.
      if (Buffer.isBuffer(line)) line.copy(out, at);
      else out.set(line, at);
      out[at + line.byteLength] = 0x0a;
      at += line.byteLength + 1;
    }
    return out;
  },
});

/** Part rows from newline-delimited JSON made by `PartRows.ndjson` (e.g. in another thread). */
export const partRowsFromNdjson = (ndjson: Uint8Array, count: number): PartRows => ({
  count,
  ndjson: () => ndjson,
  values: () =>
    Buffer.from(ndjson.buffer, ndjson.byteOffset, ndjson.byteLength)
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>),
});

/** Checks partitionBy against the contract's top-level fields. */
export const checkPartitionBy = (
  partitionBy: readonly string[],
  fields: readonly string[],
): Result<void, string> => {
  const missing = partitionBy.filter((c) => !fields.includes(c));
  if (missing.length > 0)
    return err(
      `partitionBy names ${missing.map((c) => `"${c}"`).join(', ')}, which the contract does not have as top-level fields (${fields.join(', ')})`,
    );
  return ok(undefined);
};
