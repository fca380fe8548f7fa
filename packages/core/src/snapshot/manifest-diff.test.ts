import { describe, expect, it } from 'vitest';
import { diffEntries, isEmptyDiff } from './manifest-diff.js';

const e = (path: string, c: string) => ({ path, size: 1, sha256: c.repeat(64) });

describe('diffEntries', () => {
  it('reports added, removed and changed files by content hash', () => {
    const before = [e('a.avsc', 'a'), e('b.yaml', 'b'), e('c.yaml', 'c')];
    const after = [e('a.avsc', 'f'), e('c.yaml', 'c'), e('d.yaml', 'd')];
    const diff = diffEntries(before, after);
    expect(diff.added.map((x) => x.path)).toEqual(['d.yaml']);
    expect(diff.removed.map((x) => x.path)).toEqual(['b.yaml']);
    expect(diff.changed).toEqual([
      { path: 'a.avsc', before: e('a.avsc', 'a'), after: e('a.avsc', 'f') },
    ]);
    expect(diff.unchanged).toBe(1);
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it('is empty for equal entries', () => {
    expect(isEmptyDiff(diffEntries([e('a', 'a')], [e('a', 'a')]))).toBe(true);
  });
});
