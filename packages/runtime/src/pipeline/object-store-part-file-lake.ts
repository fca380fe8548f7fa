import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { isUncommittedPartFile, type ObjectStore, type PartFileWrite } from '@meshkit/core';
import type { DuckDbPartFileWriter } from '@meshkit/duckdb';
import type { PartFileLake, WrittenPartFile } from './part-file-lake.js';

/**
 * The lake in an object store (S3). Each part file is written by DuckDB to a private temporary
 * folder, then uploaded whole: an object appears only when its upload completes, so no reader
 * sees half a file, and a replay uploads the same key again instead of adding a duplicate.
 */
export class ObjectStorePartFileLake implements PartFileLake {
  readonly location: string;

  private constructor(
    private readonly store: ObjectStore,
    private readonly prefix: string,
    private readonly writer: DuckDbPartFileWriter,
    private readonly scratch: string,
  ) {
    this.location = `${store.location}/${prefix}`;
  }

  /** `prefix` is the port's lake path inside the store, e.g. `sales/orders/orders/v1`. */
  static async create(
    store: ObjectStore,
    prefix: string,
    schema: unknown,
  ): Promise<ObjectStorePartFileLake> {
    const { DuckDbPartFileWriter } = await import('@meshkit/duckdb');
    const scratch = await mkdtemp(join(tmpdir(), 'meshkit-lake-'));
    return new ObjectStorePartFileLake(
      store,
      prefix,
      await DuckDbPartFileWriter.create(schema),
      scratch,
    );
  }

  async removeUncommitted(topic: string, partition: number, fromOffset: bigint): Promise<string[]> {
    const keys = await this.store.list(`${this.prefix}/`);
    const stale = keys.filter((k) =>
      isUncommittedPartFile(posix.basename(k), topic, partition, fromOffset),
    );
    await this.store.delete(stale);
    return stale.map((k) => k.slice(this.prefix.length + 1));
  }

  async write(files: readonly PartFileWrite[]): Promise<WrittenPartFile[]> {
    return Promise.all(
      files.map(async (f) => {
        const local = join(this.scratch, f.path);
        // A scratch file, uploaded whole and deleted: durability is the store's upload.
        const r = await this.writer.write(f.rows, local, { durable: false });
        try {
          await this.store.put(`${this.prefix}/${f.path}`, await readFile(local));
        } finally {
          await rm(local, { force: true });
        }
        return { path: f.path, rows: r.rows, bytes: r.bytes };
      }),
    );
  }

  check(row: Record<string, unknown>): string | undefined {
    return this.writer.check(row);
  }

  async close(): Promise<void> {
    this.writer.close();
    await rm(this.scratch, { recursive: true, force: true });
  }
}
