import { createCompatibilityChecker } from '@meshkit/core';
import { FileRegistryLog } from '../server/file-registry-log.js';
import { MemoryRegistryLog } from '../server/memory-registry-log.js';
import type { RegistryLog } from '../server/registry-log.js';
import { RegistryService } from '../server/registry-service.js';
import type { RegistryCompatibilityChecker } from '../server/schema-engine.js';
import { ConfluentRegistryClient } from './confluent-registry-client.js';

interface AxiosLikeConfig {
  baseURL?: string;
  url?: string;
  method?: string;
  data?: unknown;
}

export interface EmbeddedSchemaRegistryOptions {
  /** The registry's data folder (as `mesh registry serve --data`); without it, memory only. */
  dataDir?: string;
  checker?: RegistryCompatibilityChecker;
  /** Shown in messages; default `embedded:<dataDir>` or `memory`. */
  location?: string;
}

/**
 * The registry without a server: the Confluent client's requests go straight to the registry
 * service in this process (same API, same checks, same log), so `mesh registry push` works with
 * nothing running. The data folder is locked while open: a running server on it is refused.
 */
export const createEmbeddedSchemaRegistry = async (
  options: EmbeddedSchemaRegistryOptions = {},
): Promise<ConfluentRegistryClient> => {
  const log: RegistryLog = options.dataDir
    ? await FileRegistryLog.open(options.dataDir)
    : new MemoryRegistryLog();
  const service = await RegistryService.open(
    log,
    options.checker ?? createCompatibilityChecker({ cache: false }),
  );
  const adapter = async (config: AxiosLikeConfig) => {
    const url = new URL(config.url ?? '/', config.baseURL ?? 'http://embedded.invalid');
    const text = typeof config.data === 'string' ? config.data : undefined;
    const response = await service.handle({
      method: (config.method ?? 'get').toUpperCase(),
      segments: url.pathname
        .split('/')
        .filter((s) => s !== '')
        .map((s) => decodeURIComponent(s)),
      query: url.searchParams,
      body: text ? (JSON.parse(text) as unknown) : config.data,
    });
    const reply = {
      data: response.body,
      status: response.status,
      statusText: String(response.status),
      headers: {},
      config,
      request: {},
    };
    if (response.status >= 200 && response.status < 300) return reply;
    // Shaped as axios' own errors, which the client turns into RestError.
    throw Object.assign(new Error(`Request failed with status code ${response.status}`), {
      isAxiosError: true,
      config,
      response: reply,
    });
  };
  return new ConfluentRegistryClient({
    url: 'http://embedded.invalid',
    location: options.location ?? (options.dataDir ? `embedded:${options.dataDir}` : 'memory'),
    maxRetries: 0,
    clientConfig: { createAxiosDefaults: { adapter } as never },
    onClose: () => service.close(),
  });
};
