import { describe, expect, it } from 'vitest';
import { formatDuration, parseIsoDuration } from './duration.js';

describe('parseIsoDuration', () => {
  it.each([
    ['PT15M', 15 * 60_000],
    ['PT1H30M', 90 * 60_000],
    ['P365D', 365 * 86_400_000],
    ['P2W', 14 * 86_400_000],
    ['PT0.5S', 500],
    ['P1Y', 365 * 86_400_000],
    ['P1M', 30 * 86_400_000],
    ['P1DT2H', 26 * 3_600_000],
  ])('reads %s', (text, ms) => {
    expect(parseIsoDuration(text)).toEqual({ ok: true, value: ms });
  });
  it.each(['', 'P', 'PT', '15M', 'P-1D', 'PT1H2D', 'soon'])(
    'refuses %j with an example of the right form',
    (text) => {
      const r = parseIsoDuration(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/ISO-8601.*PT15M/);
    },
  );
  it('refuses a number', () => {
    expect(parseIsoDuration(900).ok).toBe(false);
  });
});

describe('formatDuration', () => {
  it('prints the two largest units', () => {
    expect(formatDuration(26 * 3_600_000 + 60_000)).toBe('1d 2h');
    expect(formatDuration(1500)).toBe('1.5s');
  });
});
