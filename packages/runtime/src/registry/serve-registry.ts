import { isAbsolute, resolve } from 'node:path';
import { InputError } from '@meshkit/core';
import type { RunningRegistryServer } from '@meshkit/registry';
import { loadMeshConfig } from '../config/mesh-config.js';

export interface ServeRegistryOptions {
  /** Workspace root; `data` is relative to it. */
  root: string;
  host?: string;
  port?: number;
  /** Data folder; default `registry.data` of mesh.config.yaml (`.mesh/registry`). */
  data?: string;
  /** `user:password` for HTTP basic auth. */
  auth?: string;
  bodyLimit?: number;
}

export type ServedRegistry = RunningRegistryServer & { dataDir: string };

/** Starts Meshkit's Confluent-compatible registry with its data in the workspace. */
export const serveRegistry = async (options: ServeRegistryOptions): Promise<ServedRegistry> => {
  const data = options.data ?? (await loadMeshConfig(options.root)).registry.data;
  const dataDir = isAbsolute(data) ? data : resolve(options.root, data);
  let auth: { username: string; password: string } | undefined;
  if (options.auth !== undefined) {
    const at = options.auth.indexOf(':');
    if (at <= 0 || at === options.auth.length - 1)
      throw new InputError(
        'INPUT_USAGE',
        '--auth must be user:password, both non-empty (e.g. --auth mesh:s3cret)',
      );
    auth = { username: options.auth.slice(0, at), password: options.auth.slice(at + 1) };
  }
  const { startRegistryServer } = await import('@meshkit/registry');
  const server = await startRegistryServer({
    dataDir,
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(auth ? { auth } : {}),
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
  });
  return Object.assign(server, { dataDir });
};
