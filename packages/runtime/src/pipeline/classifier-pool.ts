import { Worker } from 'node:worker_threads';
import { InputError, partRowsFromNdjson, type RecordProblem } from '@meshkit/core';
import type { ClassifiedBatch, Classifier, ClassifyInput } from './batch-processor.js';

/** What a worker needs to build the classifier a pipeline runs in its own thread. */
export interface WorkerClassifierSettings {
  /** The port's contract: an Avro schema with every named type inlined. */
  schema: unknown;
  partitionBy: readonly string[];
  freshnessColumn?: string;
  /** A compiled transform (transform-loader.ts), imported by each worker; label names its source. */
  transform?: { module: string; label: string };
}

/** A batch as it crosses to a worker: every value in one buffer, moved rather than copied. */
export interface WorkerRequest {
  id: number;
  topic: string;
  partition: number;
  firstOffset: string;
  lastOffset: string;
  bytes: Uint8Array<ArrayBuffer>;
  /** End of each value in `bytes`; -1 for a value that is null (a tombstone). */
  ends: Int32Array<ArrayBuffer>;
  timestamps: readonly string[];
}

export type WorkerResponse =
  | {
      id: number;
      ok: true;
      files: {
        path: string;
        count: number;
        ndjson: Uint8Array<ArrayBuffer>;
        indexes: Int32Array<ArrayBuffer>;
      }[];
      rejected: { index: number; problem: RecordProblem }[];
      dropped: number;
      newestMs: number | undefined;
    }
  | { id: number; ok: false; message: string };

/** Packs a batch's values into one fresh buffer that can be transferred to a worker. */
export const packRequest = (id: number, input: ClassifyInput): WorkerRequest => {
  let length = 0;
  for (const v of input.values) if (v) length += v.byteLength;
  const bytes = new Uint8Array(length);
  const ends = new Int32Array(input.values.length);
  let at = 0;
  input.values.forEach((v, i) => {
    if (v === null) ends[i] = -1;
    else {
      bytes.set(v, at);
      ends[i] = at += v.byteLength;
    }
  });
  return {
    id,
    topic: input.topic,
    partition: input.partition,
    firstOffset: input.firstOffset.toString(),
    lastOffset: input.lastOffset.toString(),
    bytes,
    ends,
    timestamps: input.timestamps,
  };
};

/** The batch a worker got, as the classifier takes it; values are views into one buffer. */
export const unpackRequest = (r: WorkerRequest): ClassifyInput => {
  const values: (Uint8Array | null)[] = new Array(r.ends.length);
  let start = 0;
  for (let i = 0; i < r.ends.length; i++) {
    const end = r.ends[i]!;
    if (end < 0) values[i] = null;
    else {
      // Buffer views: their byte searches are native.
      values[i] = Buffer.from(r.bytes.buffer, r.bytes.byteOffset + start, end - start);
      start = end;
    }
  }
  return {
    topic: r.topic,
    partition: r.partition,
    firstOffset: BigInt(r.firstOffset),
    lastOffset: BigInt(r.lastOffset),
    values,
    timestamps: r.timestamps,
  };
};

/**
 * The worker script. It is the compiled file beside this module; when this module runs from
 * TypeScript source (the test runner), the built copy in `dist/` is used.
 */
const workerUrl = (): URL => {
  const url = new URL('./classify-worker.js', import.meta.url);
  return import.meta.url.endsWith('.ts')
    ? new URL(
        url.href.replace(
          /\/src\/pipeline\/classify-worker\.js$/,
          '/dist/pipeline/classify-worker.js',
        ),
      )
    : url;
};

interface Pending {
  resolve: (batch: ClassifiedBatch) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Settles once the worker has built its classifier (or failed to). */
  ready: Promise<void>;
  started: boolean;
  pending: Map<number, Pending>;
}

/**
 * Classifies batches in worker threads, so decoding and validation of several partitions' batches
 * use more than one core while the pipeline's thread fetches, writes and commits. A batch goes to
 * the worker with the fewest batches in hand. A worker that fails fails its batches (the source
 * reads them again) and is replaced.
 */
export class ClassifierPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private closed = false;

  private constructor(
    private readonly settings: WorkerClassifierSettings,
    size: number,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Starts `size` workers and waits until each has built its classifier. */
  static async create(settings: WorkerClassifierSettings, size: number): Promise<ClassifierPool> {
    const pool = new ClassifierPool(settings, Math.max(1, size));
    try {
      await Promise.all(pool.slots.map((s) => s.ready));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  readonly classify: Classifier = async (input) => {
    if (this.closed) throw new Error('the classifier pool is closed');
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    // A worker started in place of a failed one may still be starting, or may not start at all.
    await slot.ready;
    const id = this.nextId++;
    const request = packRequest(id, input);
    return new Promise<ClassifiedBatch>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage(request, [request.bytes.buffer, request.ends.buffer]);
    });
  };

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private ready(worker: Worker): Promise<void> {
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: { ready?: true; error?: string; inputCode?: string }) => {
        if (m.ready) resolve();
        else if (m.error)
          reject(m.inputCode ? new InputError(m.inputCode, m.error) : new Error(m.error));
      };
      worker.once('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) =>
        reject(new Error(`a classifier worker stopped while starting (exit code ${code})`)),
      );
    });
    // Awaited by `create` and by each batch; settled here so a failure is never unhandled.
    ready.catch(() => undefined);
    return ready;
  }

  private spawn(): Slot {
    const worker = new Worker(workerUrl(), { workerData: this.settings });
    const slot: Slot = { worker, ready: this.ready(worker), started: false, pending: new Map() };
    slot.ready.then(
      () => (slot.started = true),
      () => undefined,
    );
    worker.on('message', (m: WorkerResponse | { ready: true }) => {
      if (!('id' in m)) return;
      const pending = slot.pending.get(m.id);
      if (!pending) return;
      slot.pending.delete(m.id);
      if (!m.ok) {
        pending.reject(new Error(`classifying a batch failed: ${m.message}`));
        return;
      }
      pending.resolve({
        files: m.files.map((f) => ({
          path: f.path,
          rows: partRowsFromNdjson(f.ndjson, f.count),
          indexes: f.indexes,
        })),
        rejected: m.rejected,
        dropped: m.dropped,
        newestMs: m.newestMs,
      });
    });
    const fail = (error: Error) => {
      for (const p of slot.pending.values()) p.reject(error);
      slot.pending.clear();
      // One that never started stays failed (its batches fail with its reason): starting it
      // again would fail the same way, over and over.
      if (this.closed || !slot.started) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
    };
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`a classifier worker stopped (exit code ${code})`));
    });
    return slot;
  }
}
