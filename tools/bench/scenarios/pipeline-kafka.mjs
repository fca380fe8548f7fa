// `mesh pipeline run` end to end on the local Kafka broker: 1,000,000 order records of about
// 200 bytes of JSON in a 6-partition topic, one pipeline process (decode, validate, Parquet part
// files, commits), against a bare kafkajs consumer that only counts the same messages, in the
// same run. Rates are measured from the consumer-group join to the last record (both sides), so
// process start-up is left out; peak memory is the pipeline process's peak RSS. The pipeline runs
// twice: with its default worker threads (none on two cores) and with one (--workers 1).
// Targets (issue 6): >= 50,000 records/s, >= half the bare consumer's rate, < 500 MB.
// Needs Kafka: tools/services/kafka.sh start (MESH_KAFKA_BROKERS to point elsewhere).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { row, timeProcess } from '../lib.mjs';

const SCENARIO = 'pipeline-kafka';
const RECORDS = Number(process.env.MESH_BENCH_PIPELINE_RECORDS ?? 1_000_000);
const PARTITIONS = 6;
const BROKERS = (process.env.MESH_KAFKA_BROKERS ?? '127.0.0.1:39092').split(',');
// The generator's version is in the name: a changed generator must not reuse old data.
const TOPIC = `bench.pipeline.orders.g2.${RECORDS}`;

