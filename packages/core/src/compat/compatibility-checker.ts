import { InputError } from '../errors/mesh-error.js';
import { COMPATIBILITY_LEVELS, type CompatibilityLevel } from '../model/descriptor.js';
import type { AvroSchemaModel } from './avro-model.js';
import { writeSchema } from './canonical-form.js';
import { parseAvroSchema, type AvroSchemaError } from './parse-avro-schema.js';
import { ReaderWriterChecker } from './reader-writer-checker.js';
import { compatRules } from './rule-registry.js';
import { rabinFingerprint64 } from './rabin-fingerprint.js';
import { sha256Hex } from './sha256.js';
import type { CompatibilityOptions, CompatibilityResult, CompatRule } from './types.js';

/** A schema that failed to parse, with every problem found and which side it was. */
export class InvalidAvroSchemaError extends InputError {
  readonly errors: readonly AvroSchemaError[];

  constructor(role: string, errors: readonly AvroSchemaError[]) {
    const shown = errors
      .slice(0, 5)
      .map((e) => `${e.pointer || '/'}: ${e.message}`)
      .join('; ');
    const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
    super('AVRO_SCHEMA_INVALID', `${role} schema is not a valid Avro schema: ${shown}${more}`);
    this.errors = errors;
  }
}

/** Stores verdicts by (reader, writer, options) key. Any Map-like store will do. */
export interface VerdictCache {
  get(key: string): CompatibilityResult | undefined;
  set(key: string, value: CompatibilityResult): void;
}

/** An in-memory verdict cache that forgets its oldest entries past `maxEntries`. */
export const createVerdictCache = (
  maxEntries = 100_000,
): VerdictCache & { readonly size: number } => {
  const map = new Map<string, CompatibilityResult>();
  return {
    get: (key) => map.get(key),
    set: (key, value) => {
      if (map.size >= maxEntries) {
        const oldest = map.keys().next();
        if (!oldest.done) map.delete(oldest.value);
      }
      map.set(key, value);
    },
    get size() {
      return map.size;
    },
  };
};

export type CompatibilityDirection = 'backward' | 'forward';

export interface LevelCheckResult {
  /** Index into `existing` (oldest first) of the version checked against. */
  readonly againstVersionIndex: number;
  /** backward: the candidate reads that version's data; forward: that version reads the candidate's. */
  readonly direction: CompatibilityDirection;
  readonly compatible: boolean;
  readonly incompatibilities: CompatibilityResult['incompatibilities'];
  /** Set when the check could not be made (Avro's checker throws there); the check fails. */
  readonly error?: string;
}

export interface LevelResult {
  readonly compatible: boolean;
  readonly level: CompatibilityLevel;
  /** One entry per check made, newest version first (as Confluent iterates), backward before forward. */
  readonly results: readonly LevelCheckResult[];
}

export interface CompatibilityCheckerOptions extends CompatibilityOptions {
  /** Where verdicts are kept across calls; `false` for none. Default: a fresh in-memory cache. */
  readonly cache?: VerdictCache | false;
}

export interface CompatibilityCheckerStats {
  /** Pair checks answered from the cache. */
  readonly hits: number;
  /** Pair checks computed. */
  readonly misses: number;
}

export interface CompatibilityChecker {
  checkCompatibility(reader: unknown, writer: unknown): CompatibilityResult;
  checkLevel(
    level: CompatibilityLevel,
    existing: readonly unknown[],
    candidate: unknown,
  ): LevelResult;
  stats(): CompatibilityCheckerStats;
}

interface Prepared {
  readonly model: AvroSchemaModel;
  /** Rabin fingerprint and length of the `compat` form: equal keys, equal verdicts. */
  key?: string;
}

const isModel = (value: unknown): value is AvroSchemaModel =>
  typeof value === 'object' &&
  value !== null &&
  'root' in value &&
  'named' in value &&
  (value as { named: unknown }).named instanceof Map;

