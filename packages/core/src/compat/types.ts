import type { AvroNode } from './avro-model.js';

/** Apache Avro's `SchemaCompatibility.SchemaIncompatibilityType`, in its own words. */
export const INCOMPATIBILITY_TYPES = [
  'NAME_MISMATCH',
  'FIXED_SIZE_MISMATCH',
  'MISSING_ENUM_SYMBOLS',
  'READER_FIELD_MISSING_DEFAULT_VALUE',
  'TYPE_MISMATCH',
  'MISSING_UNION_BRANCH',
] as const;

export type IncompatibilityType = (typeof INCOMPATIBILITY_TYPES)[number];

/** One reason the reader cannot read what the writer wrote. */
export interface Incompatibility {
  readonly type: IncompatibilityType;
  /** JSON Pointer into the reader schema, built exactly as Java's `Incompatibility.getLocation()`. */
  readonly location: string;
  /** Java's message for this incompatibility, word for word (e.g. `[C]`, `expected: 8, found: 4`). */
  readonly message: string;
  /** The Meshkit rule that names this kind of break (one file per rule under `compat/rules/`). */
  readonly ruleId: string;
  /** The reader sub-schema involved, as JSON (only with `fragments: true`). */
  readonly readerFragment?: unknown;
  /** The writer sub-schema involved, as JSON (only with `fragments: true`). */
  readonly writerFragment?: unknown;
}

export interface CompatibilityResult {
  readonly compatible: boolean;
  readonly incompatibilities: readonly Incompatibility[];
}

export interface CompatibilityOptions {
  /** Stricter rules to run on top of Java's decision, e.g. `['decimal-precision-scale-changed']`. */
  readonly optIn?: readonly string[];
  /** Attach `readerFragment` and `writerFragment` (the sub-schemas as JSON) to each incompatibility. */
  readonly fragments?: boolean;
}

/**
 * What a rule module declares. Rules do not walk schemas themselves: the engine decides exactly
 * as Java does and asks the rules of the incompatibility's type which one names it. Opt-in rules
 * add a `checkPair` that runs on every reader/writer pair of the same type.
 */
export interface CompatRule {
  /** kebab-case, equal to the rule's file name. */
  readonly id: string;
  /** The Avro incompatibility type this rule reports. */
  readonly type: IncompatibilityType;
  readonly title: string;
  readonly purpose: string;
  /** How to fix a finding, in one or two sentences. */
  readonly fix: string;
  /** Off unless named in `CompatibilityOptions.optIn`; on rules decide as Apache Avro Java. */
  readonly optIn: boolean;
  /** A small reader/writer pair this rule reports, shown in the rule's docs page. */
  readonly example: { readonly reader: unknown; readonly writer: unknown };
  /** For types shared by several rules: whether this rule names the given pair. */
  readonly matches?: (reader: AvroNode, writer: AvroNode) => boolean;
  /** Opt-in rules only: a Java-style message when the same-typed pair breaks, else undefined. */
  readonly checkPair?: (reader: AvroNode, writer: AvroNode) => string | undefined;
}
