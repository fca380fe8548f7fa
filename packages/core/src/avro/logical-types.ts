import avro from 'avsc';

/**
 * The logical types contracts use, for avsc. Values on the JavaScript side are JSON-friendly, as
 * they arrive in JSON records and fixtures: decimals as strings ("12.50") or numbers, dates as
 * "YYYY-MM-DD", timestamps as ISO-8601 strings or epoch numbers, uuids as strings.
 */

const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * True when a decimal in text form ("-12.50") fits `precision` and `scale`: what DecimalType
 * accepts, without its BigInt work, for checks that run per record.
 */
export const decimalTextFits = (precision: number, scale: number, text: string): boolean => {
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return false;
  const frac = m[3] ?? '';
  if (frac.length > scale) return false;
  const int = m[2]!.replace(/^0+(?=\d)/, '');
  return (int === '0' ? 0 : int.length) + scale <= precision;
};

class DecimalType extends avro.types.LogicalType {
  readonly precision: number;
  readonly scale: number;
  private readonly size: number | undefined;

  constructor(schema: avro.Schema, opts?: unknown) {
    super(schema, opts);
    const s = schema as { precision?: unknown; scale?: unknown; size?: unknown };
    const precision = s.precision;
    const scale = s.scale ?? 0;
    if (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 1)
      throw new Error('decimal "precision" must be a positive integer');
    if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > precision)
      throw new Error('decimal "scale" must be an integer between 0 and precision');
    this.precision = precision;
    this.scale = scale;
    this.size = typeof s.size === 'number' ? s.size : undefined;
  }

  /** The unscaled value, refusing anything that does not fit precision and scale. */
  private unscaled(value: unknown): bigint {
    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    if (typeof text !== 'string') throw new Error('not a decimal');
    const m = DECIMAL_TEXT.exec(text);
    if (!m) throw new Error('not a decimal');
    const [, sign, int = '', frac = ''] = m;
    if (frac.length > this.scale) throw new Error('too many decimal places');
    const digits = (int + frac.padEnd(this.scale, '0')).replace(/^0+(?=\d)/, '');
    if (digits.length > this.precision) throw new Error('too many digits');
    const n = BigInt(digits);
    return sign === '-' ? -n : n;
  }

  protected override _toValue(value: unknown): Buffer | undefined {
    if (Buffer.isBuffer(value)) return value;
    let n: bigint;
    try {
      n = this.unscaled(value);
    } catch {
      return undefined;
    }
    // Two's-complement big-endian, the minimal length (bytes) or exactly `size` (fixed).
    const bytes: number[] = [];
    let v = n;
    do {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (!(v === 0n && (bytes[0]! & 0x80) === 0) && !(v === -1n && (bytes[0]! & 0x80) !== 0));
    if (this.size !== undefined) {
      if (bytes.length > this.size) return undefined;
      while (bytes.length < this.size) bytes.unshift(n < 0n ? 0xff : 0);
    }
    return Buffer.from(bytes);
  }

  protected override _fromValue(buf: Buffer): string {
    let n = 0n;
    for (const b of buf) n = (n << 8n) | BigInt(b);
    if (buf.length > 0 && (buf[0]! & 0x80) !== 0) n -= 1n << BigInt(buf.length * 8);
    const negative = n < 0n;
    const digits = (negative ? -n : n).toString().padStart(this.scale + 1, '0');
    const int = digits.slice(0, digits.length - this.scale);
    const frac = this.scale > 0 ? `.${digits.slice(digits.length - this.scale)}` : '';
    return `${negative ? '-' : ''}${int}${frac}`;
  }

  // avsc hands `_resolve`'s function the writer's value as the writer type reads it: already a
  // decimal string when the writer is this logical type, so it passes through unchanged.
  protected override _resolve(type: avro.Type): ((v: string) => string) | undefined {
    if (
      type instanceof DecimalType &&
      type.precision === this.precision &&
      type.scale === this.scale
    )
      return (v) => v;
    return undefined;
  }

  protected override _export(schema: avro.Schema): void {
    const s = schema as { precision?: number; scale?: number };
    s.precision = this.precision;
    s.scale = this.scale;
  }
}

const DAY_MS = 86_400_000;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * True for `YYYY-MM-DD` naming a real day of the proleptic Gregorian calendar (the one
 * JavaScript's Date and Avro's date use): 2024-02-29 is one, 2023-02-29 and 1990-02-30 are not.
 * Validation runs per record, so this is plain arithmetic rather than a Date round trip.
 */
