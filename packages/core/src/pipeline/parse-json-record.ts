import { recordProblem, type RecordProblem } from './record-problem.js';
import { err, ok, type Result } from '../errors/result.js';

export interface JsonRecordLimits {
  /** Largest record in bytes. Default 1 MiB. */
  maxBytes?: number;
  /** Deepest nesting of objects and arrays. Default 64. */
  maxDepth?: number;
}

export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
export const DEFAULT_MAX_RECORD_DEPTH = 64;

/** Keys that turn into prototype changes when a parsed object is later merged or assigned. */
export const FORBIDDEN_JSON_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
const FORBIDDEN_KEYS = new Set(FORBIDDEN_JSON_KEYS);

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Deepest nesting of a JSON text, counted outside strings, stopping as soon as `limit` is passed
 * so a hostile record costs no more than its length.
 */
const nestingDepth = (text: string, limit: number): number => {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
};

/**
 * True when the text has at most `limit` opening brackets in all, so it cannot nest deeper than
 * `limit`: the common flat record is cleared with a few native searches instead of a scan.
 */
const fewBrackets = (text: string, limit: number): boolean => {
  let n = 0;
  for (const open of ['{', '[']) {
    for (let i = text.indexOf(open); i !== -1; i = text.indexOf(open, i + 1))
      if (++n > limit) return false;
  }
  return true;
};

class ForbiddenKey extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

/**
 * Parses one record's bytes as a JSON object, refusing what could hurt the consumer: more than
 * `maxBytes`, invalid UTF-8, nesting deeper than `maxDepth`, and keys that pollute prototypes
 * (`__proto__`, `constructor`, `prototype`, also when spelled with escapes).
 */
export const parseJsonRecord = (
  bytes: Uint8Array,
  limits: JsonRecordLimits = {},
): Result<Record<string, unknown>, RecordProblem> => {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_RECORD_DEPTH;
  if (bytes.length > maxBytes)
    return err(
      recordProblem(
        'RECORD_TOO_LARGE',
        `record of ${bytes.length} bytes is larger than the limit of ${maxBytes} bytes`,
      ),
    );
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return err(recordProblem('RECORD_INVALID_UTF8', 'record is not valid UTF-8'));
  }
  if (!fewBrackets(text, maxDepth) && nestingDepth(text, maxDepth) > maxDepth)
    return err(
      recordProblem(
        'RECORD_TOO_DEEP',
        `record nests objects and arrays deeper than the limit of ${maxDepth}`,
      ),
    );
  // The reviver costs about half the parse time, so it only runs when a forbidden key could be
  // there: spelled out, or hidden behind a \u escape.
  const suspicious =
    text.includes('\\u') ||
    text.includes('__proto__') ||
    text.includes('constructor') ||
    text.includes('prototype');
  let value: unknown;
  try {
    value = suspicious
      ? JSON.parse(text, function reviver(this: unknown, key: string, v: unknown) {
          if (
            FORBIDDEN_KEYS.has(key) &&
            this !== null &&
            typeof this === 'object' &&
            !Array.isArray(this)
          )
            throw new ForbiddenKey(key);
          return v;
        })
      : JSON.parse(text);
  } catch (error) {
    if (error instanceof ForbiddenKey)
      return err(
        recordProblem(
          'RECORD_FORBIDDEN_KEY',
          `record has the key "${error.key}", which is refused to prevent prototype pollution`,
        ),
      );
    return err(
      recordProblem(
        'RECORD_INVALID_JSON',
        `record is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return err(
      recordProblem(
        'RECORD_NOT_AN_OBJECT',
        `record must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
      ),
    );
  return ok(value as Record<string, unknown>);
};
