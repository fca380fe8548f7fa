import type avro from 'avsc';
import {
  DEFAULT_MAX_RECORD_BYTES,
  DEFAULT_MAX_RECORD_DEPTH,
  FORBIDDEN_JSON_KEYS,
  type JsonRecordLimits,
} from './parse-json-record.js';
import { HEX_DIGIT, logicalTextCheck } from '../avro/logical-types.js';

/**
 * The fast path for JSON records: one pass over a record's bytes that answers "this is a valid
 * record of the contract, already in the contract's form, on one line" without building it.
 *
 * A pipeline parses and validates each record only to learn that it is good and to send its bytes
 * on unchanged (validate-record.ts keeps a record that needs no rewriting as the very object it
 * was given). For the common record, a scan specialised to the contract gives that answer at a
 * fraction of the cost of `JSON.parse` plus validation, and allocates nothing per record.
 *
 * The scan is an accelerator, never a judge: it says `true` only when parseJsonRecord would parse
 * the bytes and validateRecord would accept the result unchanged, and otherwise says `false`
 * ("not sure"), after which the record takes the full path that reports every violation. So it
 * gives up on anything unusual rather than reproducing the full path's rules: keys with escapes,
 * characters outside ASCII in checked strings, fields left to their defaults, numbers the
 * contract's type would have to convert, unions with more than one non-null branch, bytes and
 * fixed values. The property test in json-record-scan.test.ts holds it to that promise.
 */
export interface JsonRecordScanner {
  /** True when the bytes are a valid record in the contract's form (see above). */
  scan(bytes: Uint8Array): boolean;
  /** A top-level field's position in the contract, -1 for none: the `f` of the methods below. */
  fieldIndex(name: string): number;
  /** Where field `f`'s JSON text starts in the bytes of the last scan (when it said true). */
  start(f: number): number;
  /** Where field `f`'s JSON text ends (exclusive) in the bytes of the last scan. */
  end(f: number): number;
  /** Field `f`'s value in the bytes of the last scan: what the full path would give. */
  value(bytes: Uint8Array, f: number): unknown;
}

/** Next position after a value starting at `i`, or FAIL. */
type Scan = (b: Uint8Array, i: number, depth: number) => number;

const FAIL = -1;
/** The scan of a type whose values always take the full path (bytes, fixed, wide unions...). */
const never: Scan = () => FAIL;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** Keys parseJsonRecord refuses anywhere in a record. */
const FORBIDDEN_KEYS = FORBIDDEN_JSON_KEYS.map((k) => Buffer.from(k));

const utf8 = new TextDecoder();
const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1');

/**
 * Whitespace between tokens. Line breaks are left out on purpose: a record on more than one line
 * is not a line of newline-delimited JSON as it is, so it takes the full path.
 */
const skipSpace = (b: Uint8Array, i: number): number => {
  let c = b[i];
  while (c === 0x20 || c === 0x09) c = b[++i];
  return i;
};

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= ZERO && c <= NINE;
const isHex = (c: number | undefined): boolean => c !== undefined && HEX_DIGIT[c] === 1;

const literal = (bytes: Uint8Array): Scan => {
  const n = bytes.length;
  return (b, i) => {
    for (let k = 0; k < n; k++) if (b[i + k] !== bytes[k]) return FAIL;
    return i + n;
  };
};

/**
 * One UTF-8 sequence starting with the lead byte at `i` (>= 0x80), checked as a fatal
 * TextDecoder checks it: no overlong forms, no surrogates, nothing above U+10FFFF.
 */
const utf8Sequence = (b: Uint8Array, i: number): number => {
  const lead = b[i]!;
  let more: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) more = 1;
  else if (lead >= 0xe0 && lead <= 0xef) {
    more = 2;
    if (lead === 0xe0) low = 0xa0;
    else if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    more = 3;
    if (lead === 0xf0) low = 0x90;
    else if (lead === 0xf4) high = 0x8f;
  } else return FAIL;
  const second = b[i + 1];
  if (second === undefined || second < low || second > high) return FAIL;
  for (let k = 2; k <= more; k++) {
    const c = b[i + k];
    if (c === undefined || c < 0x80 || c > 0xbf) return FAIL;
  }
  return i + 1 + more;
};

