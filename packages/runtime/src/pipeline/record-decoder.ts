import avro from 'avsc';
import {
  checkAvroBinary,
  err,
  LOGICAL_TYPES,
  parseJsonRecord,
  readWireHeader,
  recordProblem,
  type JsonRecordLimits,
  type RecordProblem,
  type Result,
  type SchemaRegistry,
} from '@meshkit/core';

type Decoded = Result<unknown, RecordProblem>;

/** Turns a raw record value into a JS value in the JSON form of docs/fixtures.md. */
export interface RecordDecoder {
  /**
   * `json` when a value's bytes are the record's JSON text: a record that validates unchanged can
   * then go to the lake as those bytes, without being encoded again.
   */
  readonly format: 'json' | 'avro';
  /** The size and nesting limits a JSON decoder applies (the fast path applies the same). */
  readonly limits?: JsonRecordLimits;
  /** Synchronous where it can be (JSON): a promise per record costs more than the parse. */
  decode(value: Uint8Array | null): Decoded | Promise<Decoded>;
}

const nullValue = () =>
  err(recordProblem('RECORD_INVALID_JSON', 'record has no value (a tombstone)'));

export const createJsonDecoder = (limits: JsonRecordLimits = {}): RecordDecoder => ({
  format: 'json',
  limits,
  decode: (value) => (value === null ? nullValue() : parseJsonRecord(value, limits)),
});

const parseWriterSchema = (text: string): avro.Type =>
  avro.Type.forSchema(
    JSON.parse(text) as avro.Schema,
    {
      logicalTypes: LOGICAL_TYPES,
      wrapUnions: 'never',
    } as Partial<avro.ForSchemaOptions>,
  );

interface WriterEntry {
  writer?: avro.Type;
  resolver?: avro.Resolver;
  problem?: RecordProblem;
}

/**
 * Confluent wire format: the writer schema is fetched from the registry by id (once per id),
 * checked against the bytes without trusting any count, and resolved into the contract, so a
 * record written with an older compatible schema arrives in the contract's shape.
 */
export const createAvroDecoder = (
  contract: avro.Type,
  registry: SchemaRegistry,
  limits: { maxBytes?: number } = {},
): RecordDecoder => {
  const writers = new Map<number, Promise<WriterEntry>>();
  const maxBytes = limits.maxBytes ?? 1024 * 1024;
  const writerFor = (id: number): Promise<WriterEntry> => {
    let entry = writers.get(id);
    if (!entry) {
      entry = (async (): Promise<WriterEntry> => {
        const text = await registry.schemaById(id);
        if (text === undefined)
          return {
            problem: recordProblem(
              'AVRO_UNKNOWN_SCHEMA',
              `schema id ${id} is not in registry ${registry.location}`,
            ),
          };
        let writer: avro.Type;
        try {
          writer = parseWriterSchema(text);
        } catch (error) {
          return {
            problem: recordProblem(
              'AVRO_INCOMPATIBLE_SCHEMA',
              `schema id ${id} in registry ${registry.location} is not a valid Avro schema: ${error instanceof Error ? error.message : String(error)}`,
            ),
          };
        }
        try {
          return { writer, resolver: contract.createResolver(writer) };
        } catch (error) {
          return {
            problem: recordProblem(
              'AVRO_INCOMPATIBLE_SCHEMA',
              `schema id ${id} cannot be read as the contract: ${error instanceof Error ? error.message : String(error)}`,
            ),
          };
        }
      })();
      // A registry that is down is retried with the next batch, not remembered.
      entry.catch(() => writers.delete(id));
      writers.set(id, entry);
    }
    return entry;
  };
  const decode = async (value: Uint8Array | null): Promise<Decoded> => {
    if (value === null) return nullValue();
    if (value.length > maxBytes)
      return err(
        recordProblem(
          'RECORD_TOO_LARGE',
          `record of ${value.length} bytes is larger than the limit of ${maxBytes} bytes`,
        ),
      );
    const header = readWireHeader(value);
    if (!header.ok) return header;
    const entry = await writerFor(header.value.schemaId);
    if (entry.problem) return err(entry.problem);
    const body = Buffer.from(
      header.value.body.buffer,
      header.value.body.byteOffset,
      header.value.body.byteLength,
    );
    const checked = checkAvroBinary(entry.writer!, body);
    if (!checked.ok) return checked;
    try {
      return { ok: true, value: contract.fromBuffer(body, entry.resolver, true) as unknown };
    } catch (error) {
      return err(
        recordProblem(
          'AVRO_MALFORMED',
          `Avro record cannot be decoded: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  };
  return { format: 'avro', decode };
};
