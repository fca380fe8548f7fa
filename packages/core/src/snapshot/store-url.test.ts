import { describe, expect, it } from 'vitest';
import { parseStoreUrl } from './store-url.js';

describe('parseStoreUrl', () => {
  it('reads relative and absolute file stores and s3 stores', () => {
    expect(parseStoreUrl('file://.mesh/snapshots')).toEqual({
      ok: true,
      value: { kind: 'file', path: '.mesh/snapshots', absolute: false },
    });
    expect(parseStoreUrl('file:///var/backups/mesh/')).toEqual({
      ok: true,
      value: { kind: 'file', path: '/var/backups/mesh', absolute: true },
    });
    expect(parseStoreUrl('s3://mesh-backups/team/snapshots/')).toEqual({
      ok: true,
      value: { kind: 's3', bucket: 'mesh-backups', prefix: 'team/snapshots' },
    });
    expect(parseStoreUrl('s3://mesh-backups')).toEqual({
      ok: true,
      value: { kind: 's3', bucket: 'mesh-backups', prefix: '' },
    });
  });

  it.each([
    ['.mesh/snapshots', 'is not a URL'],
    ['http://example.com/x', 'unsupported scheme "http"'],
    ['file://', 'names no folder'],
    ['s3://', 'names no bucket'],
    ['s3:///prefix', 'names no bucket'],
    ['s3://Bad_Bucket/x', 'invalid bucket name'],
    ['s3://ok-bucket/a/../b', '".." segment'],
    ['s3://ok-bucket/a?versionId=1', 'query'],
    ['file://C:\\backups', 'backslash'],
  ])('refuses %j saying what is wrong and how to write it', (url, why) => {
    const parsed = parseStoreUrl(url);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe('SNAPSHOT_STORE_URL_INVALID');
    expect(parsed.error.message).toContain(why);
    expect(parsed.error.message).toContain('s3://<bucket>/<prefix>');
  });
});