/** Any JSON string: escapes and UTF-8 checked, content not. */
const anyString: Scan = (b, i) => {
  if (b[i] !== QUOTE) return FAIL;
  const n = b.length;
  i++;
  while (i < n) {
    const c = b[i]!;
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      const e = b[i + 1];
      if (e === 0x75) {
        if (!(isHex(b[i + 2]) && isHex(b[i + 3]) && isHex(b[i + 4]) && isHex(b[i + 5])))
          return FAIL;
        i += 6;
      } else if (
        e === QUOTE ||
        e === BACKSLASH ||
        e === 0x2f ||
        e === 0x62 ||
        e === 0x66 ||
        e === 0x6e ||
        e === 0x72 ||
        e === 0x74
      )
        i += 2;
      else return FAIL;
    } else if (c < 0x20) return FAIL;
    else if (c >= 0x80) {
      i = utf8Sequence(b, i);
      if (i === FAIL) return FAIL;
    } else i++;
  }
  return FAIL;
};

/**
 * End of a string of printable ASCII without escapes starting at `i` (the opening quote), just
 * past its closing quote; FAIL for anything else. Keys, symbols and logical texts are read this
 * way: their checks compare bytes.
 */
const plainString = (b: Uint8Array, i: number): number => {
  if (b[i] !== QUOTE) return FAIL;
  const n = b.length;
  for (i++; i < n; i++) {
    const c = b[i]!;
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH || c < 0x20 || c >= 0x80) return FAIL;
  }
  return FAIL;
};

const sameBytes = (b: Uint8Array, start: number, end: number, bytes: Uint8Array): boolean => {
  if (end - start !== bytes.length) return false;
  for (let k = 0; k < bytes.length; k++) if (b[start + k] !== bytes[k]) return false;
  return true;
};

const isForbiddenKey = (b: Uint8Array, start: number, end: number): boolean =>
  FORBIDDEN_KEYS.some((k) => sameBytes(b, start, end, k));

/** A string whose text (printable ASCII, no escapes) must pass `test`, given its bytes. */
const checkedString =
  (test: (b: Uint8Array, start: number, end: number) => boolean): Scan =>
  (b, i) => {
    const end = plainString(b, i);
    return end !== FAIL && test(b, i + 1, end - 1) ? end : FAIL;
  };

/**
 * A JSON number without fraction or exponent, as validate-record's int (value === value | 0) and
 * avsc's long (a safe integer) take it unchanged. `-0` is left to the full path.
 */
const integer =
  (maxDigits: number, max: number): Scan =>
  (b, i) => {
    const negative = b[i] === MINUS;
    if (negative) i++;
    const start = i;
    if (b[i] === ZERO) {
      if (negative) return FAIL;
      i++;
    } else while (isDigit(b[i])) i++;
    const digits = i - start;
    if (digits === 0 || digits > maxDigits) return FAIL;
    const next = b[i];
    if (next === DOT || next === 0x65 || next === 0x45 || isDigit(next)) return FAIL;
    if (digits === maxDigits) {
      let value = 0;
      for (let k = start; k < i; k++) value = value * 10 + (b[k]! - ZERO);
      if (value > max + (negative ? 1 : 0)) return FAIL;
    }
    return i;
  };

/** Any JSON number: avsc's float and double take every number JSON.parse gives. */
const anyNumber: Scan = (b, i) => {
  if (b[i] === MINUS) i++;
  if (b[i] === ZERO) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return FAIL;
  if (b[i] === DOT) {
    i++;
    if (!isDigit(b[i])) return FAIL;
    while (isDigit(b[i])) i++;
  }
  const e = b[i];
  if (e === 0x65 || e === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === MINUS) i++;
    if (!isDigit(b[i])) return FAIL;
    while (isDigit(b[i])) i++;
  }
  return isDigit(b[i]) ? FAIL : i;
};

/**
 * A container of `element`s between `open` and `close`, separated by commas: an array's items or
 * a map's entries. It counts as one level of nesting.
 */
