import { Kafka, logLevel, Partitioners, type IHeaders } from 'kafkajs';

export interface ReadMessage {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

const headerText = (headers: IHeaders | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {}))
    if (v !== undefined) out[k] = (Array.isArray(v) ? v[0] : v)?.toString() ?? '';
  return out;
};

export const testKafka = (brokers: readonly string[]): Kafka =>
  new Kafka({ clientId: 'mesh-test', brokers: [...brokers], logLevel: logLevel.NOTHING });

/** Produces raw values (bytes kept exactly), 1000 per request. */
export const produceRaw = async (
  brokers: readonly string[],
  topic: string,
  values: readonly (Buffer | string)[],
  partitions = 1,
  maxMessageBytes?: number,
  /** Messages per produce request; Kafka hands small record batches back as small fetches. */
  chunk = 1000,
): Promise<void> => {
  const kafka = testKafka(brokers);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      {
        topic,
        numPartitions: partitions,
        ...(maxMessageBytes
          ? { configEntries: [{ name: 'max.message.bytes', value: String(maxMessageBytes) }] }
          : {}),
      },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
  });
  await producer.connect();
  try {
    for (let i = 0; i < values.length; i += chunk)
      await producer.send({
        topic,
        acks: -1,
        messages: values.slice(i, i + chunk).map((value) => ({ value })),
      });
  } finally {
    await producer.disconnect();
  }
};

/**
 * Reads a topic from the beginning until `count` messages arrived or nothing new came for
 * `idleMs`; fails after `timeoutMs`, saying how many it got.
 */
export const readTopic = async (
  brokers: readonly string[],
  topic: string,
  count: number,
  options: { idleMs?: number; timeoutMs?: number } = {},
): Promise<ReadMessage[]> => {
  const kafka = testKafka(brokers);
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}` });
  const out: ReadMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const want = Math.max(count, total);
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(
      () =>
        reject(
          new Error(
            `read ${out.length} of ${want} messages from ${topic} in ${options.timeoutMs ?? 60_000} ms`,
          ),
        ),
      options.timeoutMs ?? 60_000,
    );
    if (want === 0) {
      clearTimeout(timeout);
      resolve();
    }
    void consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages)
          out.push({
            partition: batch.partition,
            offset: m.offset,
            key: m.key,
            value: m.value,
            headers: headerText(m.headers),
          });
        if (out.length >= want) {
          clearTimeout(timeout);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return out;
};
