import { readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isUncommittedPartFile, partFileName, type PartFileWrite } from '@meshkit/core';
import type { DuckDbPartFileWriter } from '@meshkit/duckdb';

export interface WrittenPartFile {
  /** Path below the port's lake location. */
  path: string;
  rows: number;
  bytes: number;
}

/** Where a pipeline's part files go: the port's folder in the lake. */
export interface PartFileLake {
  readonly location: string;
  /** Removes part files of the topic partition starting at or after `fromOffset`. */
  removeUncommitted(topic: string, partition: number, fromOffset: bigint): Promise<string[]>;
  /** Writes the files, each whole or not at all. */
  write(files: readonly PartFileWrite[]): Promise<WrittenPartFile[]>;
  /** Why this row cannot be written, or undefined when it can. */
  check(row: Record<string, unknown>): string | undefined;
  close(): Promise<void>;
}

/** The lake on local disk (`file://` lake URLs, the embedded default). */
export class LocalPartFileLake implements PartFileLake {
  readonly location: string;

  private constructor(
    private readonly dir: string,
    private readonly writer: DuckDbPartFileWriter,
  ) {
    this.location = dir;
  }

  static async create(dir: string, schema: unknown): Promise<LocalPartFileLake> {
    const { DuckDbPartFileWriter } = await import('@meshkit/duckdb');
    return new LocalPartFileLake(dir, await DuckDbPartFileWriter.create(schema));
  }

  async removeUncommitted(topic: string, partition: number, fromOffset: bigint): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(this.dir, { recursive: true });
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return [];
      throw error;
    }
    // Temporary files of this topic partition are leftovers of a crash mid-write.
    const tmpPrefix = `.${partFileName({ topic, partition, firstOffset: 0n, lastOffset: 0n }).replace(/-\d{20}-\d{20}\.parquet$/, '-')}`;
    const stale = entries.filter((e) => {
      const name = basename(e);
      return (
        isUncommittedPartFile(name, topic, partition, fromOffset) ||
        (name.startsWith(tmpPrefix) && name.includes('.tmp'))
      );
    });
    for (const e of stale) await rm(join(this.dir, e), { force: true });
    return stale;
  }

  async write(files: readonly PartFileWrite[]): Promise<WrittenPartFile[]> {
    // The files of a batch (one per hive partition) are written side by side.
    return Promise.all(
      files.map(async (f) => {
        const r = await this.writer.write(f.rows, join(this.dir, f.path));
        return { path: f.path, rows: r.rows, bytes: r.bytes };
      }),
    );
  }

  check(row: Record<string, unknown>): string | undefined {
    return this.writer.check(row);
  }

  close(): Promise<void> {
    this.writer.close();
    return Promise.resolve();
  }
}
