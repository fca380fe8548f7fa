import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { InputError, quoteIdentifier, quoteString, type PartRows } from '@meshkit/core';
import { avroNode, duckDbType, toDuckDbValue, type AvroNode } from './avro-duckdb.js';

export interface PartFileWriteResult {
  path: string;
  rows: number;
  bytes: number;
}

/**
 * Node kinds whose JSON form (docs/fixtures.md: decimals and timestamps as text, dates as
 * YYYY-MM-DD) DuckDB's JSON reader turns into the same column values the appender would.
 * Bytes, fixed, times and local timestamps keep the appender.
 */
const jsonSafe = (node: AvroNode): boolean => {
  switch (node.kind) {
    case 'record':
      return node.fields.every((f) => jsonSafe(f.node));
    case 'array':
      return jsonSafe(node.items);
    case 'map':
      return jsonSafe(node.values);
    case 'nullable':
      return jsonSafe(node.inner);
    case 'decimal':
      return node.precision <= 38;
    case 'boolean':
    case 'int':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
    case 'enum':
    case 'uuid':
    case 'null':
    case 'union':
    case 'date':
    case 'timestamp-millis':
    case 'timestamp-micros':
      return true;
    case 'bytes':
    case 'fixed':
    case 'time-millis':
    case 'time-micros':
    case 'local-timestamp-millis':
    case 'local-timestamp-micros':
      return false;
  }
};

const fsyncPath = async (path: string, flags: string): Promise<void> => {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/**
 * Writes many Parquet part files with the columns of one Avro record schema, keeping one DuckDB
 * instance open between files (a pipeline writes a file per batch; opening DuckDB each time
 * would cost more than the write). Rows go through the appender, never row-by-row INSERT. Each
 * file is written beside its target under a temporary name, synced, renamed, and its folder
 * synced, so a reader or a crash never leaves half a file under the final name.
 */
export class DuckDbPartFileWriter {
  private constructor(
    private readonly instance: DuckDBInstance,
    /** Idle connections: each write takes one, so up to `connections` files are written at once. */
    private readonly idle: DuckDBConnection[],
    private readonly node: Extract<AvroNode, { kind: 'record' }>,
    private readonly columns: string,
    private readonly compression: string,
    /** `read_json`'s `columns` argument, when the schema can go the columnar JSON way. */
    private readonly jsonColumns: string | undefined,
  ) {}

  static async create(
    avroSchema: unknown,
    options: {
      compression?: 'zstd' | 'snappy' | 'gzip' | 'uncompressed';
      /** Files written at the same time (default 4); each has its own connection. */
      connections?: number;
    } = {},
  ): Promise<DuckDbPartFileWriter> {
    const node = avroNode(avroSchema);
    if (node.kind !== 'record')
      throw new InputError(
        'PARQUET_SCHEMA',
        'a part file needs an Avro record schema: one column per field',
      );
    const columns = node.fields
      .map((f) => `${quoteIdentifier(f.name)} ${duckDbType(f.node)}`)
      .join(', ');
    const instance = await DuckDBInstance.create(':memory:', {
      threads: '1',
      autoinstall_known_extensions: 'false',
    });
    const idle: DuckDBConnection[] = [];
    for (let i = 0; i < Math.max(1, options.connections ?? 4); i++)
      idle.push(await instance.connect());
    const jsonColumns = jsonSafe(node)
      ? `{${node.fields.map((f) => `${quoteString(f.name)}: ${quoteString(duckDbType(f.node))}`).join(', ')}}`
      : undefined;
    return new DuckDbPartFileWriter(
      instance,
      idle,
      node,
      columns,
      options.compression ?? 'zstd',
      jsonColumns,
    );
  }

  /**
   * Writes `rows` to `path` (replacing a file of the same name); folders are created. The rows'
   * JSON goes through DuckDB's columnar JSON reader; should DuckDB read it differently from the
   * values (text with a duplicate key) or not take a value, the values go through the appender,
   * which names the row and field of a value that does not fit.
   *
   * `durable: false` is for a scratch file that is read back once and deleted (the S3 lake
   * uploads it): written in place, with no sync and no rename.
   */
  async write(
    rows: PartRows,
    path: string,
    options: { durable?: boolean } = {},
  ): Promise<PartFileWriteResult> {
    const durable = options.durable ?? true;
    await mkdir(dirname(path), { recursive: true });
    const tmp = durable
      ? join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
      : path;
    const c = await this.acquire();
    const json = `${tmp}.ndjson`;
    try {
      let done = false;
      if (this.jsonColumns) {
        // Columnar: DuckDB's JSON reader builds the columns in C++, several times faster than
        // one appender call per value from JavaScript.
        await writeFile(json, rows.ndjson());
        try {
          await c.run(
            `COPY (SELECT * FROM read_json(${quoteString(json)}, format = 'newline_delimited', columns = ${this.jsonColumns}, maximum_object_size = 16777216)) TO ${quoteString(tmp)} (FORMAT parquet, COMPRESSION ${this.compression})`,
          );
          done = true;
        } catch {
          // A value DuckDB will not cast: the appender names the row and field (PARQUET_VALUE).
        }
      }
      if (!done) {
        await this.appendRows(c, rows.values());
        await c.run(
          `COPY part_rows TO ${quoteString(tmp)} (FORMAT parquet, COMPRESSION ${this.compression})`,
        );
        await c.run('DROP TABLE part_rows');
      }
      if (durable) {
        await fsyncPath(tmp, 'r+');
        await rename(tmp, path);
        await fsyncPath(dirname(path), 'r');
      }
      return { path, rows: rows.count, bytes: (await stat(path)).size };
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    } finally {
      this.release(c);
      await rm(json, { force: true });
    }
  }

  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];

  private acquire(): Promise<DuckDBConnection> {
    const c = this.idle.pop();
    if (c) return Promise.resolve(c);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(c: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
  }

  private async appendRows(
    c: DuckDBConnection,
    rows: readonly Record<string, unknown>[],
  ): Promise<void> {
    // A temporary table is the connection's own: concurrent writes do not meet.
    await c.run(`CREATE OR REPLACE TEMP TABLE part_rows (${this.columns})`);
    const appender = await c.createAppender('part_rows');
    try {
      const fields = this.node.fields;
      const types = fields.map((_, i) => appender.columnType(i));
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        for (let i = 0; i < fields.length; i++) {
          const f = fields[i]!;
          appender.appendValue(toDuckDbValue(f.node, row[f.name], `row ${r}: ${f.name}`), types[i]);
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /** Why `row` cannot become a Parquet row of this schema, or undefined when it can. */
  check(row: Record<string, unknown>): string | undefined {
    try {
      for (const f of this.node.fields) toDuckDbValue(f.node, row[f.name], f.name);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  close(): void {
    for (const c of this.idle) c.closeSync();
    this.instance.closeSync();
  }
}
