import type {
  DeadLetterRecord,
  DeadLetterSink,
  RecordSource,
  SourceBatch,
  SourceMessage,
} from '@meshkit/core';

/**
 * The in-memory fake of `KafkaBatchSource`: batches given up front, delivered in order; a
 * handler error delivers the same batch again, marked fresh, as a consumer group would after a
 * failed batch. `committed` holds the next offset per partition, as Kafka would.
 */
export class MemoryRecordSource implements RecordSource {
  readonly location = 'memory';
  readonly committed = new Map<number, bigint>();
  private stopped = false;

  constructor(
    private readonly batches: readonly Omit<SourceBatch, 'fresh' | 'highWatermark'>[],
    private readonly maxAttempts = 3,
  ) {}

  async run(handler: (batch: SourceBatch) => Promise<void>): Promise<void> {
    const seen = new Set<number>();
    for (const b of this.batches) {
      for (let attempt = 1; !this.stopped; attempt++) {
        const fresh = !seen.has(b.partition);
        seen.add(b.partition);
        const last = b.messages[b.messages.length - 1]!.offset;
        try {
          await handler({ ...b, fresh, highWatermark: String(BigInt(last) + 1n) });
          this.committed.set(b.partition, BigInt(last) + 1n);
          break;
        } catch (error) {
          seen.delete(b.partition);
          if (attempt >= this.maxAttempts) throw error;
        }
      }
    }
  }

  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
}

/** Builds source messages from values, with offsets counting up from `first`. */
export const memoryMessages = (
  values: readonly (string | Uint8Array | null)[],
  first = 0,
): SourceMessage[] =>
  values.map((v, i) => ({
    key: null,
    value: typeof v === 'string' ? Buffer.from(v) : v,
    headers: {},
    offset: String(first + i),
    timestamp: '1795000000000',
  }));

/** The in-memory fake of `KafkaDeadLetterSink`; `failNext` makes the next sends fail. */
export class MemoryDeadLetterSink implements DeadLetterSink {
  readonly location = 'memory dead letters';
  readonly records: DeadLetterRecord[] = [];
  failNext = 0;

  send(records: readonly DeadLetterRecord[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      return Promise.reject(new Error('dead-letter topic unavailable'));
    }
    this.records.push(...records);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
