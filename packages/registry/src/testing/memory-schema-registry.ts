import type { ConfluentRegistryClient } from '../client/confluent-registry-client.js';
import { createEmbeddedSchemaRegistry } from '../client/embedded-schema-registry.js';
import type { RegistryCompatibilityChecker } from '../server/schema-engine.js';

/**
 * The in-memory fake of `SchemaRegistry`: the real Confluent client and `ConfluentRegistryClient`
 * over the registry service with no socket and no disk, so it checks compatibility exactly as the
 * server does. Each call gives a fresh, empty registry.
 */
export const createMemorySchemaRegistry = (
  checker?: RegistryCompatibilityChecker,
): Promise<ConfluentRegistryClient> => createEmbeddedSchemaRegistry(checker ? { checker } : {});
