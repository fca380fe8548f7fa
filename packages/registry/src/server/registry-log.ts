import { crc32 } from 'node:zlib';
import type { CompatibilityLevel } from '@meshkit/core';

export type RegistryMode = 'READWRITE' | 'READONLY' | 'READONLY_OVERRIDE' | 'IMPORT';
export const REGISTRY_MODES: readonly RegistryMode[] = [
  'READWRITE',
  'READONLY',
  'READONLY_OVERRIDE',
  'IMPORT',
];

/**
 * One change to the registry. The log holds these in order; replaying them rebuilds the state.
 * `schema` travels with every registration so a record stands on its own after compaction.
 */
export type RegistryRecord =
  | { op: 'register'; subject: string; version: number; id: number; schema: string }
  | { op: 'delete-version'; subject: string; version: number; permanent: boolean }
  | { op: 'delete-subject'; subject: string; permanent: boolean }
  | { op: 'config'; subject: string | null; level: CompatibilityLevel | null }
  | { op: 'mode'; subject: string | null; mode: RegistryMode | null };

/** Where records are kept. `append` resolves only once the record is durable. */
export interface RegistryLog {
  /** Every record written so far, oldest first (called once, before the first append). */
  replay(): Promise<RegistryRecord[]>;
  append(record: RegistryRecord): Promise<void>;
  /** Resolves when everything appended so far is durable. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const CRC_SUFFIX = /,"crc":"([0-9a-f]{8})"\}$/;

const crcHex = (text: string): string =>
  crc32(Buffer.from(text, 'utf8')).toString(16).padStart(8, '0');

/**
 * One JSON object per line: the record plus a `crc` over the record's exact JSON text, so a torn
 * or bit-flipped line is detected without trusting the JSON parser to round-trip bytes.
 */
export const encodeRecord = (record: RegistryRecord): string => {
  const body = JSON.stringify(record);
  return `${body.slice(0, -1)},"crc":"${crcHex(body)}"}\n`;
};

/** The record on one line (without its newline), or a reason it cannot be trusted. */
export const decodeRecord = (
  line: string,
): { ok: true; record: RegistryRecord } | { ok: false; reason: string } => {
  const match = CRC_SUFFIX.exec(line);
  if (!match) return { ok: false, reason: 'no checksum at the end of the line' };
  const body = `${line.slice(0, match.index)}}`;
  if (crcHex(body) !== match[1]) return { ok: false, reason: 'checksum mismatch' };
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed === null || typeof parsed !== 'object' || !('op' in parsed))
      return { ok: false, reason: 'not a registry record' };
    return { ok: true, record: parsed as RegistryRecord };
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
};