const CONTRACT = {
  type: 'record',
  name: 'BenchOrder',
  namespace: 'bench.orders',
  fields: [
    { name: 'order_id', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'customer_id', type: { type: 'string', logicalType: 'uuid' } },
    {
      name: 'status',
      type: { type: 'enum', name: 'Status', symbols: ['PLACED', 'PAID', 'SHIPPED'] },
    },
    { name: 'order_date', type: { type: 'int', logicalType: 'date' } },
    { name: 'updated_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'total', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    { name: 'currency', type: 'string' },
    { name: 'items', type: 'int' },
  ],
};

const PRODUCT = `apiVersion: meshkit/v1
kind: DataProduct
domain: bench
name: orders
title: Bench orders
description: Synthetic orders for the pipeline benchmark.
owner: { team: bench, email: bench@example.com }
lifecycle: experimental
outputPorts:
  - name: orders
    version: 1.0.0
    contract: contracts/orders.avsc
    compatibility: BACKWARD
    format: parquet
    partitionBy: [order_date]
pipeline:
  source: { kafka: { topic: ${TOPIC}, format: json } }
  sink: { port: orders }
  deadLetter: { topic: ${TOPIC}.dlq }
`;

const uuid = (n, p) => `${p}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const STATUS = ['PLACED', 'PAID', 'SHIPPED'];
const record = (i) =>
  JSON.stringify({
    order_id: uuid(i, 'b0b0b0b0'),
    customer_id: uuid(i % 50_000, 'c0c0c0c0'),
    status: STATUS[i % 3],
    order_date: `2026-11-${String(20 + (i % 7)).padStart(2, '0')}`,
    updated_at: new Date(1_795_000_000_000 + i * 1000).toISOString(),
    total: `${1 + Math.floor((i % 100_000) / 100)}.${String(i % 100).padStart(2, '0')}`,
    currency: 'EUR',
    items: 1 + (i % 9),
  });

const writeWorkspace = (dir) => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'domains', 'bench', 'orders', 'contracts'), { recursive: true });
  writeFileSync(
    join(dir, 'domains', 'bench', 'domain.yaml'),
    'apiVersion: meshkit/v1\nkind: Domain\nname: bench\nowner: { team: bench, email: bench@example.com }\n',
  );
  writeFileSync(join(dir, 'domains', 'bench', 'orders', 'product.yaml'), PRODUCT);
  writeFileSync(
    join(dir, 'domains', 'bench', 'orders', 'contracts', 'orders.avsc'),
    JSON.stringify(CONTRACT, null, 2),
  );
  writeFileSync(
    join(dir, 'mesh.config.yaml'),
    'apiVersion: meshkit/v1\nkind: MeshConfig\nlake:\n  url: file://.mesh/lake\n',
  );
};

/** Fills the topic once; later runs reuse it when it already holds every record. */
const ensureTopic = async (kafkajs) => {
  const kafka = new kafkajs.Kafka({
    clientId: 'bench',
    brokers: BROKERS,
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(TOPIC)) {
      const offsets = await admin.fetchTopicOffsets(TOPIC);
      const n = offsets.reduce((s, o) => s + Number(o.high) - Number(o.low), 0);
      if (n === RECORDS) return { produced: false, avgBytes: record(0).length };
      await admin.deleteTopics({ topics: [TOPIC, `${TOPIC}.dlq`] });
      await new Promise((r) => setTimeout(r, 2000));
    }
    await admin.createTopics({
      topics: [{ topic: TOPIC, numPartitions: PARTITIONS }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
  await producer.connect();
  let bytes = 0;
  try {
    const chunk = 10_000;
    for (let i = 0; i < RECORDS; i += chunk * 4) {
      const sends = [];
      for (let j = i; j < Math.min(i + chunk * 4, RECORDS); j += chunk) {
        const messages = [];
        for (let k = j; k < Math.min(j + chunk, RECORDS); k++) {
          const value = record(k);
          bytes += value.length;
          messages.push({ value, partition: k % PARTITIONS });
        }
        sends.push(producer.send({ topic: TOPIC, acks: 1, messages }));
      }
      await Promise.all(sends);
    }
  } finally {
    await producer.disconnect();
  }
  return { produced: true, avgBytes: bytes / RECORDS };
};

const BARE = `
import kafkajs from 'kafkajs';
const [brokers, topic, total] = [process.argv[2].split(','), process.argv[3], Number(process.argv[4])];
const kafka = new kafkajs.Kafka({ clientId: 'bench-bare', brokers, logLevel: kafkajs.logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: 'bench-bare-' + Date.now(), maxBytesPerPartition: 4 * 1024 * 1024, maxBytes: 16 * 1024 * 1024, maxWaitTimeInMs: 500 });
let joined, count = 0;
consumer.on(consumer.events.GROUP_JOIN, () => { joined ??= Date.now(); });
await consumer.connect();
await consumer.subscribe({ topics: [topic], fromBeginning: true });
await new Promise((resolve) => {
  consumer.run({ autoCommit: false, eachBatch: async ({ batch }) => {
    count += batch.messages.length;
    if (count >= total) resolve();
  } });
});
const ms = Date.now() - joined;
await consumer.disconnect();
console.log(JSON.stringify({ count, ms }));
`;

export const run = async (ctx) => {
  const require = createRequire(join(ctx.root, 'package.json'));
  const kafkajs = require('kafkajs');
  const dir = join(ctx.benchDir, SCENARIO);
  const ws = join(dir, 'workspace');
  writeWorkspace(ws);
  const { avgBytes } = await ensureTopic(kafkajs);
  const bareScript = join(dir, 'bare-consumer.mjs');
  writeFileSync(bareScript, BARE);

  const bare = await timeProcess(process.execPath, [
    bareScript,
    BROKERS.join(','),
    TOPIC,
    String(RECORDS),
  ]);
  if (bare.status !== 0) throw new Error(`bare consumer failed: ${bare.stderr.slice(0, 2000)}`);
  const bareResult = JSON.parse(bare.stdout.trim().split('\n').pop());
  const bareRate = (bareResult.count / bareResult.ms) * 1000;

  /** One pipeline run over the whole topic with a fresh group; its rate from join to stop. */
  const runPipeline = async (extra) => {
    rmSync(join(ws, '.mesh'), { recursive: true, force: true });
    const pipe = await timeProcess(process.execPath, [
      ctx.meshBin,
      '-C',
      ws,
      'pipeline',
      'run',
      'bench/orders',
      '--brokers',
      BROKERS.join(','),
      '--group',
      `bench-pipeline-${Date.now()}`,
      '--from-beginning',
      '--max-records',
      String(RECORDS),
      '--log-level',
      'info',
      '--format',
      'json',
      ...extra,
    ]);
    if (pipe.status !== 0)
      throw new Error(`pipeline failed (${pipe.status}): ${pipe.stderr.slice(-3000)}`);
    const summary = JSON.parse(pipe.stdout.trim().split('\n').pop());
    const logs = pipe.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const joined = logs.find((l) => l.msg === 'joined the consumer group')?.time;
    const stopped = logs.find((l) => l.msg === 'pipeline stopped')?.time;
    if (!joined || !stopped) throw new Error('pipeline logs lack the join or stop line');
    return { pipe, summary, rate: (summary.in / (stopped - joined)) * 1000 };
  };
  const { pipe, summary, rate } = await runPipeline([]);
  const oneWorker = await runPipeline(['--workers', '1']);
  const base = { scenario: SCENARIO };
  return [
    row({
      ...base,
      metric: 'records written',
      value: summary.written,
      unit: 'records',
      baselineValue: RECORDS,
      lowerIsBetter: false,
    }),
    row({ ...base, metric: 'records dead-lettered', value: summary.deadLettered, unit: 'records' }),
    row({ ...base, metric: 'record size', value: avgBytes, unit: 'bytes' }),
    row({
      ...base,
      metric: 'pipeline end to end',
      value: rate,
      unit: 'records/s',
      baseline: 'bare kafkajs consumer',
      baselineValue: bareRate,
      target: 50_000,
      lowerIsBetter: false,
    }),
    row({ ...base, metric: 'bare kafkajs consumer', value: bareRate, unit: 'records/s' }),
    row({
      ...base,
      metric: 'pipeline end to end, one worker thread (--workers 1)',
      value: oneWorker.rate,
      unit: 'records/s',
      lowerIsBetter: false,
    }),
    row({
      ...base,
      metric: 'peak memory, one worker thread',
      value: oneWorker.pipe.peakRssMb ?? NaN,
      unit: 'MB',
    }),
    row({
      ...base,
      metric: 'pipeline share of bare rate',
      value: rate / bareRate,
      unit: 'ratio',
      target: 0.5,
      lowerIsBetter: false,
    }),
    row({
      ...base,
      metric: 'pipeline peak memory',
      value: pipe.peakRssMb ?? NaN,
      unit: 'MB',
      target: 500,
    }),
    row({ ...base, metric: 'pipeline wall time incl. start-up', value: pipe.ms / 1000, unit: 's' }),
    row({ ...base, metric: 'part files', value: summary.partFiles, unit: 'files' }),
  ];
};
