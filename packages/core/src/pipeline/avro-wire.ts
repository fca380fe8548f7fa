import type avro from 'avsc';
import { err, ok, type Result } from '../errors/result.js';
import { recordProblem, type RecordProblem } from './record-problem.js';

/** Confluent wire format: magic byte 0, 4-byte big-endian schema id, then Avro binary. */
export const WIRE_MAGIC = 0;
export const WIRE_HEADER_BYTES = 5;

export const readWireHeader = (
  bytes: Uint8Array,
): Result<{ schemaId: number; body: Uint8Array }, RecordProblem> => {
  if (bytes.length < WIRE_HEADER_BYTES)
    return err(
      recordProblem(
        'AVRO_BAD_MAGIC',
        `record of ${bytes.length} bytes is too short for the Confluent wire format (magic byte 0 and a 4-byte schema id)`,
      ),
    );
  if (bytes[0] !== WIRE_MAGIC)
    return err(
      recordProblem(
        'AVRO_BAD_MAGIC',
        `record starts with byte ${bytes[0]}, not the Confluent magic byte 0: it was not written by an Avro serializer`,
      ),
    );
  const schemaId = ((bytes[1]! << 24) | (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]!) >>> 0;
  return ok({ schemaId, body: bytes.subarray(WIRE_HEADER_BYTES) });
};

export const writeWireHeader = (schemaId: number, body: Uint8Array): Buffer => {
  const out = Buffer.alloc(WIRE_HEADER_BYTES + body.length);
  out[0] = WIRE_MAGIC;
  out.writeUInt32BE(schemaId, 1);
  out.set(body, WIRE_HEADER_BYTES);
  return out;
};

interface AvscType {
  typeName: string;
  fields?: { type: AvscType }[];
  itemsType?: AvscType;
  valuesType?: AvscType;
  types?: AvscType[];
  symbols?: string[];
  size?: number;
  underlyingType?: AvscType;
}

class Malformed extends Error {}

/** Smallest encoding of a value of the type, in bytes; 0 for null and empty records. */
const minSize = (type: AvscType, seen = new Set<AvscType>()): number => {
  switch (type.typeName) {
    case 'null':
      return 0;
    case 'float':
      return 4;
    case 'double':
      return 8;
    case 'fixed':
      return type.size ?? 0;
    case 'record':
    case 'error': {
      if (seen.has(type)) return 1;
      seen.add(type);
      return (type.fields ?? []).reduce((n, f) => n + minSize(f.type, seen), 0);
    }
    default:
      if (type.typeName.startsWith('logical:') && type.underlyingType)
        return minSize(type.underlyingType, seen);
      return 1;
  }
};

export interface AvroBinaryLimits {
  /** Deepest nesting of records, arrays and maps. Default 64. */
  maxDepth?: number;
  /** Most items an array or map of zero-size values may claim. Default 100,000. */
  maxZeroSizeItems?: number;
}

/**
 * Walks Avro binary against the writer's schema without building values, checking every length
 * and count against the bytes that are actually there, before avsc decodes it. avsc trusts
 * counts: an array claiming two billion items would loop two billion times. With this check,
 * any input costs time and memory in proportion to its length.
 */
export const checkAvroBinary = (
  writer: avro.Type,
  body: Uint8Array,
  limits: AvroBinaryLimits = {},
): Result<void, RecordProblem> => {
  const maxDepth = limits.maxDepth ?? 64;
  const maxZero = limits.maxZeroSizeItems ?? 100_000;
  let pos = 0;
  const need = (n: number, what: string) => {
    if (n < 0 || pos + n > body.length)
      throw new Malformed(
        `${what} needs ${n} bytes at byte ${pos}, but only ${body.length - pos} remain`,
      );
  };
  const readLong = (): number => {
    let result = 0;
    let shift = 1;
    let b: number;
    let i = 0;
    do {
      need(1, 'a varint');
      b = body[pos++]!;
      result += (b & 0x7f) * shift;
      shift *= 128;
      if (++i > 10) throw new Malformed(`varint longer than 10 bytes at byte ${pos}`);
    } while (b & 0x80);
    // Zig-zag decoding in float arithmetic: exact for the magnitudes that matter here.
    return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
  };
  const blocks = (itemMin: number, item: () => void, what: string) => {
    for (;;) {
      let count = readLong();
      if (count === 0) return;
      if (count < 0) {
        count = -count;
        readLong();
      }
      if (itemMin > 0 && count * itemMin > body.length - pos)
        throw new Malformed(
          `${what} block claims ${count} items at byte ${pos}, more than the ${body.length - pos} remaining bytes can hold`,
        );
      if (itemMin === 0 && count > maxZero)
        throw new Malformed(
          `${what} block claims ${count} empty items, more than the limit of ${maxZero}`,
        );
      for (let i = 0; i < count; i++) item();
    }
  };
  const walk = (type: AvscType, depth: number): void => {
    if (depth > maxDepth) throw new Malformed(`values nest deeper than the limit of ${maxDepth}`);
    switch (type.typeName) {
      case 'null':
        return;
      case 'boolean':
        need(1, 'a boolean');
        pos++;
        return;
      case 'int':
      case 'long':
        readLong();
        return;
      case 'float':
        need(4, 'a float');
        pos += 4;
        return;
      case 'double':
        need(8, 'a double');
        pos += 8;
        return;
      case 'bytes':
      case 'string': {
        const n = readLong();
        need(n, `a ${type.typeName} of ${n} bytes`);
        pos += n;
        return;
      }
      case 'fixed':
        need(type.size ?? 0, 'a fixed value');
        pos += type.size ?? 0;
        return;
      case 'enum': {
        const i = readLong();
        if (i < 0 || i >= (type.symbols?.length ?? 0))
          throw new Malformed(`enum index ${i} is out of range`);
        return;
      }
      case 'record':
      case 'error':
        for (const f of type.fields ?? []) walk(f.type, depth + 1);
        return;
      case 'array': {
        const items = type.itemsType!;
        blocks(minSize(items), () => walk(items, depth + 1), 'array');
        return;
      }
      case 'map': {
        const values = type.valuesType!;
        blocks(
          1 + minSize(values),
          () => {
            const n = readLong();
            need(n, `a map key of ${n} bytes`);
            pos += n;
            walk(values, depth + 1);
          },
          'map',
        );
        return;
      }
      default: {
        if (type.typeName.startsWith('union')) {
          const i = readLong();
          const branch = type.types?.[i];
          if (!branch) throw new Malformed(`union branch ${i} does not exist`);
          walk(branch, depth + 1);
          return;
        }
        if (type.underlyingType) {
          walk(type.underlyingType, depth);
          return;
        }
        throw new Malformed(`cannot check Avro type ${type.typeName}`);
      }
    }
  };
  try {
    walk(writer as unknown as AvscType, 0);
    if (pos !== body.length)
      throw new Malformed(`${body.length - pos} bytes left over after the record`);
    return ok(undefined);
  } catch (error) {
    if (error instanceof Malformed)
      return err(recordProblem('AVRO_MALFORMED', `Avro record is malformed: ${error.message}`));
    throw error;
  }
};
