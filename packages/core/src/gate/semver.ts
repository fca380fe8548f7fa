/** The three parts of a port version; descriptors are validated, so the text is well formed. */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
}

export const parseSemVer = (text: string): SemVer => {
  const [major = 0, minor = 0, patch = 0] = text.split('.').map(Number);
  return { major, minor, patch };
};

export const compareSemVer = (a: SemVer, b: SemVer): number =>
  a.major - b.major || a.minor - b.minor || a.patch - b.patch;

/** How big a step from `from` to `to` is: none (same or lower), patch, minor or major. */
export type Bump = 'none' | 'patch' | 'minor' | 'major';

export const bumpBetween = (from: string, to: string): Bump => {
  const a = parseSemVer(from);
  const b = parseSemVer(to);
  if (compareSemVer(b, a) <= 0) return 'none';
  if (b.major > a.major) return 'major';
  if (b.minor > a.minor) return 'minor';
  return 'patch';
};

export const bumpRank: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };
