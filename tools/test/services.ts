// Addresses of the real services the integration tests talk to (started by
// tools/services/*.sh, see docs/services.md). Every value can be overridden through the
// environment, e.g. to point the tests at services that are already running elsewhere.
import { randomBytes } from 'node:crypto';

export interface ServiceEnv {
  readonly [name: string]: string | undefined;
}

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface ServiceAddresses {
  /** host:port list for kafkajs `brokers`. */
  readonly kafkaBrokers: readonly string[];
  /** true when MESH_KAFKA_BROKERS names brokers that the test run must not start itself. */
  readonly kafkaExternal: boolean;
  /** moto's endpoint, serving S3 and Glue alike. */
  readonly s3Endpoint: string;
  readonly glueEndpoint: string;
  /** true when MESH_S3_ENDPOINT names an endpoint that the test run must not start itself. */
  readonly motoExternal: boolean;
  readonly awsRegion: string;
  readonly awsCredentials: AwsCredentials;
}

export const DEFAULT_KAFKA_PORT = 39092;
export const DEFAULT_MOTO_PORT = 35000;

function port(env: ServiceEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 65535) {
    throw new Error(
      `environment variable ${name}="${raw}" is not a TCP port; set it to a number from 1 to 65535 or unset it to use ${fallback}`,
    );
  }
  return value;
}

function brokers(raw: string): string[] {
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = list.find((b) => !/^[^\s:/]+:\d{1,5}$/.test(b));
  if (list.length === 0 || bad !== undefined) {
    throw new Error(
      `environment variable MESH_KAFKA_BROKERS="${raw}" must be a comma-separated list of host:port (e.g. 127.0.0.1:39092); "${bad ?? ''}" is not`,
    );
  }
  return list;
}

function endpoint(env: ServiceEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `environment variable ${name}="${raw}" is not an http(s) URL; set it like http://127.0.0.1:${DEFAULT_MOTO_PORT} or unset it`,
    );
  }
  return raw.replace(/\/+$/, '');
}

/** Reads the service addresses from `env`; throws naming the variable when one is malformed. */
export function resolveServices(env: ServiceEnv = process.env): ServiceAddresses {
  const kafkaPort = port(env, 'MESH_KAFKA_PORT', DEFAULT_KAFKA_PORT);
  const motoPort = port(env, 'MESH_MOTO_PORT', DEFAULT_MOTO_PORT);
  const rawBrokers = env['MESH_KAFKA_BROKERS'];
  const kafkaExternal = rawBrokers !== undefined && rawBrokers !== '';
  const s3Endpoint = endpoint(env, 'MESH_S3_ENDPOINT', `http://127.0.0.1:${motoPort}`);
  const motoExternal = env['MESH_S3_ENDPOINT'] !== undefined && env['MESH_S3_ENDPOINT'] !== '';
  return {
    kafkaBrokers: kafkaExternal ? brokers(rawBrokers) : [`127.0.0.1:${kafkaPort}`],
    kafkaExternal,
    s3Endpoint,
    glueEndpoint: endpoint(env, 'MESH_GLUE_ENDPOINT', s3Endpoint),
    motoExternal,
    awsRegion: env['MESH_AWS_REGION'] || 'us-east-1',
    // moto accepts any credentials; fixed dummies keep the SDK from searching ~/.aws.
    awsCredentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
}

const services = resolveServices();

export const KAFKA_BROKERS: readonly string[] = services.kafkaBrokers;
export const S3_ENDPOINT: string = services.s3Endpoint;
export const GLUE_ENDPOINT: string = services.glueEndpoint;
export const AWS_REGION: string = services.awsRegion;
export const AWS_CREDENTIALS: AwsCredentials = services.awsCredentials;

/** Options for `new S3Client(...)` against moto (path-style: moto serves no bucket subdomains). */
export function s3ClientConfig(): {
  endpoint: string;
  region: string;
  credentials: AwsCredentials;
  forcePathStyle: true;
} {
  return {
    endpoint: S3_ENDPOINT,
    region: AWS_REGION,
    credentials: AWS_CREDENTIALS,
    forcePathStyle: true,
  };
}

/** Options for `new GlueClient(...)` against moto. */
export function glueClientConfig(): {
  endpoint: string;
  region: string;
  credentials: AwsCredentials;
} {
  return { endpoint: GLUE_ENDPOINT, region: AWS_REGION, credentials: AWS_CREDENTIALS };
}

/**
 * A fresh, valid name for a topic, bucket or Glue database, so tests sharing one long-running
 * service never see each other's data: lower-case letters, digits and `separator` (use '_' for
 * Glue, whose database and table names allow no dashes), at most 50 characters.
 */
export function uniqueName(prefix: string, separator: '-' | '_' = '-'): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .slice(0, 30);
  const suffix = `${Date.now().toString(36)}${separator}${randomBytes(3).toString('hex')}`;
  return `${clean}${separator}${suffix}`;
}
