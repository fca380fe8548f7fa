import { parseAvroContract } from '@meshkit/core';
import type { CompatibilityLevel } from '@meshkit/core';
import { registryCanonicalForm } from './schema-identity.js';

/** One reason a candidate schema cannot be read with (or read) an earlier one. */
export interface SchemaIncompatibility {
  /** Avro's incompatibility type, e.g. READER_FIELD_MISSING_DEFAULT_VALUE. */
  type: string;
  /** JSON Pointer into the schema, e.g. `/fields/3/type`. */
  location: string;
  message: string;
  ruleId: string;
  /** Index, in the list checked against, of the earlier schema this concerns (oldest first). */
  against?: number;
}

export interface LevelVerdict {
  compatible: boolean;
  incompatibilities: SchemaIncompatibility[];
}

/**
 * What the registry needs from the compatibility engine. Schemas are passed as parsed Avro JSON.
 * Injected, so the server can be tested against any engine and core stays free of HTTP.
 */
export interface CompatibilityChecker {
  checkLevel(
    level: CompatibilityLevel,
    existingOldestFirst: readonly unknown[],
    candidate: unknown,
  ): LevelVerdict;
}

export interface ParsedSchema {
  /** The schema as JSON. */
  json: unknown;
  /** Compact text as stored and returned by the API. */
  text: string;
  /** The identity key: equal keys mean one id (see schema-identity.ts). */
  canonical: string;
}

/** Parses and validates schema text with core's Avro model (avsc with Meshkit's logical types). */
export const parseRegistrySchema = (
  text: string,
): { ok: true; value: ParsedSchema } | { ok: false; error: string } => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `the schema is not JSON: ${(error as Error).message}` };
  }
  const parsed = parseAvroContract(json);
  if (!parsed.ok)
    return {
      ok: false,
      error: `${parsed.error.message}${parsed.error.pointer ? ` (at ${parsed.error.pointer})` : ''}`,
    };
  return {
    ok: true,
    value: { json, text: JSON.stringify(json), canonical: registryCanonicalForm(json) },
  };
};