export const isDateText = (text: string): boolean => {
  const m = DATE_TEXT.exec(text);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
};

/** A day of the proleptic Gregorian calendar: month 1 to 12, day within the month. */
const isRealDay = (year: number, month: number, day: number): boolean => {
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
};

class DateType extends avro.types.LogicalType {
  protected override _toValue(value: unknown): number | undefined {
    if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
    if (typeof value !== 'string' || !isDateText(value)) return undefined;
    return Date.parse(`${value}T00:00:00Z`) / DAY_MS;
  }
  protected override _fromValue(days: number): string {
    return new Date(days * DAY_MS).toISOString().slice(0, 10);
  }
  protected override _resolve(type: avro.Type): ((v: unknown) => unknown) | undefined {
    if (type instanceof DateType) return (v) => v;
    if (type.typeName === 'int') return (v) => this._fromValue(v as number);
    return undefined;
  }
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch milliseconds of an ISO-8601 timestamp with a zone, or NaN when it is not one. */
export const timestampTextMillis = (text: string): number =>
  ISO_TIMESTAMP.test(text) ? Date.parse(text) : Number.NaN;

const timestampType = (perMilli: number) =>
  class TimestampType extends avro.types.LogicalType {
    protected override _toValue(value: unknown): number | undefined {
      if (value instanceof Date)
        return Number.isNaN(value.getTime()) ? undefined : value.getTime() * perMilli;
      if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
      const ms = typeof value === 'string' ? timestampTextMillis(value) : Number.NaN;
      return Number.isNaN(ms) ? undefined : ms * perMilli;
    }
    protected override _fromValue(value: number): string {
      return new Date(Math.floor(value / perMilli)).toISOString();
    }
    protected override _resolve(type: avro.Type): ((v: unknown) => unknown) | undefined {
      // Millis and micros differ in unit: only the same logical type (or a plain long) resolves.
      if (type instanceof TimestampType) return (v) => v;
      if (type.typeName === 'long') return (v) => this._fromValue(v as number);
      return undefined;
    }
  };

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuidText = (text: string): boolean => UUID_TEXT.test(text);

/**
 * The text checks above, on a text's bytes (`b[start..end)`, printable ASCII), for the pipeline's
 * JSON fast path (pipeline/json-record-scan.ts): no string is made per record. Each says true only
 * where its text counterpart does; the timestamp check takes only the common UTC forms
 * (`YYYY-MM-DDTHH:MM:SSZ`, with milliseconds or not) and leaves the rest to the text check.
 */
export const logicalTextBytes = {
  uuid: (b: Uint8Array, start: number, end: number): boolean => {
    if (end - start !== 36) return false;
    for (let k = 0; k < 36; k++) {
      const c = b[start + k]!;
      if (k === 8 || k === 13 || k === 18 || k === 23) {
        if (c !== 0x2d) return false;
      } else if (HEX_DIGIT[c] === 0) return false;
    }
    return true;
  },
  date: (b: Uint8Array, start: number, end: number): boolean =>
    end - start === 10 && dateBytesValid(b, start),
  /** Epoch milliseconds of a common-form UTC timestamp, or NaN when it is not one. */
  timestampMillis: (b: Uint8Array, start: number, end: number): number => {
    const n = end - start;
    if (n !== 20 && n !== 24) return Number.NaN;
    if (!dateBytesValid(b, start) || b[start + 10] !== 0x54 || b[end - 1] !== 0x5a)
      return Number.NaN;
    const at = start + 11;
    if (b[at + 2] !== 0x3a || b[at + 5] !== 0x3a) return Number.NaN;
    const hour = digits(b, at, 2);
    const minute = digits(b, at + 3, 2);
    const second = digits(b, at + 6, 2);
    let milli = 0;
    if (n === 24) {
      if (b[at + 8] !== 0x2e) return Number.NaN;
      milli = digits(b, at + 9, 3);
    }
    const year = digits(b, start, 4);
    // Date.UTC reads years below 100 as 19xx: those are left to the text check.
    if (!(year >= 100 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) return Number.NaN;
    if (!(second >= 0 && second <= 59 && milli >= 0)) return Number.NaN;
    return Date.UTC(
      year,
      digits(b, start + 5, 2) - 1,
      digits(b, start + 8, 2),
      hour,
      minute,
      second,
      milli,
    );
  },
  decimalFits: (
    precision: number,
    scale: number,
    b: Uint8Array,
    start: number,
    end: number,
  ): boolean => {
    let i = start;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    // Leading zeros do not count towards the precision; a lone zero counts as none.
    while (i + 1 < end && b[i] === 0x30 && isDigitByte(b[i + 1])) i++;
    const intStart = i;
    while (i < end && isDigitByte(b[i])) i++;
    if (i === intStart) return false;
    const intDigits = i - intStart === 1 && b[intStart] === 0x30 ? 0 : i - intStart;
    if (i < end) {
      if (b[i] !== 0x2e) return false;
      const fracStart = ++i;
      while (i < end && isDigitByte(b[i])) i++;
      if (i !== end || i === fracStart || i - fracStart > scale) return false;
    }
    return intDigits + scale <= precision;
  },
};

/**
 * The checks of a logical type's text form, on a string (validate-record.ts) and on bytes (the
 * JSON fast path), for the logical types records carry as text: uuid, date, timestamp-millis and
 * -micros, decimal on bytes. Undefined for the others, which go through avsc.
 */
export interface LogicalTextCheck {
  text(value: string): boolean;
  bytes(b: Uint8Array, start: number, end: number): boolean;
}

export const logicalTextCheck = (type: {
  typeName: string;
  underlyingType?: { typeName: string };
  precision?: number;
  scale?: number;
}): LogicalTextCheck | undefined => {
  const logical = type.typeName.slice('logical:'.length);
  const underlying = type.underlyingType?.typeName;
  if (logical === 'uuid' && underlying === 'string')
    return { text: isUuidText, bytes: logicalTextBytes.uuid };
  if (logical === 'date' && underlying === 'int')
    return { text: isDateText, bytes: logicalTextBytes.date };
  if (logical.includes('timestamp-') && underlying === 'long') {
    const perMilli = logical.endsWith('-micros') ? 1000 : 1;
    return {
      text: (v) => Number.isSafeInteger(timestampTextMillis(v) * perMilli),
      bytes: (b, start, end) =>
        Number.isSafeInteger(logicalTextBytes.timestampMillis(b, start, end) * perMilli),
    };
  }
  if (logical === 'decimal' && underlying === 'bytes' && type.precision !== undefined) {
    const { precision, scale = 0 } = type;
    return {
      text: (v) => decimalTextFits(precision, scale, v),
      bytes: (b, start, end) => logicalTextBytes.decimalFits(precision, scale, b, start, end),
    };
  }
  return undefined;
};

/** 1 for the bytes of hexadecimal digits, either case. */
export const HEX_DIGIT = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX_DIGIT[c.charCodeAt(0)] = 1;

const isDigitByte = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/** The value of `count` decimal digits at `at`, or -1 when one is not a digit. */
const digits = (b: Uint8Array, at: number, count: number): number => {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const c = b[at + k];
    if (!isDigitByte(c)) return -1;
    value = value * 10 + (c! - 0x30);
  }
  return value;
};

/** `YYYY-MM-DD` at `at` naming a real day, as isDateText decides. */
const dateBytesValid = (b: Uint8Array, at: number): boolean =>
  b[at + 4] === 0x2d &&
  b[at + 7] === 0x2d &&
  isRealDay(digits(b, at, 4), digits(b, at + 5, 2), digits(b, at + 8, 2));

class UuidType extends avro.types.LogicalType {
  protected override _toValue(value: unknown): string | undefined {
    return typeof value === 'string' && isUuidText(value) ? value : undefined;
  }
  protected override _fromValue(value: string): string {
    return value;
  }
  protected override _resolve(type: avro.Type): ((v: string) => string) | undefined {
    return type instanceof UuidType || type.typeName === 'string' ? (v) => v : undefined;
  }
}

type LogicalTypeClass = new (schema: avro.Schema, opts?: unknown) => avro.types.LogicalType;

export const LOGICAL_TYPES: Record<string, LogicalTypeClass> = {
  decimal: DecimalType,
  date: DateType,
  'timestamp-millis': timestampType(1),
  'timestamp-micros': timestampType(1000),
  'local-timestamp-millis': timestampType(1),
  'local-timestamp-micros': timestampType(1000),
  uuid: UuidType,
};
