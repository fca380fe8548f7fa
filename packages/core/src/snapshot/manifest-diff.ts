import type { SnapshotEntry } from './manifest.js';
import { compareStrings } from './manifest.js';

export interface ChangedEntry {
  path: string;
  before: SnapshotEntry;
  after: SnapshotEntry;
}

/** What differs between two sets of entries, each list sorted by path. */
export interface EntryDiff {
  added: SnapshotEntry[];
  removed: SnapshotEntry[];
  changed: ChangedEntry[];
  unchanged: number;
}

/** Compares by path and content hash: a file whose bytes are equal is unchanged. */
export const diffEntries = (
  before: readonly SnapshotEntry[],
  after: readonly SnapshotEntry[],
): EntryDiff => {
  const old = new Map(before.map((e) => [e.path, e]));
  const added: SnapshotEntry[] = [];
  const changed: ChangedEntry[] = [];
  let unchanged = 0;
  for (const entry of after) {
    const prev = old.get(entry.path);
    if (!prev) added.push(entry);
    else if (prev.sha256 !== entry.sha256)
      changed.push({ path: entry.path, before: prev, after: entry });
    else unchanged++;
    old.delete(entry.path);
  }
  const byPath = (a: { path: string }, b: { path: string }): number =>
    compareStrings(a.path, b.path);
  return {
    added: added.sort(byPath),
    removed: [...old.values()].sort(byPath),
    changed: changed.sort(byPath),
    unchanged,
  };
};

export const isEmptyDiff = (diff: EntryDiff): boolean =>
  diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
