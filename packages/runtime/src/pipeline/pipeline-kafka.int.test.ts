import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAvroContract, writeWireHeader } from '@meshkit/core';
import { createMemorySchemaRegistry } from '@meshkit/registry';
import { KAFKA_BROKERS, uniqueName } from '../../../../tools/test/services.js';
import { loadPipelineTopic } from './load-pipeline-topic.js';
import { resolvePipeline, runPipeline } from './run-pipeline.js';
import { produceRaw, readTopic } from './testing/kafka-test-helpers.js';
import {
  createPipelineWorkspace,
  lakeOrderIds,
  orderLines,
  type PipelineWorkspace,
} from './testing/pipeline-workspace.js';

let ws: PipelineWorkspace | undefined;
afterEach(async () => {
  await ws?.cleanup();
  ws = undefined;
});

const runOn = (
  root: string,
  topic: string,
  extra: Partial<Parameters<typeof runPipeline>[0]> = {},
) =>
  runPipeline({
    root,
    product: 'sales/orders',
    brokers: KAFKA_BROKERS,
    topic,
    deadLetterTopic: `${topic}.dlq`,
    groupId: `${topic}-group`,
    fromBeginning: true,
    untilIdleSeconds: 3,
    logLevel: 'silent',
    ...extra,
  });