const freeze = (result: CompatibilityResult): CompatibilityResult => {
  for (const item of result.incompatibilities) Object.freeze(item);
  Object.freeze(result.incompatibilities);
  return Object.freeze(result);
};

/**
 * A checker that parses each distinct schema once (schema objects are remembered by identity, so
 * treat them as immutable once checked) and, with a cache, checks each distinct
 * (reader, writer) pair once: the key is Avro's 64-bit Rabin fingerprint (and the length) of
 * each side's `compat` form (Parsing Canonical Form plus aliases and defaults, which Java's check
 * reads and the canonical form drops) and the enabled opt-in rules. Two different schemas would
 * need a 64-bit fingerprint collision at equal length to share a verdict.
 */
export const createCompatibilityChecker = (
  options: CompatibilityCheckerOptions = {},
): CompatibilityChecker => {
  const cache = options.cache === false ? undefined : (options.cache ?? createVerdictCache());
  const optIn = [...new Set(options.optIn ?? [])].sort();
  const pairRules: CompatRule[] = [];
  for (const id of optIn) {
    const rule = compatRules.find((r) => r.id === id);
    if (!rule?.optIn || !rule.checkPair) {
      const known = compatRules.filter((r) => r.optIn).map((r) => r.id);
      throw new InputError(
        'UNKNOWN_COMPAT_RULE',
        `"${id}" is not an opt-in compatibility rule; use one of: ${known.join(', ')}`,
      );
    }
    pairRules.push(rule);
  }
  const fragments = options.fragments === true;
  const optionsKey = `${optIn.join(',')}|${fragments ? 'f' : ''}`;
  const byObject = new WeakMap<object, Prepared>();
  const byText = new Map<string, Prepared>();
  let hits = 0;
  let misses = 0;

  const prepare = (input: unknown, role: string): Prepared => {
    // A parsed model is ready as it is. It is not remembered: callers pass models they parsed
    // for one check, and a long-lived weak map holding them would keep each one alive until the
    // next full garbage collection.
    if (isModel(input)) return { model: input };
    const cached =
      typeof input === 'string'
        ? byText.get(input)
        : typeof input === 'object' && input !== null
          ? byObject.get(input)
          : undefined;
    if (cached) return cached;
    const parsed = parseAvroSchema(input);
    if (!parsed.ok) throw new InvalidAvroSchemaError(role, parsed.error);
    const prepared: Prepared = { model: parsed.value };
    if (typeof input === 'string') {
      if (byText.size >= 10_000) byText.clear();
      byText.set(input, prepared);
    } else if (typeof input === 'object' && input !== null) {
      byObject.set(input, prepared);
    }
    return prepared;
  };

  // Avro's own 64-bit Rabin fingerprint of the `compat` form, plus its length: SHA-256 in
  // plain TypeScript cost more than the checks it saved.
  const keyOf = (prepared: Prepared): string => {
    if (prepared.key === undefined) {
      const form = writeSchema(prepared.model.root, 'compat');
      prepared.key = `${rabinFingerprint64(form)}${form.length.toString(16)}`;
    }
    return prepared.key;
  };

  const pair = (reader: Prepared, writer: Prepared): CompatibilityResult => {
    const key = cache ? `${keyOf(reader)}:${keyOf(writer)}:${optionsKey}` : undefined;
    if (cache && key !== undefined) {
      const known = cache.get(key);
      if (known) {
        hits++;
        return known;
      }
    }
    misses++;
    const raw = new ReaderWriterChecker(pairRules, fragments).check(
      reader.model.root,
      writer.model.root,
    );
    const result = freeze({
      compatible: raw.compatible,
      incompatibilities: [...raw.incompatibilities],
    });
    if (cache && key !== undefined) cache.set(key, result);
    return result;
  };

  /**
   * One check of a level. Where Avro's checker throws (a reader field whose aliases match two
   * writer fields), Confluent Schema Registry fails the check ("Unexpected exception during
   * compatibility check"); so does this, with the reason in `error`.
   */
  const levelCheck = (
    reader: Prepared,
    writer: Prepared,
    againstVersionIndex: number,
    direction: CompatibilityDirection,
  ): LevelCheckResult => {
    try {
      return { againstVersionIndex, direction, ...pair(reader, writer) };
    } catch (error) {
      if (!(error instanceof InputError) || error.code !== 'AVRO_AMBIGUOUS_FIELD') throw error;
      return {
        againstVersionIndex,
        direction,
        compatible: false,
        incompatibilities: [],
        error: error.message,
      };
    }
  };

  return {
    checkCompatibility: (reader, writer) =>
      pair(prepare(reader, 'reader'), prepare(writer, 'writer')),
    checkLevel: (level, existing, candidate) => {
      if (!(COMPATIBILITY_LEVELS as readonly string[]).includes(level)) {
        throw new InputError(
          'INVALID_COMPATIBILITY_LEVEL',
          `compatibility level "${String(level)}" is not one of ${COMPATIBILITY_LEVELS.join(', ')}`,
        );
      }
      if (!Array.isArray(existing)) {
        throw new InputError(
          'INVALID_ARGUMENT',
          'existing versions must be an array of schemas, oldest first',
        );
      }
      const results: LevelCheckResult[] = [];
      if (level === 'NONE' || existing.length === 0) return { compatible: true, level, results };
      const next = prepare(candidate, 'candidate');
      const transitive = level.endsWith('_TRANSITIVE');
      const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
      const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
      const last = existing.length - 1;
      const first = transitive ? 0 : last;
      for (let i = last; i >= first; i--) {
        const old = prepare(existing[i], `existing version ${i}`);
        if (backward) results.push(levelCheck(next, old, i, 'backward'));
        if (forward) results.push(levelCheck(old, next, i, 'forward'));
      }
      return { compatible: results.every((r) => r.compatible), level, results };
    },
    stats: () => ({ hits, misses }),
  };
};

