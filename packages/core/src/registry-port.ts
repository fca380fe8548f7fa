import type { CompatibilityLevel } from './model/descriptor.js';

/** One version of a subject in a schema registry. */
export interface RegisteredSchema {
  subject: string;
  /** Global schema id: the same schema has the same id under every subject. */
  id: number;
  version: number;
  /** The Avro schema as JSON text. */
  schema: string;
}

export interface RegistryCompatibility {
  compatible: boolean;
  /** The registry's reasons when not compatible (Confluent's verbose messages). */
  messages: string[];
}

/**
 * A Confluent-compatible schema registry, as the runtime uses it: subjects with compatibility
 * levels, registration and lookup of Avro schemas, and records in the Confluent wire format
 * (magic byte 0, 4-byte schema id, Avro binary). Subjects are `portNames(...).subject`.
 * Implemented by `ConfluentRegistryClient` (@meshkit/registry) and its in-memory fake.
 */
export interface SchemaRegistry {
  /** Where the registry is, for messages (a URL, or `memory`). */
  readonly location: string;
  subjects(): Promise<string[]>;
  /** The subject's own level; undefined when it follows the registry's global level. */
  getCompatibility(subject: string): Promise<CompatibilityLevel | undefined>;
  setCompatibility(subject: string, level: CompatibilityLevel): Promise<void>;
  /** Registers a schema (a no-op returning the existing version when already registered). */
  register(subject: string, schema: string): Promise<RegisteredSchema>;
  /** The version of the subject holding this schema, if any. */
  lookup(subject: string, schema: string): Promise<RegisteredSchema | undefined>;
  latest(subject: string): Promise<RegisteredSchema | undefined>;
  /** Every live version of the subject, oldest first; empty when the subject does not exist. */
  versions(subject: string): Promise<RegisteredSchema[]>;
  schemaById(id: number): Promise<string | undefined>;
  /** Would this schema be accepted as the subject's next version? */
  testCompatibility(subject: string, schema: string): Promise<RegistryCompatibility>;
  /** Encodes a record with the latest schema of `<topic>-value`; never registers a schema. */
  serialize(topic: string, record: unknown): Promise<Uint8Array>;
  /** Decodes a record written with any registered schema, read as the latest version. */
  deserialize(topic: string, bytes: Uint8Array): Promise<unknown>;
  close(): Promise<void>;
}