describe('pipeline on a real broker', () => {
  it('lands every good record in Parquet exactly once and every bad one in the dead-letter topic with its reason', async () => {
    ws = await createPipelineWorkspace();
    const topic = uniqueName('pipeline-e2e');
    const { lines, goodIds, badLines } = await orderLines(300, 30);
    await writeFile(join(ws.root, 'in.jsonl'), lines.join('\n'));
    const loaded = await loadPipelineTopic({
      root: ws.root,
      product: 'sales/orders',
      file: 'in.jsonl',
      brokers: KAFKA_BROKERS,
      topic,
      partitions: 3,
    });
    expect(loaded.produced).toBe(330);
    let metricsUrl = '';
    const summary = await runOn(ws.root, topic, {
      metricsPort: 0,
      onMetricsUrl: (url) => (metricsUrl = url),
      maxRecords: 100_000,
    });
    expect(summary).toMatchObject({ in: 330, written: 300, deadLettered: 30, stoppedBy: 'idle' });
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const ids = await lakeOrderIds(ws.lake);
    expect(ids.length).toBe(300);
    expect(new Set(ids)).toEqual(new Set(goodIds));

    const dlq = await readTopic(KAFKA_BROKERS, `${topic}.dlq`, 30);
    expect(dlq.length).toBe(30);
    expect(new Set(dlq.map((m) => m.value!.toString()))).toEqual(new Set(badLines));
    for (const m of dlq) {
      expect(m.headers).toMatchObject({
        'mesh.error.code': 'CONTRACT_VIOLATION',
        'mesh.source.topic': topic,
        'mesh.contract.id': 'sales/orders/orders',
        'mesh.contract.version': ws.contractVersion,
      });
      expect(m.headers['mesh.error.message']).toMatch(/^\/\S*: /);
      expect(m.headers['mesh.error.pointer']).toMatch(/^\//);
      expect(['0', '1', '2']).toContain(m.headers['mesh.source.partition']);
      expect(m.headers['mesh.source.offset']).toMatch(/^\d+$/);
    }
    // The pointer names the broken field of each bad fixture.
    const pointers = new Set(dlq.map((m) => m.headers['mesh.error.pointer']));
    expect(pointers).toContain('/order_id');
    expect(pointers).toContain('/status');
  });

  it('serves Prometheus metrics while it runs', async () => {
    ws = await createPipelineWorkspace();
    const topic = uniqueName('pipeline-metrics');
    const { lines } = await orderLines(20, 5);
    await produceRaw(KAFKA_BROKERS, topic, lines);
    let text = '';
    const running = runOn(ws.root, topic, {
      metricsPort: 0,
      onMetricsUrl: (url) => {
        // Scrape once the batch is in: poll until records_in shows up.
        const poll = async () => {
          for (
            let i = 0;
            i < 100 && !text.includes('mesh_pipeline_records_in_total{product="sales/orders"} 25');
            i++
          ) {
            text = await (await fetch(url)).text();
            await new Promise((r) => setTimeout(r, 100));
          }
        };
        void poll();
      },
    });
    await running;
    expect(text).toContain('mesh_pipeline_records_in_total{product="sales/orders"} 25');
    expect(text).toContain('mesh_pipeline_records_written_total{product="sales/orders"} 20');
    expect(text).toContain(
      'mesh_pipeline_records_dead_lettered_total{code="CONTRACT_VIOLATION",product="sales/orders"} 5',
    );
    expect(text).toMatch(/mesh_pipeline_consumer_lag\{partition="0",product="sales\/orders"\} 0/);
    expect(text).toMatch(/mesh_pipeline_freshness_seconds\{product="sales\/orders"\} \d/);
    expect(text).toContain('mesh_pipeline_batch_duration_seconds_count');
  });

  it('never stops on poison JSON: each goes to the dead-letter topic with its code', async () => {
    ws = await createPipelineWorkspace();
    const topic = uniqueName('pipeline-poison-json');
    const { lines, goodIds } = await orderLines(4, 0);
    const poison: [string, Buffer][] = [
      ['RECORD_INVALID_UTF8', Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff])],
      ['RECORD_FORBIDDEN_KEY', Buffer.from('{"__proto__": {"isAdmin": true}}')],
      ['RECORD_FORBIDDEN_KEY', Buffer.from('{"constructor": {"prototype": {"isAdmin": true}}}')],
      [
        'RECORD_INVALID_UTF8',
        Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
      ],
      ['RECORD_TOO_DEEP', Buffer.from(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)],
      ['RECORD_TOO_LARGE', Buffer.from(`{"a":"${'x'.repeat(2 * 1024 * 1024)}"}`)],
      ['RECORD_INVALID_JSON', Buffer.from('{"order_id": ')],
    ];
    const values = [lines[0]!, ...poison.map(([, v]) => v), lines[1]!, lines[2]!, lines[3]!];
    await produceRaw(KAFKA_BROKERS, topic, values, 1, 4 * 1024 * 1024);
    const summary = await runOn(ws.root, topic);
    expect(summary).toMatchObject({ in: values.length, written: 4, deadLettered: poison.length });
    expect(new Set(await lakeOrderIds(ws.lake))).toEqual(new Set(goodIds));
    const dlq = await readTopic(KAFKA_BROKERS, `${topic}.dlq`, poison.length);
    dlq.sort(
      (a, b) => Number(a.headers['mesh.source.offset']) - Number(b.headers['mesh.source.offset']),
    );
    expect(dlq.map((m) => m.headers['mesh.error.code'])).toEqual(poison.map(([c]) => c));
    expect(dlq.map((m) => m.headers['mesh.source.offset'])).toEqual(
      poison.map((_, i) => String(i + 1)),
    );
    // The original bytes, exactly.
    dlq.forEach((m, i) => expect(m.value!.equals(poison[i]![1])).toBe(true));
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('never stops on poison Avro: wrong magic byte, unknown schema id, truncated and billion-item arrays', async () => {
    ws = await createPipelineWorkspace({
      pipeline: `pipeline:
  source: { kafka: { topic: sales.orders.raw, format: avro } }
  sink: { port: orders }
  deadLetter: { topic: sales.orders.dlq }`,
    });
    const topic = uniqueName('pipeline-poison-avro');
    const registry = await createMemorySchemaRegistry();
    const { port } = await resolvePipeline(ws.root, 'sales/orders');
    const { id } = await registry.register(`${topic}-value`, JSON.stringify(port.schema));
    const { lines, goodIds } = await orderLines(4, 0);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const encode = (r: Record<string, unknown>) => writeWireHeader(id, port.type.toBuffer(r));
    const good = records.slice(0, 3).map(encode);
    // An older writer schema without two defaulted fields: resolved into the contract.
    const contractSchema = port.schema as { fields: { name: string }[] };
    const olderSchema = {
      ...contractSchema,
      fields: contractSchema.fields.filter((f) => !['coupon_codes', 'attributes'].includes(f.name)),
    };
    const older = parseAvroContract(olderSchema);
    if (!older.ok) throw new Error(older.error.message);
    const { id: olderId } = await registry.register(
      `${topic}-older-value`,
      JSON.stringify(olderSchema),
    );
    const olderRecord = Object.fromEntries(
      Object.entries(records[3]!).filter(([k]) => k !== 'coupon_codes' && k !== 'attributes'),
    );
    good.push(writeWireHeader(olderId, older.value.type.toBuffer(olderRecord)));
    // Everything before `lines` encoded field by field, then an array block claiming 2^31 items.
    const fields = (
      port.type as unknown as { fields: { name: string; type: { toBuffer(v: unknown): Buffer } }[] }
    ).fields;
    const before = fields.slice(
      0,
      fields.findIndex((f) => f.name === 'lines'),
    );
    const prefix = Buffer.concat(before.map((f) => f.type.toBuffer(records[0]![f.name])));
    const billions = writeWireHeader(
      id,
      Buffer.concat([prefix, Buffer.from([0xfe, 0xff, 0xff, 0xff, 0x0f]), Buffer.from('x')]),
    );
    const poison: [string, Buffer][] = [
      ['AVRO_BAD_MAGIC', Buffer.from('{"order_id": "x"}')],
      ['AVRO_BAD_MAGIC', Buffer.from([0x00, 0x01])],
      ['AVRO_UNKNOWN_SCHEMA', writeWireHeader(987_654, port.type.toBuffer(records[0]))],
      ['AVRO_MALFORMED', good[0]!.subarray(0, good[0]!.length - 7)],
      ['AVRO_MALFORMED', billions],
      ['AVRO_MALFORMED', Buffer.concat([Buffer.from([0, 0, 0, 0, id]), Buffer.alloc(64, 0xff)])],
    ];
    await produceRaw(KAFKA_BROKERS, topic, [
      good[0]!,
      ...poison.map(([, v]) => v),
      ...good.slice(1),
    ]);
    const summary = await runOn(ws.root, topic, { registry });
    expect(summary, JSON.stringify(summary)).toMatchObject({
      written: 4,
      deadLettered: poison.length,
    });
    expect(new Set(await lakeOrderIds(ws.lake))).toEqual(new Set(goodIds));
    const dlq = await readTopic(KAFKA_BROKERS, `${topic}.dlq`, poison.length);
    dlq.sort(
      (a, b) => Number(a.headers['mesh.source.offset']) - Number(b.headers['mesh.source.offset']),
    );
    expect(dlq.map((m) => m.headers['mesh.error.code'])).toEqual(poison.map(([c]) => c));
    expect(dlq[2]!.headers['mesh.error.message']).toContain('schema id 987654 is not in registry');
    expect(dlq[4]!.headers['mesh.error.message']).toContain('claims 2147483647 items');
  });
});
