import { describe, expect, it } from 'vitest';
import { planPrune, unreferencedBlobs } from './prune-plan.js';
import { createManifest } from './manifest.js';

const now = new Date('2026-11-26T00:00:00Z');
const snap = (id: string, daysAgo: number) => ({
  id,
  createdAt: new Date(now.getTime() - daysAgo * 86_400_000),
});
const snaps = [snap('s1', 40), snap('s2', 20), snap('s3', 10), snap('s4', 2), snap('s5', 1)];

describe('planPrune', () => {
  it('keeps the newest N', () => {
    expect(planPrune(snaps, { keepLast: 2 }, now)).toEqual({
      keep: ['s4', 's5'],
      remove: ['s1', 's2', 's3'],
    });
  });
  it('keeps everything younger than D days', () => {
    expect(planPrune(snaps, { keepDays: 15 }, now)).toEqual({
      keep: ['s3', 's4', 's5'],
      remove: ['s1', 's2'],
    });
  });
  it('keeps a snapshot either rule keeps', () => {
    expect(planPrune(snaps, { keepLast: 4, keepDays: 3 }, now).remove).toEqual(['s1']);
  });
  it('refuses a missing or invalid policy', () => {
    expect(() => planPrune(snaps, {}, now)).toThrow(/--keep-last/);
    expect(() => planPrune(snaps, { keepLast: 0 }, now)).toThrow(/>= 1/);
    expect(() => planPrune(snaps, { keepDays: -1 }, now)).toThrow(/>= 0/);
  });
});

describe('unreferencedBlobs', () => {
  it('spares blobs a kept manifest names and blobs younger than the grace period', () => {
    const kept = createManifest({
      id: '20261126T000000000Z-00000000',
      createdAt: now.toISOString(),
      tool: { name: 'meshkit', version: '0' },
      git: { commit: null, dirty: false },
      entries: [{ path: 'a', size: 1, sha256: 'a'.repeat(64) }],
    });
    const old = new Date(now.getTime() - 3_600_000);
    const blobs = [
      { sha256: 'a'.repeat(64), size: 1, lastModified: old },
      { sha256: 'b'.repeat(64), size: 1, lastModified: old },
      { sha256: 'c'.repeat(64), size: 1, lastModified: now },
    ];
    expect(unreferencedBlobs([kept], blobs, now, 60_000).map((b) => b.sha256)).toEqual([
      'b'.repeat(64),
    ]);
  });
});
