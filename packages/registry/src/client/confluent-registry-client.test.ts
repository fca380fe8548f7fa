import type { SchemaRegistry } from '@meshkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryServer } from '../server/registry-server.js';
import type { RunningRegistryServer } from '../server/registry-server.js';
import { createMemorySchemaRegistry } from '../testing/memory-schema-registry.js';
import { ConfluentRegistryClient } from './confluent-registry-client.js';

const order = (extra: object[] = []) =>
  JSON.stringify({
    type: 'record',
    name: 'Order',
    namespace: 'sales',
    fields: [{ name: 'order_id', type: 'string' }, { name: 'total', type: 'double' }, ...extra],
  });
const V1 = order();
const V2 = order([{ name: 'currency', type: 'string', default: 'EUR' }]);
const BREAKING = order([{ name: 'channel', type: 'string' }]);

let server: RunningRegistryServer;
beforeAll(async () => {
  server = await startRegistryServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

let n = 0;
const fresh = () => `sales.orders.orders${++n}.v1`;

// One contract suite for the in-memory fake and for the client talking HTTP to the server.
describe.each([
  ['the in-memory fake', () => createMemorySchemaRegistry()],
  [
    'the registry server over HTTP',
    () => Promise.resolve(new ConfluentRegistryClient({ url: server.url })),
  ],
])('SchemaRegistry on %s', (_name, create: () => Promise<SchemaRegistry>) => {
  let registry: SchemaRegistry;
  beforeAll(async () => {
    registry = await create();
  });
  afterAll(async () => {
    await registry.close();
  });

  it('sets and reads a subject level; an unset level is undefined', async () => {
    const subject = `${fresh()}-value`;
    expect(await registry.getCompatibility(subject)).toBeUndefined();
    await registry.setCompatibility(subject, 'FULL_TRANSITIVE');
    expect(await registry.getCompatibility(subject)).toBe('FULL_TRANSITIVE');
  });

  it('registers, is idempotent, and looks schemas up by subject, version and id', async () => {
    const subject = `${fresh()}-value`;
    const first = await registry.register(subject, V1);
    expect(first).toMatchObject({ subject, version: 1 });
    expect(await registry.register(subject, V1)).toMatchObject({ id: first.id, version: 1 });
    const second = await registry.register(subject, V2);
    expect(second.version).toBe(2);
    expect(await registry.lookup(subject, V1)).toMatchObject({ id: first.id, version: 1 });
    expect(await registry.lookup(subject, BREAKING)).toBeUndefined();
    expect(await registry.lookup(`${fresh()}-value`, V1)).toBeUndefined();
    expect(await registry.latest(subject)).toMatchObject({ id: second.id, version: 2 });
    expect(await registry.latest(`${fresh()}-value`)).toBeUndefined();
    expect((await registry.versions(subject)).map((v) => v.version)).toEqual([1, 2]);
    expect(await registry.versions(`${fresh()}-value`)).toEqual([]);
    expect(JSON.parse((await registry.schemaById(second.id))!)).toEqual(JSON.parse(V2));
    expect(await registry.schemaById(999_999)).toBeUndefined();
    expect(await registry.subjects()).toContain(subject);
  });

  it('refuses an incompatible schema with REGISTRY_INCOMPATIBLE naming the subject and reason', async () => {
    const subject = `${fresh()}-value`;
    await registry.setCompatibility(subject, 'BACKWARD');
    await registry.register(subject, V1);
    const verdict = await registry.testCompatibility(subject, BREAKING);
    expect(verdict.compatible).toBe(false);
    expect(verdict.messages.join('\n')).toContain("The field 'channel' at path '/fields/2'");
    expect(await registry.testCompatibility(subject, V2)).toEqual({
      compatible: true,
      messages: [],
    });
    await expect(registry.register(subject, BREAKING)).rejects.toMatchObject({
      code: 'REGISTRY_INCOMPATIBLE',
      message: expect.stringContaining(`subject "${subject}"`),
    });
  });

  it('writes records with the latest registered schema and reads old records as the latest', async () => {
    const topic = fresh();
    const { id: v1 } = await registry.register(`${topic}-value`, V1);
    const old = await registry.serialize(topic, { order_id: 'o-1', total: 9.5 });
    expect([...old.subarray(0, 5)]).toEqual([0, 0, 0, 0, v1]);
    const { id: v2 } = await registry.register(`${topic}-value`, V2);
    const now = await registry.serialize(topic, { order_id: 'o-2', total: 1, currency: 'USD' });
    expect(Buffer.from(now).readInt32BE(1)).toBe(v2);
    expect(await registry.deserialize(topic, now)).toEqual({
      order_id: 'o-2',
      total: 1,
      currency: 'USD',
    });
    // Written with v1, read as v2: the new field takes its default.
    expect(await registry.deserialize(topic, old)).toEqual({
      order_id: 'o-1',
      total: 9.5,
      currency: 'EUR',
    });
  });

  it('never auto-registers: serializing for an unregistered topic says to push first', async () => {
    await expect(registry.serialize(fresh(), { order_id: 'x', total: 1 })).rejects.toMatchObject({
      code: 'REGISTRY_SUBJECT_NOT_FOUND',
      message: expect.stringContaining('mesh registry push'),
    });
  });

  it('refuses a record that does not match the latest schema', async () => {
    const topic = fresh();
    await registry.register(`${topic}-value`, V1);
    await expect(registry.serialize(topic, { order_id: 7 })).rejects.toMatchObject({
      code: 'REGISTRY_SERIALIZE_FAILED',
    });
  });

  it('refuses bytes that are not in the Confluent wire format', async () => {
    await expect(registry.deserialize(fresh(), new Uint8Array([9, 9, 9]))).rejects.toBeInstanceOf(
      Error,
    );
  });
});

describe('ConfluentRegistryClient without a registry', () => {
  it('fails with REGISTRY_UNREACHABLE and says to start one', async () => {
    const client = new ConfluentRegistryClient({ url: 'http://127.0.0.1:1', maxRetries: 0 });
    await expect(client.subjects()).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
      retriable: true,
      message: expect.stringContaining('mesh registry serve'),
    });
  });
});
