import type { Kafka } from 'kafkajs';
import { kafkaError } from './kafka-errors.js';

export interface TopicSpec {
  topic: string;
  /** Default 1. */
  partitions?: number;
  /** Default 1 (a single local broker). */
  replicationFactor?: number;
  /** Topic-level `max.message.bytes`; default the broker's. */
  maxMessageBytes?: number;
}

/** Creates the topics that do not exist yet; existing ones are left as they are. */
export const ensureTopics = async (
  kafka: Kafka,
  brokers: readonly string[],
  topics: readonly TopicSpec[],
): Promise<string[]> => {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length > 0)
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.topic,
          numPartitions: t.partitions ?? 1,
          replicationFactor: t.replicationFactor ?? 1,
          ...(t.maxMessageBytes
            ? { configEntries: [{ name: 'max.message.bytes', value: String(t.maxMessageBytes) }] }
            : {}),
        })),
      });
    return missing.map((t) => t.topic);
  } catch (error) {
    throw kafkaError(`creating topics ${topics.map((t) => t.topic).join(', ')}`, brokers, error);
  } finally {
    await admin.disconnect();
  }
};
