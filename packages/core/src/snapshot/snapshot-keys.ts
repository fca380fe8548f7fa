import { InputError } from '../errors/mesh-error.js';

const SHA256_PATTERN = /^[0-9a-f]{64}$/;
/** `20261126T013636123Z-1a2b3c4d`: UTC time to the millisecond, then 8 random hex digits. */
export const SNAPSHOT_ID_PATTERN = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;

export const isSha256Hex = (value: string): boolean => SHA256_PATTERN.test(value);
export const isSnapshotId = (value: string): boolean => SNAPSHOT_ID_PATTERN.test(value);

/**
 * A new snapshot id. Ids sort by creation time as plain strings; the random suffix keeps two
 * snapshots taken in the same millisecond apart. `randomHex` must be 8 lowercase hex digits.
 */
export const createSnapshotId = (at: Date, randomHex: string): string => {
  const iso = at.toISOString(); // 2026-11-26T01:36:36.123Z
  const compact = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${iso.slice(20, 23)}Z`;
  const id = `${compact}-${randomHex}`;
  if (!isSnapshotId(id))
    throw new InputError(
      'SNAPSHOT_KEY_INVALID',
      `cannot build a snapshot id from "${iso}" and "${randomHex}"`,
    );
  return id;
};

/** The creation time encoded in a snapshot id. */
export const snapshotIdTime = (id: string): Date | undefined => {
  if (!isSnapshotId(id)) return undefined;
  const t = `${id.slice(0, 4)}-${id.slice(4, 6)}-${id.slice(6, 8)}T${id.slice(9, 11)}:${id.slice(11, 13)}:${id.slice(13, 15)}.${id.slice(15, 18)}Z`;
  const date = new Date(t);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

/** Guards used by every store before a hash or id becomes part of a file name or object key. */
export const assertSha256 = (value: string, where: string): void => {
  if (!isSha256Hex(value))
    throw new InputError(
      'SNAPSHOT_KEY_INVALID',
      `blob hash "${value.slice(0, 80)}" in ${where} is not 64 lowercase hex digits (sha256)`,
    );
};

export const assertSnapshotId = (value: string, where: string): void => {
  if (!isSnapshotId(value))
    throw new InputError(
      'SNAPSHOT_KEY_INVALID',
      `snapshot id "${value.slice(0, 80)}" in ${where} is not valid; ids look like 20261126T013636123Z-1a2b3c4d (see \`mesh snapshot list\`)`,
    );
};