const sequence =
  (open: number, close: number, element: Scan, maxDepth: number): Scan =>
  (b, i, depth) => {
    if (b[i] !== open || depth >= maxDepth) return FAIL;
    i = skipSpace(b, i + 1);
    if (b[i] === close) return i + 1;
    for (;;) {
      i = element(b, i, depth + 1);
      if (i === FAIL) return FAIL;
      i = skipSpace(b, i);
      if (b[i] === close) return i + 1;
      if (b[i] !== COMMA) return FAIL;
      i = skipSpace(b, i + 1);
    }
  };

/** The parts of avsc's type classes the scan reads (avsc's typings do not declare them). */
interface AvscType {
  typeName: string;
  fields?: { name: string; type: AvscType }[];
  itemsType?: AvscType;
  valuesType?: AvscType;
  types?: AvscType[];
  symbols?: string[];
  precision?: number;
  scale?: number;
  underlyingType?: AvscType;
}

/** Where the top-level record's field values lie in the last scanned record: start, end pairs. */
interface Capture {
  ranges: Int32Array;
}

class Compiler {
  private readonly scans = new Map<AvscType, Scan>();

  constructor(private readonly maxDepth: number) {}

  compile(type: AvscType): Scan {
    const known = this.scans.get(type);
    if (known) return known;
    // A recursive type meets itself while being built: it gets a forwarder to the finished scan.
    const finished: { scan?: Scan } = {};
    this.scans.set(type, (b, i, d) => finished.scan!(b, i, d));
    const scan = (finished.scan = this.build(type));
    this.scans.set(type, scan);
    return scan;
  }

  private build(type: AvscType): Scan {
    switch (type.typeName) {
      case 'record':
      case 'error':
        return this.record(type);
      case 'array':
        return this.array(type);
      case 'map':
        return this.map(type);
      case 'union:unwrapped':
        return this.union(type);
      case 'enum': {
        const symbols = type.symbols!.map(ascii);
        return (b, i) => {
          const end = plainString(b, i);
          if (end === FAIL) return FAIL;
          for (const s of symbols) if (sameBytes(b, i + 1, end - 1, s)) return end;
          return FAIL;
        };
      }
      case 'null':
        return literal(ascii('null'));
      case 'boolean': {
        const yes = literal(ascii('true'));
        const no = literal(ascii('false'));
        return (b, i) => (b[i] === 0x74 ? yes(b, i, 0) : no(b, i, 0));
      }
      case 'string':
        return anyString;
      case 'int':
        return integer(10, 2 ** 31 - 1);
      case 'long':
        return integer(15, 999_999_999_999_999);
      case 'float':
      case 'double':
        return anyNumber;
      default:
        return type.typeName.startsWith('logical:') ? this.logical(type) : never;
    }
  }

  /** The text forms validate-record keeps as they are; numbers would be rewritten, so they fail. */
  private logical(type: AvscType): Scan {
    const check = logicalTextCheck(type);
    return check ? checkedString(check.bytes) : never;
  }

  private union(type: AvscType): Scan {
    const branches = type.types ?? [];
    const nonNull = branches.filter((t) => t.typeName !== 'null');
    // With several non-null branches the first that takes the value wins, and may rewrite it:
    // only null is read here then.
    const branch = nonNull.length === 1 ? this.compile(nonNull[0]!) : never;
    if (nonNull.length === branches.length) return branch;
    const isNull = literal(ascii('null'));
    return (b, i, d) => (b[i] === 0x6e ? isNull(b, i, d) : branch(b, i, d));
  }

  private array(type: AvscType): Scan {
    return sequence(OPEN_BRACKET, CLOSE_BRACKET, this.compile(type.itemsType!), this.maxDepth);
  }

  private map(type: AvscType): Scan {
    const values = this.compile(type.valuesType!);
    const entry: Scan = (b, i, depth) => {
      const keyEnd = plainString(b, i);
      if (keyEnd === FAIL || isForbiddenKey(b, i + 1, keyEnd - 1)) return FAIL;
      i = skipSpace(b, keyEnd);
      return b[i] === COLON ? values(b, skipSpace(b, i + 1), depth) : FAIL;
    };
    return sequence(OPEN_BRACE, CLOSE_BRACE, entry, this.maxDepth);
  }

