import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { DeadLetterRecord, DeadLetterSink } from '@meshkit/core';
import { kafkaError } from './kafka-errors.js';

export interface ProducedMessage {
  key?: Uint8Array | string | null;
  value: Uint8Array | string | null;
  headers?: Record<string, Uint8Array | string>;
  partition?: number;
}

const toBuffer = (v: Uint8Array | string | null | undefined): Buffer | string | null =>
  v === null || v === undefined
    ? null
    : typeof v === 'string'
      ? v
      : Buffer.from(v.buffer, v.byteOffset, v.byteLength);

const toMessage = (m: ProducedMessage): Message => {
  const headers: Record<string, Buffer | string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = toBuffer(v) ?? '';
  return {
    key: toBuffer(m.key),
    value: toBuffer(m.value),
    headers,
    ...(m.partition === undefined ? {} : { partition: m.partition }),
  };
};

/**
 * A producer that sends many messages per request (never one awaited send per record): `send`
 * splits its input into chunks of `chunkSize` and keeps up to `concurrency` requests in flight.
 * It resolves when every message is acknowledged by all in-sync replicas (acks -1); the
 * idempotent producer keeps retries from writing a message twice.
 */
export class KafkaBatchProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly brokers: readonly string[],
    private readonly options: { chunkSize?: number; concurrency?: number } = {},
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // The idempotent producer needs unbounded retries to keep its no-duplicates promise.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5000 },
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    try {
      await this.producer.connect();
      this.connected = true;
    } catch (error) {
      throw kafkaError('connecting the producer', this.brokers, error);
    }
  }

  async send(topic: string, messages: readonly ProducedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    const size = this.options.chunkSize ?? 5000;
    const chunks: Message[][] = [];
    for (let i = 0; i < messages.length; i += size)
      chunks.push(messages.slice(i, i + size).map(toMessage));
    const concurrency = this.options.concurrency ?? 4;
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        await this.producer.send({
          topic,
          messages: chunk,
          acks: -1,
          compression: CompressionTypes.None,
        });
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
    } catch (error) {
      throw kafkaError(
        `producing ${messages.length} records to topic "${topic}"`,
        this.brokers,
        error,
      );
    }
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}

/** The dead-letter topic: rejected records with their original key, value and headers. */
export class KafkaDeadLetterSink implements DeadLetterSink {
  readonly location: string;

  constructor(
    private readonly producer: KafkaBatchProducer,
    private readonly topic: string,
  ) {
    this.location = `kafka topic "${topic}"`;
  }

  async send(records: readonly DeadLetterRecord[]): Promise<void> {
    await this.producer.send(this.topic, records);
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}
