import { createCompatibilityChecker } from '@meshkit/core';
import { describe, expect, it } from 'vitest';
import { MemoryRegistryLog } from './memory-registry-log.js';
import type { RegistryLog, RegistryRecord } from './registry-log.js';
import { RegistryService } from './registry-service.js';
import type { RegistryRequest } from './registry-service.js';

const req = (method: string, path: string, body?: unknown): RegistryRequest => {
  const url = new URL(path, 'http://x');
  return {
    method,
    segments: url.pathname.split('/').filter(Boolean).map(decodeURIComponent),
    query: url.searchParams,
    body,
  };
};

/** A log whose disk fails on the first write. */
class FailingLog implements RegistryLog {
  private failure: Error | undefined;
  replay(): Promise<RegistryRecord[]> {
    return Promise.resolve([]);
  }
  append(): Promise<void> {
    this.failure = new Error('ENOSPC: no space left on device');
    return Promise.reject(this.failure);
  }
  settled(): Promise<void> {
    return this.failure ? Promise.reject(this.failure) : Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('RegistryService', () => {
  it('answers 50001 when the log cannot be written, and keeps refusing until restarted', async () => {
    const service = await RegistryService.open(new FailingLog(), createCompatibilityChecker());
    const first = await service.handle(
      req('POST', '/subjects/a-value/versions', { schema: '"string"' }),
    );
    expect(first).toEqual({
      status: 500,
      body: { error_code: 50001, message: expect.stringContaining('ENOSPC') },
    });
    expect((await service.handle(req('GET', '/subjects'))).body).toMatchObject({
      error_code: 50001,
    });
  });

  it('replays a log into the same answers', async () => {
    const log = new MemoryRegistryLog();
    const service = await RegistryService.open(log, createCompatibilityChecker());
    await service.handle(req('PUT', '/config/a%2Fb-value', { compatibility: 'none' }));
    await service.handle(req('POST', '/subjects/a%2Fb-value/versions', { schema: '"string"' }));
    await service.handle(req('POST', '/subjects/a%2Fb-value/versions', { schema: '"long"' }));
    await service.handle(req('DELETE', '/subjects/a%2Fb-value/versions/1'));
    const replayed = await RegistryService.open(
      new MemoryRegistryLog(log.records),
      createCompatibilityChecker(),
    );
    for (const path of [
      '/subjects?deleted=true',
      '/subjects/a%2Fb-value/versions?deleted=true',
      '/subjects/a%2Fb-value/versions/latest',
      '/config/a%2Fb-value',
    ])
      expect(await replayed.handle(req('GET', path))).toEqual(
        await service.handle(req('GET', path)),
      );
    expect((await replayed.handle(req('GET', '/config/a%2Fb-value'))).body).toEqual({
      compatibilityLevel: 'NONE',
    });
  });
});
