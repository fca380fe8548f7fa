import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AvroDeserializer,
  AvroSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRegistryServer } from './registry-server.js';
import type { RegistryServerOptions, RunningRegistryServer } from './registry-server.js';

const user = (fields: object[] = []) =>
  JSON.stringify({
    type: 'record',
    name: 'User',
    namespace: 'test',
    fields: [{ name: 'name', type: 'string' }, ...fields],
  });
const V1 = user();
const V2 = user([{ name: 'age', type: 'int', default: 0 }]);
const BREAKING = user([{ name: 'email', type: 'string' }]);

let dir: string;
let server: RunningRegistryServer;

const start = async (extra: Partial<RegistryServerOptions> = {}) => {
  server = await startRegistryServer({
    port: 0,
    dataDir: dir,
    ...extra,
  });
  return server;
};
const client = (auth?: string) =>
  new SchemaRegistryClient({
    baseURLs: [server.url],
    maxRetries: 0,
    ...(auth ? { basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: auth } } : {}),
  });

const call = async (
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    json: JSON.parse(text) as unknown,
  };
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mesh-registry-'));
});
afterEach(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('registry server with the Confluent client', () => {
  it('registers, returns the same id for the same schema, and looks it up', async () => {
    await start();
    const sr = client();
    const id = await sr.register('orders-value', { schemaType: 'AVRO', schema: V1 });
    expect(id).toBe(1);
    // Whitespace and key order do not make a new schema.
    const spaced = JSON.stringify(JSON.parse(V1), null, 2);
    expect(await client().register('orders-value', { schemaType: 'AVRO', schema: spaced })).toBe(1);
    expect(await client().getId('orders-value', { schema: spaced })).toBe(1);
    const latest = await sr.getLatestSchemaMetadata('orders-value');
    expect(latest).toMatchObject({ subject: 'orders-value', id: 1, version: 1 });
    expect(JSON.parse(latest.schema)).toEqual(JSON.parse(V1));
    expect(await sr.getAllSubjects()).toEqual(['orders-value']);
    expect(await sr.getAllVersions('orders-value')).toEqual([1]);
    expect((await sr.getBySubjectAndId('orders-value', 1)).schema).toBe(latest.schema);
  });

  it('gives one global id to the same schema under two subjects', async () => {
    await start();
    const sr = client();
    const a = await sr.register('a-value', { schema: V1 });
    const b = await sr.register('b-value', { schema: V1 });
    const c = await sr.register('b-value', { schema: V2 });
    expect(a).toBe(b);
    expect(c).toBe(a + 1);
    expect((await call('GET', `/schemas/ids/${a}/versions`)).json).toEqual([
      { subject: 'a-value', version: 1 },
      { subject: 'b-value', version: 1 },
    ]);
    expect((await call('GET', `/schemas/ids/${a}/subjects`)).json).toEqual(['a-value', 'b-value']);
  });

  it('keeps a schema whose only change is a default as a new version', async () => {
    await start();
    const sr = client();
    const withDefault = user([{ name: 'note', type: ['null', 'string'], default: null }]);
    const withOtherDoc = JSON.stringify({ ...JSON.parse(withDefault), doc: 'users' });
    const first = await sr.register('u-value', { schema: withDefault });
    const second = await sr.register('u-value', { schema: withOtherDoc });
    expect(second).not.toBe(first);
    expect(await sr.getAllVersions('u-value')).toEqual([1, 2]);
  });

  it('accepts compatible versions and refuses incompatible ones with 409 and the reasons', async () => {
    await start();
    const sr = client();
    await sr.updateCompatibility('orders-value', 'BACKWARD' as never);
    await sr.register('orders-value', { schema: V1 });
    expect(await sr.testSubjectCompatibility('orders-value', { schema: V2 })).toBe(true);
    expect(await sr.testSubjectCompatibility('orders-value', { schema: BREAKING })).toBe(false);
    const verbose = await call(
      'POST',
      '/compatibility/subjects/orders-value/versions/latest?verbose=true',
      { schema: BREAKING },
    );
    expect(verbose.json).toMatchObject({ is_compatible: false });
    const messages = (verbose.json as { messages: string[] }).messages;
    expect(messages[0]).toContain("errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'");
    expect(messages[0]).toContain("location:'/fields/1'");
    expect(messages).toContain('{oldSchemaVersion: 1}');
    expect(messages.at(-1)).toBe("{validateFields: 'false', compatibility: 'BACKWARD'}");

    await expect(sr.register('orders-value', { schema: BREAKING })).rejects.toMatchObject({
      status: 409,
      errorCode: 409,
    });
    const refused = await call('POST', '/subjects/orders-value/versions', { schema: BREAKING });
    expect(refused.status).toBe(409);
    expect((refused.json as { message: string }).message).toMatch(
      /incompatible with an earlier schema for subject "orders-value".*READER_FIELD_MISSING_DEFAULT_VALUE/,
    );
    expect(await sr.register('orders-value', { schema: V2 })).toBe(2);
    // NONE lets anything through.
    await sr.updateCompatibility('orders-value', 'NONE' as never);
    expect(await sr.register('orders-value', { schema: BREAKING })).toBe(3);
  });

  it('applies the global level to subjects without their own, and FORWARD_TRANSITIVE to all versions', async () => {
    await start();
    const sr = client();
    expect(await sr.getDefaultCompatibility()).toBe('BACKWARD');
    await sr.updateDefaultCompatibility('FORWARD_TRANSITIVE' as never);
    expect(await sr.getDefaultCompatibility()).toBe('FORWARD_TRANSITIVE');
    await sr.register('f-value', { schema: V1 });
    // Removing "name" is fine going forward only if old readers had a default: they did not.
    const dropped = JSON.stringify({ type: 'record', name: 'User', namespace: 'test', fields: [] });
    expect(await sr.testSubjectCompatibility('f-value', { schema: dropped })).toBe(false);
    expect((await call('GET', '/config/f-value')).json).toEqual({
      error_code: 40408,
      message: expect.stringContaining(
        "Subject 'f-value' does not have subject-level compatibility",
      ),
    });
    expect((await call('GET', '/config/f-value?defaultToGlobal=true')).json).toEqual({
      compatibilityLevel: 'FORWARD_TRANSITIVE',
    });
    const bad = await call('PUT', '/config/f-value', { compatibility: 'SIDEWAYS' });
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({ error_code: 42203 });
  });

  it('soft-deletes, refuses a permanent delete before the soft one, then deletes permanently', async () => {
    await start();
    const sr = client();
    await sr.register('d-value', { schema: V1 });
    await sr.register('d-value', { schema: V2 });
    await expect(sr.deleteSubject('d-value', true)).rejects.toMatchObject({ errorCode: 40405 });
    expect(await sr.deleteSubjectVersion('d-value', 2)).toBe(2);
    await expect(sr.deleteSubjectVersion('d-value', 2)).rejects.toMatchObject({ errorCode: 40406 });
    await expect(sr.deleteSubjectVersion('d-value', 1, true)).rejects.toMatchObject({
      errorCode: 40407,
    });
    expect(await sr.getAllVersions('d-value')).toEqual([1]);
    expect((await call('GET', '/subjects/d-value/versions?deleted=true')).json).toEqual([1, 2]);
    expect((await call('GET', '/subjects/d-value/versions/2')).json).toMatchObject({
      error_code: 40402,
    });
    expect((await call('GET', '/subjects/d-value/versions/2?deleted=true')).json).toMatchObject({
      version: 2,
    });
    expect(await sr.deleteSubject('d-value')).toEqual([1]);
    await expect(sr.deleteSubject('d-value')).rejects.toMatchObject({ errorCode: 40404 });
    expect(await sr.getAllSubjects()).toEqual([]);
    expect((await call('GET', '/subjects?deleted=true')).json).toEqual(['d-value']);
    // Soft-deleted schemas still resolve by id, so consumers can read old records.
    expect((await call('GET', '/schemas/ids/1')).status).toBe(200);
    await expect(sr.getLatestSchemaMetadata('d-value')).rejects.toMatchObject({ errorCode: 40401 });
    expect(await sr.deleteSubject('d-value', true)).toEqual([1, 2]);
    expect((await call('GET', '/schemas/ids/1')).json).toMatchObject({ error_code: 40403 });
    expect((await call('GET', '/subjects?deleted=true')).json).toEqual([]);
    // The id stays bound to its schema.
    expect(await client().register('d-value', { schema: V1 })).toBe(1);
  });

  it('refuses writes in READONLY mode and imports given ids and versions in IMPORT mode', async () => {
    await start();
    const sr = client();
    await sr.register('r-value', { schema: V1 });
    expect((await call('PUT', '/mode/r-value', { mode: 'READONLY' })).json).toEqual({
      mode: 'READONLY',
    });
    const refused = await call('POST', '/subjects/r-value/versions', { schema: V2 });
    expect(refused).toMatchObject({ status: 422, json: { error_code: 42205 } });
    expect((await call('DELETE', '/subjects/r-value')).json).toMatchObject({ error_code: 42205 });
    expect((await call('GET', '/mode')).json).toEqual({ mode: 'READWRITE' });
    expect((await call('GET', '/mode/r-value')).json).toEqual({ mode: 'READONLY' });

    // A subject with versions cannot switch to IMPORT without force.
    expect((await call('PUT', '/mode/r-value', { mode: 'IMPORT' })).json).toMatchObject({
      error_code: 42205,
    });
    expect((await call('PUT', '/mode/restored-value', { mode: 'IMPORT' })).json).toEqual({
      mode: 'IMPORT',
    });
    const imported = await call('POST', '/subjects/restored-value/versions', {
      schema: V2,
      id: 42,
      version: 7,
    });
    expect(imported.json).toEqual({ id: 42, version: 7 });
    // The id is taken by another schema: refused.
    expect(
      (
        await call('POST', '/subjects/restored-value/versions', {
          schema: BREAKING,
          id: 42,
          version: 8,
        })
      ).json,
    ).toMatchObject({ error_code: 42207 });
    // Outside IMPORT mode, ids cannot be chosen.
    expect(
      (await call('POST', '/subjects/other-value/versions', { schema: BREAKING, id: 99 })).json,
    ).toMatchObject({ error_code: 42205 });
    await call('DELETE', '/mode/restored-value');
    // New ids continue after the imported one.
    expect(await sr.register('next-value', { schema: BREAKING })).toBe(43);
    expect((await call('PUT', '/mode', { mode: 'SOMETIMES' })).json).toMatchObject({
      error_code: 42204,
    });
  });

  it('round-trips records through the Confluent serializer and deserializer', async () => {
    await start();
    const sr = client();
    await sr.register('orders.v1-value', { schema: V1 });
    await sr.register('orders.v1-value', { schema: V2 });
    const ser = new AvroSerializer(sr, SerdeType.VALUE, { useLatestVersion: true });
    const bytes = await ser.serialize('orders.v1', { name: 'Ada', age: 36 });
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(2);
    const de = new AvroDeserializer(sr, SerdeType.VALUE, {});
    expect(await de.deserialize('orders.v1', bytes)).toEqual({ name: 'Ada', age: 36 });
  });

  it('keeps everything across a restart', async () => {
    await start();
    const sr = client();
    await sr.updateDefaultCompatibility('FULL' as never);
    await sr.register('k-value', { schema: V1 });
    await sr.register('k-value', { schema: V2 });
    await sr.deleteSubjectVersion('k-value', 1);
    await call('PUT', '/mode/k-value', { mode: 'READONLY' });
    await server.close();
    await start();
    expect(server.recovery.records).toBe(5);
    const again = client();
    expect(await again.getDefaultCompatibility()).toBe('FULL');
    expect(await again.getAllVersions('k-value')).toEqual([2]);
    expect((await call('GET', '/subjects/k-value/versions?deleted=true')).json).toEqual([1, 2]);
    expect((await call('GET', '/mode/k-value')).json).toEqual({ mode: 'READONLY' });
    expect((await call('GET', '/subjects/k-value/versions/latest')).json).toMatchObject({ id: 2 });
  });

  it('gives 100 concurrent registrations unique ids and loses none', async () => {
    await start();
    const schemas = Array.from({ length: 100 }, (_, i) =>
      JSON.stringify({
        type: 'record',
        name: 'R',
        fields: [
          { name: 'f', type: 'long' },
          { name: `x${i}`, type: 'int', default: i },
        ],
      }),
    );
    const sr = client();
    const ids = await Promise.all(
      schemas.map((schema, i) => sr.register(`s${i % 10}-value`, { schema })),
    );
    expect(new Set(ids).size).toBe(100);
    await server.close();
    await start();
    for (let i = 0; i < 100; i++) {
      const got = await call('GET', `/schemas/ids/${ids[i]}`);
      expect(JSON.parse((got.json as { schema: string }).schema)).toEqual(JSON.parse(schemas[i]!));
    }
  });

  it('answers with the Confluent content type and error bodies', async () => {
    await start();
    const missing = await call('GET', '/subjects/nope/versions');
    expect(missing).toEqual({
      status: 404,
      type: 'application/vnd.schemaregistry.v1+json',
      json: { error_code: 40401, message: "Subject 'nope' not found." },
    });
    await client().register('x-value', { schema: V1 });
    expect((await call('GET', '/subjects/x-value/versions/9')).json).toMatchObject({
      error_code: 40402,
    });
    expect((await call('GET', '/subjects/x-value/versions/zero')).json).toMatchObject({
      error_code: 42202,
    });
    expect((await call('GET', '/schemas/ids/77')).json).toMatchObject({ error_code: 40403 });
    expect((await call('POST', '/subjects/x-value', { schema: V2 })).json).toMatchObject({
      error_code: 40403,
    });
    expect((await call('GET', '/subjects/x-value/versions/1/schema')).json).toEqual(JSON.parse(V1));
    expect((await call('GET', '/nowhere')).status).toBe(404);
    expect((await call('PATCH', '/subjects')).status).toBe(405);
  });
});

describe('registry server on bad input', () => {
  it('rejects bad JSON with 400 and says what to send', async () => {
    await start();
    const res = await call('POST', '/subjects/a-value/versions', '{"schema": ');
    expect(res.status).toBe(400);
    expect((res.json as { message: string }).message).toMatch(/not valid JSON/);
  });

  it('rejects an invalid Avro schema with 42201 naming the problem', async () => {
    await start();
    const res = await call('POST', '/subjects/a-value/versions', {
      schema: JSON.stringify({
        type: 'record',
        name: 'R',
        fields: [{ name: 'x', type: 'nosuch' }],
      }),
    });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      error_code: 42201,
      message: expect.stringContaining('nosuch'),
    });
    const objectSchema = await call('POST', '/subjects/a-value/versions', {
      schema: { type: 'string' },
    });
    expect((objectSchema.json as { message: string }).message).toMatch(/must be a string/);
    const protobuf = await call('POST', '/subjects/a-value/versions', {
      schema: 'syntax = "proto3";',
      schemaType: 'PROTOBUF',
    });
    expect(protobuf.json).toMatchObject({ error_code: 42201 });
  });

  it('refuses an oversized body with 413', async () => {
    await start({ bodyLimit: 1000 });
    const res = await fetch(`${server.url}/subjects/a-value/versions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ schema: JSON.stringify({ type: 'string', doc: 'x'.repeat(5000) }) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error_code: 413 });
  });

  it('refuses a form-encoded body with 415 naming the header to send', async () => {
    await start();
    const res = await call('POST', '/subjects/a-value/versions', 'schema=x', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expect((res.json as { message: string }).message).toContain(
      'application/vnd.schemaregistry.v1+json',
    );
  });

  it('requires basic auth when configured', async () => {
    await start({ auth: { username: 'mesh', password: 's3cret' } });
    expect((await call('GET', '/subjects')).status).toBe(401);
    await expect(client('mesh:wrong').getAllSubjects()).rejects.toMatchObject({ status: 401 });
    expect(await client('mesh:s3cret').getAllSubjects()).toEqual([]);
  });

  it('refuses a second server on the same data folder', async () => {
    await start();
    await expect(startRegistryServer({ port: 0, dataDir: dir })).rejects.toThrow(
      /in use by this process/,
    );
    const other = join(dir, 'other');
    await mkdir(other);
    // A lock held by another live process (pid 1 always runs).
    await writeFile(join(other, 'registry.lock'), '1');
    await expect(startRegistryServer({ port: 0, dataDir: other })).rejects.toThrow(
      /in use by process 1; stop that registry or pass another --data folder/,
    );
    expect((await stat(join(dir, 'registry.log'))).isFile()).toBe(true);
  });
});
