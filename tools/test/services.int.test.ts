import {
  CreateDatabaseCommand,
  CreateRegistryCommand,
  CreateSchemaCommand,
  DeleteDatabaseCommand,
  DeleteRegistryCommand,
  GetDatabaseCommand,
  GetSchemaVersionCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import {
  CreateBucketCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { glueClientConfig, KAFKA_BROKERS, s3ClientConfig, uniqueName } from './services.js';

describe('Kafka broker', () => {
  const kafka = new Kafka({
    clientId: 'meshkit-smoke',
    brokers: [...KAFKA_BROKERS],
    logLevel: logLevel.NOTHING,
    retry: { retries: 5 },
  });

  it('creates a topic, then delivers a produced message to a consumer group', async () => {
    const topic = uniqueName('smoke');
    const admin = kafka.admin();
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    const consumer = kafka.consumer({ groupId: `${topic}-group` });
    try {
      await admin.connect();
      const created = await admin.createTopics({
        topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
        waitForLeaders: true,
      });
      expect(created).toBe(true);
      expect(await admin.listTopics()).toContain(topic);

      await producer.connect();
      await producer.send({
        topic,
        messages: [{ key: 'order-1', value: '{"status":"PLACED"}', headers: { source: 'smoke' } }],
      });

      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const received = await new Promise<{ key: string; value: string; source: string }>(
        (resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no message on topic ${topic} within 60 s`)),
            60_000,
          );
          consumer
            .run({
              eachMessage: ({ message }) => {
                clearTimeout(timer);
                resolve({
                  key: message.key?.toString() ?? '',
                  value: message.value?.toString() ?? '',
                  source: message.headers?.['source']?.toString() ?? '',
                });
                return Promise.resolve();
              },
            })
            .catch(reject);
        },
      );
      expect(received).toEqual({ key: 'order-1', value: '{"status":"PLACED"}', source: 'smoke' });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});

describe('moto S3', () => {
  const s3 = new S3Client(s3ClientConfig());
  afterAll(() => s3.destroy());

  it('keeps every version of an object in a versioned bucket', async () => {
    const Bucket = uniqueName('smoke');
    const Key = 'snapshots/manifest.json';
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled');

    const first = await s3.send(new PutObjectCommand({ Bucket, Key, Body: '{"v":1}' }));
    const second = await s3.send(new PutObjectCommand({ Bucket, Key, Body: '{"v":2}' }));
    expect(first.VersionId).toBeTruthy();
    expect(second.VersionId).toBeTruthy();
    expect(second.VersionId).not.toBe(first.VersionId);

    const latest = await s3.send(new GetObjectCommand({ Bucket, Key }));
    expect(await latest.Body?.transformToString()).toBe('{"v":2}');
    const older = await s3.send(new GetObjectCommand({ Bucket, Key, VersionId: first.VersionId }));
    expect(await older.Body?.transformToString()).toBe('{"v":1}');

    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket, Prefix: Key }));
    const versions = (listed.Versions ?? []).map((v) => ({
      key: v.Key,
      id: v.VersionId,
      latest: v.IsLatest,
    }));
    expect(versions).toHaveLength(2);
    expect(versions).toEqual(
      expect.arrayContaining([
        { key: Key, id: first.VersionId, latest: false },
        { key: Key, id: second.VersionId, latest: true },
      ]),
    );
  });
});

describe('moto Glue Data Catalog', () => {
  const glue = new GlueClient(glueClientConfig());
  afterAll(() => glue.destroy());

  it('creates a database and reads it back', async () => {
    const Name = uniqueName('smoke', '_');
    await glue.send(
      new CreateDatabaseCommand({
        DatabaseInput: { Name, Description: 'smoke test', Parameters: { owner: 'sales-data' } },
      }),
    );
    try {
      const { Database } = await glue.send(new GetDatabaseCommand({ Name }));
      expect(Database?.Name).toBe(Name);
      expect(Database?.Description).toBe('smoke test');
      expect(Database?.Parameters).toEqual({ owner: 'sales-data' });
    } finally {
      await glue.send(new DeleteDatabaseCommand({ Name }));
    }
  });

  it('registers an Avro schema in the Glue Schema Registry and reads it back', async () => {
    const RegistryName = uniqueName('smoke');
    const SchemaName = 'sales.orders.orders.v1-value';
    const definition = JSON.stringify({
      type: 'record',
      name: 'Order',
      namespace: 'sales.orders',
      fields: [{ name: 'order_id', type: 'string' }],
    });
    await glue.send(new CreateRegistryCommand({ RegistryName }));
    try {
      const created = await glue.send(
        new CreateSchemaCommand({
          RegistryId: { RegistryName },
          SchemaName,
          DataFormat: 'AVRO',
          Compatibility: 'BACKWARD',
          SchemaDefinition: definition,
        }),
      );
      expect(created.SchemaVersionId).toBeTruthy();
      const version = await glue.send(
        new GetSchemaVersionCommand({ SchemaVersionId: created.SchemaVersionId }),
      );
      expect(version.DataFormat).toBe('AVRO');
      expect(version.VersionNumber).toBe(1);
      expect(JSON.parse(version.SchemaDefinition ?? 'null')).toEqual(JSON.parse(definition));
    } finally {
      await glue.send(new DeleteRegistryCommand({ RegistryId: { RegistryName } }));
    }
  });
});
