import { InputError } from '../errors/mesh-error.js';
import type { BlobInfo } from './snapshot-store.js';
import type { SnapshotManifest } from './manifest.js';

export interface PrunePolicy {
  /** Keep the newest N snapshots (N >= 1). */
  keepLast?: number;
  /** Keep every snapshot younger than D days. */
  keepDays?: number;
}

export interface PrunePlan {
  keep: string[];
  remove: string[];
}

/**
 * Which snapshots a prune keeps: a snapshot survives when either rule keeps it, so adding a rule
 * never removes more. Refuses a policy that names no rule, since that would remove everything.
 */
export const planPrune = (
  snapshots: readonly { id: string; createdAt: Date }[],
  policy: PrunePolicy,
  now: Date,
): PrunePlan => {
  const { keepLast, keepDays } = policy;
  if (keepLast === undefined && keepDays === undefined)
    throw new InputError(
      'SNAPSHOT_PRUNE_POLICY_MISSING',
      'prune needs --keep-last <n> and/or --keep-days <d>; without either it would remove every snapshot',
    );
  if (keepLast !== undefined && (!Number.isSafeInteger(keepLast) || keepLast < 1))
    throw new InputError(
      'SNAPSHOT_PRUNE_POLICY_INVALID',
      `--keep-last must be an integer >= 1, got ${keepLast}`,
    );
  if (keepDays !== undefined && (!Number.isFinite(keepDays) || keepDays < 0))
    throw new InputError(
      'SNAPSHOT_PRUNE_POLICY_INVALID',
      `--keep-days must be a number >= 0, got ${keepDays}`,
    );

  const newestFirst = [...snapshots].sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1),
  );
  const cutoff = keepDays === undefined ? undefined : now.getTime() - keepDays * 86_400_000;
  const keep: string[] = [];
  const remove: string[] = [];
  newestFirst.forEach((s, i) => {
    const byCount = keepLast !== undefined && i < keepLast;
    const byAge = cutoff !== undefined && s.createdAt.getTime() >= cutoff;
    (byCount || byAge ? keep : remove).push(s.id);
  });
  return { keep: keep.reverse(), remove: remove.reverse() };
};

/**
 * Blobs no kept manifest names. Blobs younger than `minAgeMs` are spared: a create that is still
 * uploading has blobs whose manifest does not exist yet.
 */
export const unreferencedBlobs = (
  kept: readonly SnapshotManifest[],
  blobs: readonly BlobInfo[],
  now: Date,
  minAgeMs: number,
): BlobInfo[] => {
  const needed = new Set<string>();
  for (const m of kept) {
    for (const e of m.entries) needed.add(e.sha256);
    if (m.registry) needed.add(m.registry.sha256);
  }
  return blobs.filter(
    (b) => !needed.has(b.sha256) && now.getTime() - b.lastModified.getTime() >= minAgeMs,
  );
};
