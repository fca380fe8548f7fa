import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { RecordSource, SourceBatch, SourceMessage } from '@meshkit/core';
import { kafkaError } from './kafka-errors.js';

export interface KafkaBatchSourceOptions {
  topic: string;
  groupId: string;
  /** Start at the earliest offset when the group has no committed offset (default: latest). */
  fromBeginning?: boolean;
  /** Upper bound on a fetch per partition (default 4 MiB): bigger batches, fewer part files. */
  maxBytesPerPartition?: number;
  sessionTimeout?: number;
  /**
   * Partitions whose batches are processed at the same time (default 3), so one partition's
   * decoding overlaps another's file and commit waits. Offsets stay ordered per partition.
   */
  partitionsConsumedConcurrently?: number;
  /** Called each time the consumer joined the group (it has its partitions). */
  onJoin?: () => void;
}

const DEFAULT_CONCURRENCY = 3;

/** True when every header has one value (kafkajs gives a repeated header as an array). */
const singleValued = (
  headers: KafkaMessage['headers'],
): headers is Record<string, Buffer | string> => {
  for (const k in headers) if (headers[k] === undefined || Array.isArray(headers[k])) return false;
  return true;
};

/**
 * kafkajs's message itself when it already has the source's shape (the common case: no copy per
 * record); otherwise a copy in which a repeated header keeps its first value.
 */
export const sourceMessage = (m: KafkaMessage): SourceMessage => {
  if (m.headers && singleValued(m.headers)) return m as SourceMessage & KafkaMessage;
  const headers = m.headers ?? {};
  const single: Record<string, Uint8Array | string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) single[k] = Array.isArray(v) ? (v[0] ?? '') : v;
  return { key: m.key, value: m.value, headers: single, offset: m.offset, timestamp: m.timestamp };
};

/**
 * A consumer-group source over kafkajs that hands whole batches to the handler and commits the
 * batch's offsets only after the handler resolved (auto-commit off). A partition's first batch
 * after an assignment or a failed batch is marked `fresh`, so the handler can replace output of
 * a run that stopped between writing and committing.
 */
export class KafkaBatchSource implements RecordSource {
  readonly location: string;
  private readonly consumer: Consumer;
  /** `partition` numbers that delivered a batch since the last (re)join. */
  private readonly seen = new Set<number>();
  private stopped = false;
  private running: Promise<void> | undefined;
  private resolveRun: (() => void) | undefined;
  private rejectRun: ((error: unknown) => void) | undefined;

  constructor(
    kafka: Kafka,
    private readonly brokers: readonly string[],
    private readonly options: KafkaBatchSourceOptions,
  ) {
    this.location = `kafka topic "${options.topic}" (group "${options.groupId}")`;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeout ?? 10_000,
      rebalanceTimeout: 30_000,
      heartbeatInterval: 1000,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 4 * 1024 * 1024,
      // A fetch brings as many partitions as are processed at once: a bigger one only waits
      // in memory, since kafkajs fetches again once every batch of the last fetch is done.
      maxBytes:
        (options.partitionsConsumedConcurrently ?? DEFAULT_CONCURRENCY) *
        (options.maxBytesPerPartition ?? 4 * 1024 * 1024),
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.seen.clear();
      options.onJoin?.();
    });
  }

  async run(handler: (batch: SourceBatch) => Promise<void>): Promise<void> {
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({
        topics: [this.options.topic],
        fromBeginning: this.options.fromBeginning ?? false,
      });
    } catch (error) {
      await this.consumer.disconnect().catch(() => undefined);
      throw kafkaError(`subscribing to topic "${this.options.topic}"`, this.brokers, error);
    }
    const done = new Promise<void>((resolve, reject) => {
      this.resolveRun = resolve;
      this.rejectRun = reject;
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      // kafkajs restarts the consumer itself when the error is retriable.
      if (event.payload.restart) return;
      void this.consumer.disconnect().catch(() => undefined);
      this.rejectRun?.(
        kafkaError(`consuming topic "${this.options.topic}"`, this.brokers, event.payload.error),
      );
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently:
        this.options.partitionsConsumedConcurrently ?? DEFAULT_CONCURRENCY,
      eachBatch: (payload) => this.onBatch(payload, handler),
    });
    this.running = done.catch(() => undefined);
    if (this.stopped) this.resolveRun?.();
    await done;
  }

  private async onBatch(
    {
      batch,
      resolveOffset,
      heartbeat,
      isRunning,
      isStale,
      commitOffsetsIfNecessary,
    }: EachBatchPayload,
    handler: (batch: SourceBatch) => Promise<void>,
  ): Promise<void> {
    // After stop() nothing more is processed, even if kafkajs still delivers a batch.
    if (this.stopped || !isRunning() || isStale() || batch.messages.length === 0) return;
    const fresh = !this.seen.has(batch.partition);
    this.seen.add(batch.partition);
    const messages: SourceMessage[] = batch.messages.map(sourceMessage);
    const beat = setInterval(() => void heartbeat().catch(() => undefined), 2000);
    try {
      await handler({
        topic: batch.topic,
        partition: batch.partition,
        messages,
        highWatermark: batch.highWatermark,
        fresh,
      });
    } catch (error) {
      // The batch is read again; its output may then cover a different range.
      this.seen.delete(batch.partition);
      throw error;
    } finally {
      clearInterval(beat);
    }
    const last = batch.messages[batch.messages.length - 1]!.offset;
    resolveOffset(last);
    await this.consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
    ]);
    void commitOffsetsIfNecessary;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // kafkajs's disconnect waits for the batch in hand (handler and commit) to finish.
    await this.consumer.disconnect();
    this.resolveRun?.();
    await this.running;
  }
}
