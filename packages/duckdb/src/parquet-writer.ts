import { open, rename, rm, stat } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { InputError, quoteIdentifier, quoteString } from '@meshkit/core';
import { avroNode, duckDbType, toDuckDbValue } from './avro-duckdb.js';

export interface WriteParquetOptions {
  /** Default `zstd`. */
  compression?: 'zstd' | 'snappy' | 'gzip' | 'uncompressed';
  /** Rows per Parquet row group. Default DuckDB's (122880). */
  rowGroupSize?: number;
}

export interface WriteParquetResult {
  path: string;
  rows: number;
  bytes: number;
}

/**
 * Writes records to one Parquet file with the columns of an Avro record schema. Rows go through
 * DuckDB's appender into a temporary table (never row-by-row INSERT), then one `COPY ... TO`.
 * The file appears whole or not at all: it is written beside the target, synced, then renamed.
 */
export const writeParquet = async (
  rows: Iterable<Record<string, unknown>>,
  avroSchema: unknown,
  path: string,
  options: WriteParquetOptions = {},
): Promise<WriteParquetResult> => {
  const node = avroNode(avroSchema);
  if (node.kind !== 'record')
    throw new InputError(
      'PARQUET_SCHEMA',
      'writeParquet needs an Avro record schema: one column per field',
    );
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '1',
    autoinstall_known_extensions: 'false',
  });
  const connection = await instance.connect();
  let count = 0;
  try {
    const columns = node.fields.map((f) => `${quoteIdentifier(f.name)} ${duckDbType(f.node)}`);
    await connection.run(`CREATE TABLE rows (${columns.join(', ')})`);
    const appender = await connection.createAppender('rows');
    try {
      for (const row of rows) {
        node.fields.forEach((f, i) => {
          appender.appendValue(
            toDuckDbValue(f.node, row[f.name], `row ${count}: ${f.name}`),
            appender.columnType(i),
          );
        });
        appender.endRow();
        count++;
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    const settings = [`FORMAT parquet`, `COMPRESSION ${options.compression ?? 'zstd'}`];
    if (options.rowGroupSize) settings.push(`ROW_GROUP_SIZE ${Math.floor(options.rowGroupSize)}`);
    await connection.run(`COPY rows TO ${quoteString(tmp)} (${settings.join(', ')})`);
    const handle = await open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
    return { path, rows: count, bytes: (await stat(path)).size };
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
};
