import { describe, expect, it } from 'vitest';
import { createManifest, entryPathProblem, parseManifest, serializeManifest } from './manifest.js';
import type { SnapshotManifest } from './manifest.js';

const HASH = 'a'.repeat(64);
const ID = '20261126T013636123Z-1a2b3c4d';
const base = (): SnapshotManifest =>
  createManifest({
    id: ID,
    createdAt: '2026-11-26T01:36:36.123Z',
    tool: { name: 'meshkit', version: '0.1.0' },
    git: { commit: null, dirty: false },
    entries: [
      { path: 'domains/sales/orders/product.yaml', size: 3, sha256: HASH },
      { path: 'contracts/product.schema.json', size: 1, sha256: 'b'.repeat(64) },
    ],
  });
const withEntries = (entries: unknown[]): Uint8Array => {
  const doc = JSON.parse(new TextDecoder().decode(serializeManifest(base()))) as Record<
    string,
    unknown
  >;
  doc['entries'] = entries;
  return new TextEncoder().encode(JSON.stringify(doc));
};
const problemOf = (bytes: Uint8Array): string => {
  const parsed = parseManifest(bytes, `manifest "${ID}"`, ID);
  expect(parsed.ok).toBe(false);
  return parsed.ok ? '' : `${parsed.error.code}: ${parsed.error.message}`;
};

describe('snapshot manifest', () => {
  it('round-trips through its stored form with entries sorted by path', () => {
    const parsed = parseManifest(serializeManifest(base()), 'm', ID);
    expect(parsed.ok && parsed.value).toEqual(base());
    expect(base().entries.map((e) => e.path)).toEqual([
      'contracts/product.schema.json',
      'domains/sales/orders/product.yaml',
    ]);
  });

  it.each([
    ['../../etc/passwd', '".." segment'],
    ['/etc/passwd', 'absolute'],
    ['domains\\sales\\x.avsc', 'backslash'],
    ['C:/Windows/win.ini', 'drive letter'],
    ['a/\0b', 'NUL'],
    ['a//b', 'empty segment'],
    ['./a', '"." segment'],
    ['a/', 'empty segment'],
    ['', 'non-empty'],
  ])('refuses the entry path %j (%s)', (path, why) => {
    expect(entryPathProblem(path)).toContain(why);
    const message = problemOf(withEntries([{ path, size: 1, sha256: HASH }]));
    expect(message).toContain('SNAPSHOT_MANIFEST_INVALID');
    expect(message).toContain('/entries/0/path');
    expect(message).toContain(why);
  });

  it('refuses duplicate paths and a path used as both file and folder', () => {
    expect(
      problemOf(
        withEntries([
          { path: 'a', size: 1, sha256: HASH },
          { path: 'a', size: 1, sha256: HASH },
        ]),
      ),
    ).toContain('appears twice');
    expect(
      problemOf(
        withEntries([
          { path: 'a', size: 1, sha256: HASH },
          { path: 'a/b', size: 1, sha256: HASH },
        ]),
      ),
    ).toContain('needs it as a folder');
  });

  it('refuses bad sizes and hashes', () => {
    expect(problemOf(withEntries([{ path: 'a', size: -1, sha256: HASH }]))).toContain(
      '/entries/0/size',
    );
    expect(problemOf(withEntries([{ path: 'a', size: 1, sha256: 'ABC' }]))).toContain(
      '/entries/0/sha256',
    );
  });

  it('reports corrupt bytes, wrong kinds and an id that differs from the stored name', () => {
    expect(problemOf(new TextEncoder().encode('{"apiVersion":'))).toContain('not valid UTF-8 JSON');
    expect(problemOf(new Uint8Array([0xff, 0xfe, 0x00]))).toContain('not valid UTF-8 JSON');
    expect(problemOf(new TextEncoder().encode('[]'))).toContain('not a JSON object');
    expect(problemOf(new TextEncoder().encode('{"apiVersion":"v0"}'))).toContain('apiVersion/kind');
    const other = parseManifest(serializeManifest(base()), 'm', '20261126T013636123Z-ffffffff');
    expect(!other.ok && other.error.message).toContain('stored as');
  });

  it('refuses to create a manifest with an unsafe entry', () => {
    expect(() =>
      createManifest({ ...base(), entries: [{ path: '../x', size: 1, sha256: HASH }] }),
    ).toThrow(/SNAPSHOT|"\.\." segment/);
  });
});

describe('snapshot manifest registry part', () => {
  it('round-trips a registry reference and refuses a malformed one', () => {
    const m = createManifest({
      ...base(),
      registry: { url: 'http://127.0.0.1:8081', sha256: HASH, size: 10, subjects: 2 },
    });
    const back = parseManifest(serializeManifest(m), 'm', ID);
    expect(back.ok && back.value.registry).toEqual(m.registry);
    const doc = JSON.parse(new TextDecoder().decode(serializeManifest(m))) as Record<
      string,
      unknown
    >;
    doc['registry'] = { url: 'x', sha256: 'nope', size: 1, subjects: 1 };
    expect(problemOf(new TextEncoder().encode(JSON.stringify(doc)))).toContain('/registry');
  });
});
