/** One record as a pipeline source delivers it: raw bytes, as they were on the topic. */
export interface SourceMessage {
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: Record<string, Uint8Array | string>;
  /** Kafka offset as a decimal string (a line number for a file source). */
  offset: string;
  /** Producer timestamp, epoch ms as a decimal string. */
  timestamp: string;
}

/** Consecutive records of one partition. */
export interface SourceBatch {
  topic: string;
  partition: number;
  messages: SourceMessage[];
  /** The partition's high watermark when the batch was fetched (for consumer lag). */
  highWatermark: string;
  /**
   * True for the first batch of a partition since this consumer was given it (start, rebalance,
   * or after a failed batch): output written past this batch's first offset without a commit
   * came from a run that did not finish and must be replaced.
   */
  fresh: boolean;
}

/**
 * A source of batches that commits a batch's offsets only after the handler for it resolved, so
 * everything the handler made durable is never read again and nothing else is ever skipped.
 * Implemented by `KafkaBatchSource` (@meshkit/kafka) and the runtime's JSONL file source.
 */
export interface RecordSource {
  /** Where the records come from, for logs and messages. */
  readonly location: string;
  /** Delivers batches until `stop()`; resolves when stopped. A handler error is retried. */
  run(handler: (batch: SourceBatch) => Promise<void>): Promise<void>;
  /** Finishes the batch in hand (handler and commit), then stops. */
  stop(): Promise<void>;
}

/** A rejected record with its original key, value and headers, plus the dead-letter headers. */
export interface DeadLetterRecord {
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: Record<string, Uint8Array | string>;
}

/** Where rejected records go: a dead-letter topic, or a JSONL file for the embedded default. */
export interface DeadLetterSink {
  readonly location: string;
  /** Resolves once every record is durably stored (for Kafka: acknowledged by all replicas). */
  send(records: readonly DeadLetterRecord[]): Promise<void>;
  close(): Promise<void>;
}
