import type { Result } from '../errors/result.js';
import { err, ok } from '../errors/result.js';

/**
 * ISO-8601 durations as SLAs use them: `PT15M`, `P365D`, `P1Y2M3DT4H5M6.5S`, `P2W`.
 * Calendar units have no fixed length, so they are pinned (docs/quality/semantics.md):
 * a year is 365 days and a month 30 days. Negative durations are refused.
 */
const DURATION =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNITS = [365 * DAY, 30 * DAY, 7 * DAY, DAY, HOUR, MINUTE, SECOND] as const;

/** Parses an ISO-8601 duration into milliseconds. */
export const parseIsoDuration = (text: unknown): Result<number, string> => {
  if (typeof text !== 'string')
    return err(
      `duration must be an ISO-8601 string such as "PT15M" or "P365D", not ${JSON.stringify(text)}`,
    );
  const m = DURATION.exec(text.trim().toUpperCase());
  if (!m)
    return err(`"${text}" is not an ISO-8601 duration; write e.g. "PT15M", "PT1H30M" or "P365D"`);
  let ms = 0;
  UNITS.forEach((unit, i) => {
    const part = m[i + 1];
    if (part !== undefined) ms += Number(part) * unit;
  });
  return ok(Math.round(ms));
};

/** Milliseconds as a short human duration: `2d 3h`, `15m`, `4.2s`. */
export const formatDuration = (ms: number): string => {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < MINUTE) return `${sign}${Number((rest / SECOND).toFixed(1))}s`;
  const parts: string[] = [];
  for (const [unit, label] of [
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'm'],
  ] as const) {
    const n = Math.floor(rest / unit);
    if (n > 0) parts.push(`${n}${label}`);
    rest -= n * unit;
  }
  return sign + parts.slice(0, 2).join(' ');
};
