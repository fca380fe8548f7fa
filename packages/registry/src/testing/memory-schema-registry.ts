import { ConfluentRegistryClient } from '../client/confluent-registry-client.js';
import { MemoryRegistryLog } from '../server/memory-registry-log.js';
import { RegistryService } from '../server/registry-service.js';
import type { RegistryCompatibilityChecker } from '../server/schema-engine.js';
import { createCompatibilityChecker } from '@meshkit/core';

interface AxiosLikeConfig {
  baseURL?: string;
  url?: string;
  method?: string;
  data?: unknown;
}

/**
 * An in-memory registry for tests: the real Confluent client and `ConfluentRegistryClient`, with
 * requests handed straight to the registry service (same API, same compatibility checks, no
 * socket and no disk). Each call gives a fresh, empty registry.
 */
export const createMemorySchemaRegistry = async (
  checker: RegistryCompatibilityChecker = createCompatibilityChecker(),
): Promise<ConfluentRegistryClient> => {
  const service = await RegistryService.open(new MemoryRegistryLog(), checker);
  const adapter = async (config: AxiosLikeConfig) => {
    const url = new URL(config.url ?? '/', config.baseURL ?? 'memory://registry');
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
    url: 'http://memory.invalid',
    location: 'memory',
    maxRetries: 0,
    clientConfig: { createAxiosDefaults: { adapter } as never },
  });
};
