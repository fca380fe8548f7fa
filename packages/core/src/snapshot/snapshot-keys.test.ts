import { describe, expect, it } from 'vitest';
import { createSnapshotId, isSnapshotId, snapshotIdTime } from './snapshot-keys.js';

describe('snapshot ids', () => {
  it('encode the creation time so that ids sort by time', () => {
    const a = createSnapshotId(new Date('2026-11-26T01:36:36.123Z'), '1a2b3c4d');
    const b = createSnapshotId(new Date('2026-11-26T01:36:36.124Z'), '00000000');
    expect(a).toBe('20261126T013636123Z-1a2b3c4d');
    expect(a < b).toBe(true);
    expect(snapshotIdTime(a)?.toISOString()).toBe('2026-11-26T01:36:36.123Z');
  });

  it('reject anything else', () => {
    expect(isSnapshotId('../20261126T013636123Z-1a2b3c4d')).toBe(false);
    expect(isSnapshotId('20261126T013636123Z-1A2B3C4D')).toBe(false);
    expect(() => createSnapshotId(new Date(), 'xyz')).toThrow(/snapshot id/);
  });
});
