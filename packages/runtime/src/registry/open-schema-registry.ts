import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, isMeshError } from '@meshkit/core';
import type { SchemaRegistry } from '@meshkit/core';
import { loadMeshConfig } from '../config/mesh-config.js';

export interface OpenSchemaRegistryOptions {
  /** Workspace root. */
  root: string;
  /** Default `registry.url` of mesh.config.yaml (or MESH_REGISTRY_URL). */
  url?: string;
  /** HTTP basic auth `user:password`. */
  auth?: string;
  /**
   * False: a missing embedded data folder is not created; an empty in-memory registry stands in
   * for it (dry runs change nothing on disk). Default true.
   */
  createIfMissing?: boolean;
}

/**
 * The workspace's schema registry: the one at `url` (or `registry.url`), else the embedded
 * registry in `registry.data` (`.mesh/registry`), opened in this process. Close it when done:
 * the embedded one holds its data folder until then.
 */
export const openSchemaRegistry = async (
  options: OpenSchemaRegistryOptions,
): Promise<SchemaRegistry> => {
  const config = await loadMeshConfig(options.root);
  const url = options.url ?? config.registry.url;
  // The registry client is slow to import (seconds): only commands that use it pay for it.
  const { ConfluentRegistryClient, createEmbeddedSchemaRegistry } =
    await import('@meshkit/registry');
  if (url === undefined) {
    const dataDir = resolve(options.root, config.registry.data);
    if (options.createIfMissing === false && !existsSync(dataDir))
      return createEmbeddedSchemaRegistry({ location: `embedded:${dataDir}` });
    try {
      return await createEmbeddedSchemaRegistry({ dataDir });
    } catch (error) {
      if (isMeshError(error) && error.code === 'REGISTRY_DATA_LOCKED')
        throw new InputError(
          'INPUT_REGISTRY_IN_USE',
          `${error.message}; a registry server is running on it: use it with --url http://127.0.0.1:<port>`,
          { cause: error },
        );
      throw error;
    }
  }
  if (!/^https?:\/\//.test(url))
    throw new InputError(
      'INPUT_USAGE',
      `registry URL "${url}" must start with http:// or https://`,
    );
  return new ConfluentRegistryClient({ url, ...(options.auth ? { auth: options.auth } : {}) });
};
