import { parseAvroSchema } from '@meshkit/core';
import type { AvroSchemaModel, CompatibilityChecker } from '@meshkit/core';
import { registryCanonicalForm } from './schema-identity.js';

/** What the registry needs of core's compatibility engine; injected so tests can swap it. */
export type RegistryCompatibilityChecker = Pick<CompatibilityChecker, 'checkLevel'>;

export interface ParsedSchema {
  /** The schema as JSON. */
  json: unknown;
  /** Core's parsed model, handed to the checker so the schema is not parsed twice. */
  model: AvroSchemaModel;
  /** Compact text as stored and returned by the API. */
  text: string;
  /** The identity key: equal keys mean one id (see schema-identity.ts). */
  canonical: string;
}

/**
 * Parses and validates schema text with core's Avro parser, which accepts and rejects what
 * Apache Avro Java's `Schema.Parser` (and so Confluent's registry) does, and reports every
 * problem with a JSON Pointer.
 */
export const parseRegistrySchema = (
  text: string,
): { ok: true; value: ParsedSchema } | { ok: false; error: string } => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `the schema is not JSON: ${(error as Error).message}` };
  }
  const parsed = parseAvroSchema(json);
  if (!parsed.ok) {
    const shown = parsed.error
      .slice(0, 5)
      .map((e) => `${e.pointer || '/'}: ${e.message}`)
      .join('; ');
    const more = parsed.error.length > 5 ? ` (and ${parsed.error.length - 5} more)` : '';
    return { ok: false, error: `${shown}${more}` };
  }
  return {
    ok: true,
    value: {
      json,
      model: parsed.value,
      text: JSON.stringify(json),
      canonical: registryCanonicalForm(json),
    },
  };
};