/**
 * Whether data written with `writer` can be read with `reader`, decided exactly as Apache Avro
 * Java's `SchemaCompatibility.checkReaderWriterCompatibility`, with every incompatibility found.
 * Schemas are JSON values or JSON text; an invalid schema throws `InvalidAvroSchemaError`
 * (`AVRO_SCHEMA_INVALID`, an `InputError`).
 */
export const checkCompatibility = (
  reader: unknown,
  writer: unknown,
  options: CompatibilityOptions = {},
): CompatibilityResult =>
  createCompatibilityChecker({ ...options, cache: false }).checkCompatibility(reader, writer);

/**
 * Checks a candidate against the existing versions (oldest first) at a Confluent compatibility
 * level: BACKWARD (the candidate reads the latest), FORWARD (the latest reads the candidate), FULL
 * (both), their _TRANSITIVE forms against every version, NONE (no check). Identical schemas and
 * pairs are checked once.
 */
export const checkLevel = (
  level: CompatibilityLevel,
  existing: readonly unknown[],
  candidate: unknown,
  options: CompatibilityOptions = {},
): LevelResult => createCompatibilityChecker(options).checkLevel(level, existing, candidate);

/** Avro's Parsing Canonical Form of a schema (JSON value, JSON text or parsed model). */
export const canonicalForm = (schema: unknown): string => {
  if (isModel(schema)) return writeSchema(schema.root, 'canonical');
  const parsed = parseAvroSchema(schema);
  if (!parsed.ok) throw new InvalidAvroSchemaError('the', parsed.error);
  return writeSchema(parsed.value.root, 'canonical');
};

/** The SHA-256 fingerprint of a schema's Parsing Canonical Form, as lower-case hex (Avro spec). */
export const fingerprint = (schema: unknown): string => sha256Hex(canonicalForm(schema));
