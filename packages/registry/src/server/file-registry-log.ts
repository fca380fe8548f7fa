import { constants } from 'node:fs';
import { mkdir, open, readFile, rm, stat, truncate } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InfrastructureError } from '@meshkit/core';
import { decodeRecord, encodeRecord } from './registry-log.js';
import type { RegistryLog, RegistryRecord } from './registry-log.js';

export const LOG_FILE = 'registry.log';
export const LOCK_FILE = 'registry.lock';

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** What `open` found in the log, for the server's start-up line and for tests. */
export interface LogRecovery {
  records: number;
  /** Bytes of a torn last line (a write cut short by a crash) that were cut off. */
  truncatedBytes: number;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * An append-only JSON-lines log in `<dir>/registry.log`. Appends are group-committed: records
 * that arrive while a write is in flight go out together in the next write + fdatasync, and each
 * `append` resolves only after the fdatasync that covers it, so an acknowledged change survives
 * SIGKILL or power loss. A crash can only leave a torn last line, which `open` cuts off (it was
 * never acknowledged); a bad line anywhere else is corruption and stops the start.
 */
export class FileRegistryLog implements RegistryLog {
  private queue: { seq: number; line: string }[] = [];
  private waiters: Waiter[] = [];
  private appendedSeq = 0;
  private durableSeq = 0;
  private flushing = false;
  private failure: Error | undefined;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly handle: FileHandle,
    private readonly records: RegistryRecord[],
    readonly recovery: LogRecovery,
  ) {}

  static async open(dir: string): Promise<FileRegistryLog> {
    await mkdir(dir, { recursive: true });
    await acquireLock(dir);
    const path = join(dir, LOG_FILE);
    const { records, goodBytes, totalBytes } = await readLog(path);
    if (goodBytes < totalBytes) await truncate(path, goodBytes);
    const existed = totalBytes > 0 || (await exists(path));
    const handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT);
    await handle.datasync();
    // A new file is only durable once its directory entry is.
    if (!existed) await syncDir(dir);
    return new FileRegistryLog(dir, handle, records, {
      records: records.length,
      truncatedBytes: totalBytes - goodBytes,
    });
  }

  replay(): Promise<RegistryRecord[]> {
    return Promise.resolve(this.records);
  }

  append(record: RegistryRecord): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the registry log is closed'));
    const seq = ++this.appendedSeq;
    this.queue.push({ seq, line: encodeRecord(record) });
    const done = this.waitFor(seq);
    if (!this.flushing) void this.flush();
    return done;
  }

  settled(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return this.waitFor(this.appendedSeq);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.settled().catch(() => undefined);
    this.closed = true;
    await this.handle.close();
    await rm(join(this.dir, LOCK_FILE), { force: true });
    heldHere.delete(resolve(this.dir));
  }

  private waitFor(seq: number): Promise<void> {
    if (seq <= this.durableSeq) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.handle.appendFile(batch.map((entry) => entry.line).join(''));
        await this.handle.datasync();
        this.durableSeq = batch[batch.length - 1]!.seq;
        const ready = this.waiters.filter((w) => w.seq <= this.durableSeq);
        this.waiters = this.waiters.filter((w) => w.seq > this.durableSeq);
        for (const waiter of ready) waiter.resolve();
      }
    } catch (error) {
      this.failure = new InfrastructureError(
        'REGISTRY_LOG_WRITE_FAILED',
        `cannot write the registry log ${join(this.dir, LOG_FILE)}: ${(error as Error).message}; ` +
          'free disk space or fix permissions, then restart the registry (acknowledged changes are safe)',
        { cause: error },
      );
      for (const waiter of this.waiters) waiter.reject(this.failure);
      this.waiters = [];
      this.queue = [];
    } finally {
      this.flushing = false;
    }
  }
}

const exists = async (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

const syncDir = async (dir: string): Promise<void> => {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/** Reads every trusted record; `goodBytes` is where the trusted part of the file ends. */
export const readLog = async (
  path: string,
): Promise<{ records: RegistryRecord[]; goodBytes: number; totalBytes: number }> => {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { records: [], goodBytes: 0, totalBytes: 0 };
    throw new InfrastructureError(
      'REGISTRY_LOG_READ_FAILED',
      `cannot read the registry log ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const records: RegistryRecord[] = [];
  let offset = 0;
  let lineNo = 0;
  while (offset < data.length) {
    const end = data.indexOf(0x0a, offset);
    lineNo++;
    // No newline: the last write was cut short. It was never acknowledged, so it is dropped.
    if (end === -1) break;
    const decoded = decodeRecord(data.subarray(offset, end).toString('utf8'));
    if (!decoded.ok) {
      const isLast = end === data.length - 1;
      if (isLast) break;
      throw new InfrastructureError(
        'REGISTRY_LOG_CORRUPT',
        `${path}:${lineNo}: registry log line is damaged (${decoded.reason}) and later lines follow it; ` +
          `restore the data folder from a backup, or keep the first ${offset} bytes ` +
          `(truncate -s ${offset} ${path}) to start from the last good record`,
        { retriable: false },
      );
    }
    records.push(decoded.record);
    offset = end + 1;
  }
  return { records, goodBytes: offset, totalBytes: data.length };
};

/** Data folders this process holds open (the lock file alone cannot tell them from a stale lock). */
const heldHere = new Set<string>();

/** One server per data folder: two writers would interleave their logs. */
const acquireLock = async (dir: string): Promise<void> => {
  const path = join(dir, LOCK_FILE);
  if (heldHere.has(resolve(dir)))
    throw new InfrastructureError(
      'REGISTRY_DATA_LOCKED',
      `the registry data folder ${dir} is in use by this process (${process.pid}); close the other registry on it first`,
      { retriable: false },
    );
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      heldHere.add(resolve(dir));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))
        throw new InfrastructureError(
          'REGISTRY_DATA_LOCKED',
          `the registry data folder ${dir} is in use by process ${pid}; stop that registry or pass another --data folder`,
          { retriable: false },
        );
      // The owner is gone (killed or crashed): the lock is stale.
      await rm(path, { force: true });
    }
  }
  throw new InfrastructureError(
    'REGISTRY_DATA_LOCKED',
    `cannot lock the registry data folder ${dir} (${path}); remove the file if no registry runs`,
    { retriable: false },
  );
};
