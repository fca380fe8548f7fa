/**
 * Why one record was rejected by a pipeline. The code is stable (it goes into the dead-letter
 * header `mesh.error.code`); the pointer is the JSON Pointer of the first violation in the record
 * (RFC 6901, '' for the whole record).
 */
export type RecordErrorCode =
  | 'RECORD_TOO_LARGE'
  | 'RECORD_INVALID_UTF8'
  | 'RECORD_INVALID_JSON'
  | 'RECORD_TOO_DEEP'
  | 'RECORD_FORBIDDEN_KEY'
  | 'RECORD_NOT_AN_OBJECT'
  | 'AVRO_BAD_MAGIC'
  | 'AVRO_UNKNOWN_SCHEMA'
  | 'AVRO_MALFORMED'
  | 'AVRO_INCOMPATIBLE_SCHEMA'
  | 'CONTRACT_VIOLATION'
  | 'TRANSFORM_FAILED'
  | 'RECORD_UNWRITABLE';

export interface Violation {
  /** JSON Pointer into the record, e.g. `/lines/0/quantity`. */
  pointer: string;
  message: string;
}

export interface RecordProblem {
  code: RecordErrorCode;
  message: string;
  /** JSON Pointer of the first violation ('' for the whole record). */
  pointer: string;
  /** Every violation found, for contract violations; at least one entry. */
  violations: Violation[];
}

export const recordProblem = (
  code: RecordErrorCode,
  message: string,
  pointer = '',
  violations: Violation[] = [{ pointer, message }],
): RecordProblem => ({ code, message, pointer, violations });

/** Escapes one reference token of a JSON Pointer (RFC 6901). */
export const pointerToken = (token: string | number): string =>
  typeof token === 'number' ? String(token) : token.replace(/~/g, '~0').replace(/\//g, '~1');
