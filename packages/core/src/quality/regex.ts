import type { Result } from '../errors/result.js';
import { err, ok } from '../errors/result.js';

/**
 * DuckDB evaluates patterns with RE2, which has no lookaround and no backreferences. A pattern is
 * accepted when JavaScript can compile it and it uses none of the constructs RE2 lacks, so a bad
 * pattern fails at load time with its position instead of halfway through a scan.
 */
const RE2_UNSUPPORTED: [RegExp, string][] = [
  [/\(\?<?[=!]/, 'lookaround ((?=, (?!, (?<=, (?<!)'],
  [/\\[1-9]/, 'backreferences (\\1 ... \\9)'],
  [/\\k</, 'named backreferences (\\k<name>)'],
  [/\(\?>/, 'atomic groups ((?>...))'],
  [/[*+?}]\+/, 'possessive quantifiers (*+, ++, ?+)'],
];

export const validatePattern = (pattern: unknown): Result<string, string> => {
  if (typeof pattern !== 'string' || pattern.length === 0)
    return err(`pattern must be a non-empty string, not ${JSON.stringify(pattern)}`);
  try {
    new RegExp(pattern);
  } catch (error) {
    const reason =
      error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : '';
    return err(`pattern ${JSON.stringify(pattern)} is not a valid regular expression (${reason})`);
  }
  // Escaped backslashes would hide a construct from the checks below; drop them first.
  const plain = pattern.replace(/\\\\/g, '');
  for (const [probe, what] of RE2_UNSUPPORTED) {
    if (probe.test(plain))
      return err(
        `pattern ${JSON.stringify(pattern)} uses ${what}, which RE2 (DuckDB's regex engine) does not support`,
      );
  }
  return ok(pattern);
};