  /**
   * A record with every field present once and no other key (a missing field would take its
   * default, an unknown one is refused: both leave the fast path). With `capture`, the record
   * notes where each field's value lies.
   */
  record(type: AvscType, capture?: Capture): Scan {
    const fields = type.fields ?? [];
    const names = fields.map((f) => ascii(f.name));
    // parseJsonRecord refuses such a key even where the contract declares it.
    if (names.some((n) => isForbiddenKey(n, 0, n.length))) return never;
    const maxDepth = this.maxDepth;
    const scans: Scan[] = [];
    // Built after the forwarder is registered, so a recursive field finds it.
    const self: Scan = (b, i, depth) => {
      if (b[i] !== OPEN_BRACE || depth >= maxDepth) return FAIL;
      i = skipSpace(b, i + 1);
      const n = names.length;
      if (b[i] === CLOSE_BRACE) return n === 0 ? i + 1 : FAIL;
      // Which fields were met: bits for the usual record, a byte per field for a wide one.
      let seen = 0;
      const wide = n > 30 ? new Uint8Array(n) : undefined;
      let met = 0;
      let expected = 0;
      for (;;) {
        const keyEnd = plainString(b, i);
        if (keyEnd === FAIL) return FAIL;
        // Producers mostly write fields in the contract's order: try the next one first.
        let f = -1;
        for (let k = 0; k < n; k++) {
          const candidate = expected + k < n ? expected + k : expected + k - n;
          if (sameBytes(b, i + 1, keyEnd - 1, names[candidate]!)) {
            f = candidate;
            break;
          }
        }
        if (f === -1) return FAIL;
        if (wide) {
          if (wide[f]) return FAIL;
          wide[f] = 1;
        } else {
          if (seen & (1 << f)) return FAIL;
          seen |= 1 << f;
        }
        met++;
        expected = f + 1;
        i = skipSpace(b, keyEnd);
        if (b[i] !== COLON) return FAIL;
        const start = skipSpace(b, i + 1);
        i = scans[f]!(b, start, depth + 1);
        if (i === FAIL) return FAIL;
        if (capture) {
          capture.ranges[2 * f] = start;
          capture.ranges[2 * f + 1] = i;
        }
        i = skipSpace(b, i);
        if (b[i] === CLOSE_BRACE) return met === n ? i + 1 : FAIL;
        if (b[i] !== COMMA) return FAIL;
        i = skipSpace(b, i + 1);
      }
    };
    if (!capture) this.scans.set(type, self);
    for (const f of fields) scans.push(this.compile(f.type));
    return self;
  }
}

/**
 * The fast path for records of `type`, or undefined when its top level is not a record. Values of
 * types the scan does not take (bytes, fixed, unions of several non-null branches, numbers for
 * logical types) send the record to the full path.
 */
export const compileJsonRecordScanner = (
  type: avro.Type,
  limits: JsonRecordLimits = {},
): JsonRecordScanner | undefined => {
  const top = type as unknown as AvscType;
  if (top.typeName !== 'record') return undefined;
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const fields = (top.fields ?? []).map((f) => f.name);
  const capture: Capture = { ranges: new Int32Array(2 * fields.length) };
  const record = new Compiler(limits.maxDepth ?? DEFAULT_MAX_RECORD_DEPTH).record(top, capture);
  const index = new Map(fields.map((name, i) => [name, i]));
  return {
    scan: (bytes) => {
      if (bytes.length > maxBytes) return false;
      const end = record(bytes, skipSpace(bytes, 0), 0);
      return end !== FAIL && skipSpace(bytes, end) === bytes.length;
    },
    fieldIndex: (name) => index.get(name) ?? -1,
    start: (f) => capture.ranges[2 * f]!,
    end: (f) => capture.ranges[2 * f + 1]!,
    value: (bytes, f) =>
      JSON.parse(utf8.decode(bytes.subarray(capture.ranges[2 * f], capture.ranges[2 * f + 1]))),
  };
};
