import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError, validateRecord, writeWireHeader, type SchemaRegistry } from '@meshkit/core';
import { resolvePipeline } from './run-pipeline.js';

export interface LoadPipelineTopicOptions {
  root: string;
  product: string;
  /** JSONL file, one record per line. */
  file: string;
  brokers?: readonly string[];
  /** Raw topic instead of `pipeline.source.kafka.topic`. */
  topic?: string;
  /** Partitions when the topic has to be created (default 1). */
  partitions?: number;
  /** For Avro sources: the registry to register the contract in (default: the configured one). */
  registry?: SchemaRegistry;
}

export interface LoadPipelineTopicResult {
  topic: string;
  produced: number;
  /** Avro sources only: lines that do not fit the contract and cannot be encoded, by line. */
  skipped: { line: number; message: string }[];
}

/**
 * Produces a JSONL file into a product's raw topic, for demos and tests. JSON sources get each
 * line's bytes unchanged (bad lines included: they are what the dead-letter topic is for); Avro
 * sources get the Confluent wire format with the port's contract, registered under
 * `<topic>-value`.
 */
export const loadPipelineTopic = async (
  options: LoadPipelineTopicOptions,
): Promise<LoadPipelineTopicResult> => {
  const { config, port, spec } = await resolvePipeline(options.root, options.product);
  const topic = options.topic ?? spec.source.kafka.topic;
  const brokers = options.brokers ?? config.kafka.brokers;
  const path = resolve(config.root, options.file);
  let text: Buffer;
  try {
    text = await readFile(path);
  } catch (error) {
    throw new InputError(
      'INPUT_FILE',
      `--file ${options.file}: cannot read it (${(error as Error).message})`,
    );
  }
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++)
    if (i === text.length || text[i] === 0x0a) {
      if (i > start) lines.push(text.subarray(start, i));
      start = i + 1;
    }
  const skipped: { line: number; message: string }[] = [];
  let values: Buffer[] = lines;
  let closeRegistry: (() => Promise<void>) | undefined;
  if (spec.source.kafka.format === 'avro') {
    let registry = options.registry;
    if (!registry) {
      const { openSchemaRegistry } = await import('../registry/open-schema-registry.js');
      registry = await openSchemaRegistry({ root: config.root });
      closeRegistry = () => registry!.close();
    }
    try {
      const { id } = await registry.register(`${topic}-value`, JSON.stringify(port.schema));
      values = [];
      lines.forEach((line, i) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(line.toString('utf8'));
        } catch (error) {
          skipped.push({ line: i + 1, message: (error as Error).message });
          return;
        }
        const valid = validateRecord(port.type, parsed);
        if (!valid.ok) {
          skipped.push({ line: i + 1, message: valid.error.message });
          return;
        }
        values.push(writeWireHeader(id, port.type.toBuffer(valid.value)));
      });
    } finally {
      await closeRegistry?.();
    }
  }
  const kafkaMod = await import('@meshkit/kafka');
  const kafka = kafkaMod.createKafkaClient({ brokers, clientId: config.kafka.clientId });
  await kafkaMod.ensureTopics(kafka, brokers, [{ topic, partitions: options.partitions ?? 1 }]);
  const producer = new kafkaMod.KafkaBatchProducer(kafka, brokers);
  try {
    await producer.send(
      topic,
      values.map((value) => ({ value })),
    );
  } finally {
    await producer.disconnect();
  }
  return { topic, produced: values.length, skipped };
};
