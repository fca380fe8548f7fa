import {
  AvroDeserializer,
  AvroSerializer,
  RestError,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import type { ClientConfig, Compatibility } from '@confluentinc/schemaregistry';
import { COMPATIBILITY_LEVELS, InfrastructureError, InputError, MeshError } from '@meshkit/core';
import type {
  CompatibilityLevel,
  RegisteredSchema,
  RegistryCompatibility,
  SchemaRegistry,
} from '@meshkit/core';

export interface ConfluentRegistryClientOptions {
  /** One URL or several (tried in order), e.g. `http://127.0.0.1:8081`. */
  url: string | string[];
  /** HTTP basic auth, `user:password`. */
  auth?: string;
  /** Retries of network errors and 5xx answers (default 2). */
  maxRetries?: number;
  /** Extra client settings, e.g. a custom axios adapter (the in-memory fake uses one). */
  clientConfig?: Partial<ClientConfig>;
  /** Shown in messages instead of the URL. */
  location?: string;
  /** Runs after the client closes (the embedded registry releases its data folder). */
  onClose?: () => Promise<void>;
}

const SUBJECT_NOT_FOUND = 40401;
const VERSION_NOT_FOUND = 40402;
const SCHEMA_NOT_FOUND = 40403;
const NOT_CONFIGURED = 40408;

const isRestError = (error: unknown): error is RestError => error instanceof RestError;

/**
 * `SchemaRegistry` on Confluent's official client (`@confluentinc/schemaregistry`), for
 * Confluent Schema Registry, Meshkit's own registry or any compatible one. Records are written
 * with the subject's latest registered schema and never auto-registered: the client's
 * auto-registration derives a schema from the value, which is not the contract.
 */
export class ConfluentRegistryClient implements SchemaRegistry {
  readonly location: string;
  private readonly client: SchemaRegistryClient;
  private readonly serializer: AvroSerializer;
  private readonly deserializer: AvroDeserializer;
  private readonly onClose: (() => Promise<void>) | undefined;

  constructor(options: ConfluentRegistryClientOptions) {
    this.onClose = options.onClose;
    const urls = Array.isArray(options.url) ? options.url : [options.url];
    this.location = options.location ?? urls.join(',');
    this.client = new SchemaRegistryClient({
      baseURLs: urls,
      maxRetries: options.maxRetries ?? 2,
      retriesWaitMs: 200,
      retriesMaxWaitMs: 2000,
      ...(options.auth
        ? { basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: options.auth } }
        : {}),
      ...options.clientConfig,
    });
    this.serializer = new AvroSerializer(this.client, SerdeType.VALUE, {
      useLatestVersion: true,
      autoRegisterSchemas: false,
    });
    this.deserializer = new AvroDeserializer(this.client, SerdeType.VALUE, {
      useLatestVersion: true,
    });
  }

  /** The underlying Confluent client, for what the port does not cover. */
  get confluent(): SchemaRegistryClient {
    return this.client;
  }

  async subjects(): Promise<string[]> {
    return this.call('list subjects', undefined, () => this.client.getAllSubjects());
  }

  async getCompatibility(subject: string): Promise<CompatibilityLevel | undefined> {
    try {
      const level = await this.client.getCompatibility(subject);
      return toLevel(level);
    } catch (error) {
      if (
        isRestError(error) &&
        (error.errorCode === NOT_CONFIGURED || error.errorCode === SUBJECT_NOT_FOUND)
      )
        return undefined;
      throw this.wrap(error, 'read the compatibility level of', subject);
    }
  }

  async setCompatibility(subject: string, level: CompatibilityLevel): Promise<void> {
    await this.call('set the compatibility level of', subject, () =>
      this.client.updateCompatibility(subject, level as Compatibility),
    );
  }

  async register(subject: string, schema: string): Promise<RegisteredSchema> {
    const response = await this.call('register a schema under', subject, () =>
      this.client.registerFullResponse(subject, { schemaType: 'AVRO', schema }),
    );
    const found = await this.lookup(subject, schema);
    if (found) return found;
    // A registry that answers only `{id}` and cannot look the schema up again.
    return { subject, id: response.id ?? 0, version: response.version ?? 0, schema };
  }

  async lookup(subject: string, schema: string): Promise<RegisteredSchema | undefined> {
    try {
      const found = await this.client.getIdFullResponse(subject, { schemaType: 'AVRO', schema });
      return toRegistered(subject, found, schema);
    } catch (error) {
      if (
        isRestError(error) &&
        (error.errorCode === SUBJECT_NOT_FOUND || error.errorCode === SCHEMA_NOT_FOUND)
      )
        return undefined;
      throw this.wrap(error, 'look up a schema under', subject);
    }
  }

  async latest(subject: string): Promise<RegisteredSchema | undefined> {
    try {
      // The latest version must be fresh: the client would otherwise cache it for good.
      this.client.clearLatestCaches();
      return toRegistered(subject, await this.client.getLatestSchemaMetadata(subject));
    } catch (error) {
      if (
        isRestError(error) &&
        (error.errorCode === SUBJECT_NOT_FOUND || error.errorCode === VERSION_NOT_FOUND)
      )
        return undefined;
      throw this.wrap(error, 'read the latest version of', subject);
    }
  }

  async versions(subject: string): Promise<RegisteredSchema[]> {
    let numbers: number[];
    try {
      numbers = await this.client.getAllVersions(encodeURIComponent(subject));
    } catch (error) {
      if (isRestError(error) && error.errorCode === SUBJECT_NOT_FOUND) return [];
      throw this.wrap(error, 'list the versions of', subject);
    }
    const out: RegisteredSchema[] = [];
    for (const version of [...numbers].sort((a, b) => a - b))
      out.push(
        toRegistered(
          subject,
          await this.call('read a version of', subject, () =>
            this.client.getSchemaMetadata(subject, version),
          ),
        ),
      );
    return out;
  }

  async schemaById(id: number): Promise<string | undefined> {
    try {
      return (await this.client.getBySubjectAndId('', id)).schema;
    } catch (error) {
      if (isRestError(error) && error.errorCode === SCHEMA_NOT_FOUND) return undefined;
      throw this.wrap(error, `read schema id ${id} from`, undefined);
    }
  }

  async testCompatibility(subject: string, schema: string): Promise<RegistryCompatibility> {
    // The client's own call drops the reasons; ask with verbose=true through its REST service.
    const response = await this.call('check compatibility with', subject, async () => {
      const rest = (this.client as unknown as { restService: RestLike }).restService;
      const res = await rest.handleRequest(
        `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest?verbose=true`,
        'POST',
        { schemaType: 'AVRO', schema },
      );
      return res.data as { is_compatible: boolean; messages?: string[] };
    });
    return { compatible: response.is_compatible, messages: response.messages ?? [] };
  }

  async serialize(topic: string, record: unknown): Promise<Uint8Array> {
    try {
      this.client.clearLatestCaches();
      return await this.serializer.serialize(topic, record);
    } catch (error) {
      if (
        isRestError(error) &&
        (error.errorCode === SUBJECT_NOT_FOUND || error.errorCode === VERSION_NOT_FOUND)
      )
        throw new InputError(
          'REGISTRY_SUBJECT_NOT_FOUND',
          `subject "${topic}-value" has no schema in registry ${this.location}; register the port's contract first (mesh registry push)`,
          { cause: error },
        );
      if (isRestError(error)) throw this.wrap(error, 'serialize a record for', `${topic}-value`);
      throw new InputError(
        'REGISTRY_SERIALIZE_FAILED',
        `cannot encode a record for topic "${topic}" with the latest schema of "${topic}-value": ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  async deserialize(topic: string, bytes: Uint8Array): Promise<unknown> {
    try {
      return await this.deserializer.deserialize(
        topic,
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      );
    } catch (error) {
      if (isRestError(error)) throw this.wrap(error, 'deserialize a record of', `${topic}-value`);
      throw new InputError(
        'REGISTRY_DESERIALIZE_FAILED',
        `cannot decode a record of topic "${topic}" (expected the Confluent wire format: magic byte 0, 4-byte schema id, Avro): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  async close(): Promise<void> {
    await this.client.close();
    await this.onClose?.();
  }

  private async call<T>(
    what: string,
    subject: string | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw this.wrap(error, what, subject);
    }
  }

  private wrap(error: unknown, what: string, subject: string | undefined): MeshError {
    if (error instanceof MeshError) return error;
    const target =
      subject === undefined
        ? `registry ${this.location}`
        : `subject "${subject}" in registry ${this.location}`;
    if (isRestError(error)) {
      const detail = `${error.message}`;
      if (error.status === 409)
        return new InputError(
          'REGISTRY_INCOMPATIBLE',
          `cannot ${what} ${target}: the schema breaks the subject's compatibility level; ${detail}. Make the change compatible or publish it as a new major version`,
          { cause: error },
        );
      if (error.status === 401 || error.status === 403)
        return new InputError(
          'REGISTRY_UNAUTHORIZED',
          `cannot ${what} ${target}: ${detail}; pass the right credentials (--auth user:password)`,
          { cause: error },
        );
      if (error.status >= 400 && error.status < 500)
        return new InputError('REGISTRY_REJECTED', `cannot ${what} ${target}: ${detail}`, {
          cause: error,
        });
      return new InfrastructureError('REGISTRY_FAILED', `cannot ${what} ${target}: ${detail}`, {
        cause: error,
      });
    }
    return new InfrastructureError(
      'REGISTRY_UNREACHABLE',
      `cannot ${what} ${target}: ${error instanceof Error ? error.message : String(error)}; is the registry running? (mesh registry serve)`,
      { cause: error },
    );
  }
}

interface RestLike {
  handleRequest(url: string, method: string, data?: unknown): Promise<{ data: unknown }>;
}

const toLevel = (level: unknown): CompatibilityLevel | undefined =>
  typeof level === 'string' && (COMPATIBILITY_LEVELS as readonly string[]).includes(level)
    ? (level as CompatibilityLevel)
    : undefined;

const toRegistered = (
  subject: string,
  meta: { id?: number; version?: number; schema?: string; subject?: string },
  schema = '',
): RegisteredSchema => ({
  subject: meta.subject ?? subject,
  id: meta.id ?? 0,
  version: meta.version ?? 0,
  schema: meta.schema ?? schema,
});
