import { describe, expect, it } from 'vitest';
import { missingPrerequisites } from './global-setup.js';
import { resolveServices, uniqueName } from './services.js';

describe('resolveServices', () => {
  it('defaults to Kafka on 127.0.0.1:39092 and moto on 127.0.0.1:35000 in us-east-1', () => {
    expect(resolveServices({})).toEqual({
      kafkaBrokers: ['127.0.0.1:39092'],
      kafkaExternal: false,
      s3Endpoint: 'http://127.0.0.1:35000',
      glueEndpoint: 'http://127.0.0.1:35000',
      motoExternal: false,
      awsRegion: 'us-east-1',
      awsCredentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
  });

  it('follows the port overrides the service scripts use', () => {
    const s = resolveServices({ MESH_KAFKA_PORT: '49092', MESH_MOTO_PORT: '45000' });
    expect(s.kafkaBrokers).toEqual(['127.0.0.1:49092']);
    expect(s.s3Endpoint).toBe('http://127.0.0.1:45000');
    expect(s.kafkaExternal).toBe(false);
    expect(s.motoExternal).toBe(false);
  });

  it('treats explicit addresses as external services', () => {
    const s = resolveServices({
      MESH_KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
      MESH_S3_ENDPOINT: 'http://localhost:4566/',
      MESH_AWS_REGION: 'eu-west-1',
    });
    expect(s.kafkaBrokers).toEqual(['kafka-1:9092', 'kafka-2:9092']);
    expect(s.kafkaExternal).toBe(true);
    expect(s.s3Endpoint).toBe('http://localhost:4566');
    expect(s.glueEndpoint).toBe('http://localhost:4566');
    expect(s.motoExternal).toBe(true);
    expect(s.awsRegion).toBe('eu-west-1');
  });

  it('rejects a port that is not a number, naming the variable and the fix', () => {
    expect(() => resolveServices({ MESH_KAFKA_PORT: 'abc' })).toThrow(
      /MESH_KAFKA_PORT="abc" is not a TCP port; set it to a number from 1 to 65535/,
    );
    expect(() => resolveServices({ MESH_MOTO_PORT: '70000' })).toThrow(/MESH_MOTO_PORT="70000"/);
  });

  it('rejects a broker list entry without a port', () => {
    expect(() => resolveServices({ MESH_KAFKA_BROKERS: '127.0.0.1:39092,kafka' })).toThrow(
      /MESH_KAFKA_BROKERS=.* must be a comma-separated list of host:port .*"kafka" is not/,
    );
  });

  it('rejects an endpoint that is not an http(s) URL', () => {
    expect(() => resolveServices({ MESH_S3_ENDPOINT: '127.0.0.1:35000' })).toThrow(
      /MESH_S3_ENDPOINT="127.0.0.1:35000" is not an http\(s\) URL/,
    );
  });
});

describe('uniqueName', () => {
  it('makes distinct names valid as topics and buckets, or Glue names with "_"', () => {
    const a = uniqueName('Smoke Test');
    const b = uniqueName('Smoke Test');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^smoke-test-[a-z0-9]+-[0-9a-f]{6}$/);
    expect(uniqueName('sales orders', '_')).toMatch(/^sales_orders_[a-z0-9]+_[0-9a-f]{6}$/);
  });
});

describe('missingPrerequisites', () => {
  it('names each missing command, the service needing it and how to install it', () => {
    const missing = missingPrerequisites(['kafka', 'moto'], (c) => c === 'java');
    expect(missing).toEqual([
      expect.stringMatching(/^'mvn' \(needed for kafka\) is not on PATH: install Maven/),
      expect.stringMatching(/^'python3' \(needed for moto\) is not on PATH: install Python 3/),
    ]);
  });

  it('asks only for what the wanted services need', () => {
    expect(missingPrerequisites(['moto'], () => false)).toEqual([
      expect.stringMatching(/^'python3'/),
    ]);
    expect(missingPrerequisites(['kafka', 'moto'], () => true)).toEqual([]);
  });
});
