import type avro from 'avsc';
import { err, ok, type Result } from '../errors/result.js';
import {
  pointerToken,
  recordProblem,
  type RecordProblem,
  type Violation,
} from './record-problem.js';

/** The parts of avsc's type classes the validator reads (avsc's typings do not declare them). */
interface AvscType {
  typeName: string;
  isValid(value: unknown): boolean;
  toBuffer(value: unknown): Buffer;
  fromBuffer(buffer: Buffer): unknown;
  fields?: { name: string; type: AvscType; defaultValue(): unknown }[];
  itemsType?: AvscType;
  valuesType?: AvscType;
  types?: AvscType[];
  symbols?: string[];
  size?: number;
  name?: string;
  precision?: number;
  scale?: number;
}

export interface ValidateRecordOptions {
  /** Stop collecting after this many violations (default 20): a garbage record stays cheap. */
  maxViolations?: number;
}

const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

const hasOwn = Object.prototype.hasOwnProperty;
const branchNames = (t: AvscType) => (t.types ?? []).map((b) => b.name ?? b.typeName).join(', ');

/** Field names and symbols per type, computed once: validation runs per record. */
const fieldNames = new WeakMap<AvscType, Set<string>>();
const symbolSets = new WeakMap<AvscType, Set<string>>();
const cached = <T>(map: WeakMap<AvscType, T>, type: AvscType, make: () => T): T => {
  let v = map.get(type);
  if (v === undefined) map.set(type, (v = make()));
  return v;
};

const DECIMAL_TEXT = /^[+-]?(\d+)(?:\.(\d+))?$/;

/** A decimal in text form fits precision and scale: the common case without avsc's BigInt work. */
const decimalTextFits = (type: AvscType, text: string): boolean | undefined => {
  if (type.precision === undefined) return undefined;
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return false;
  const scale = type.scale ?? 0;
  const frac = m[2] ?? '';
  if (frac.length > scale) return false;
  const int = m[1]!.replace(/^0+(?=\d)/, '');
  return (int === '0' ? 0 : int.length) + scale <= type.precision;
};

class Walker {
  readonly violations: Violation[] = [];
  /** The path of the value being checked; turned into a JSON Pointer only when reporting. */
  private readonly path: (string | number)[] = [];

  constructor(private readonly max: number) {}

  private report(message: string, extra?: string | number): undefined {
    if (this.violations.length < this.max) {
      const tokens = extra === undefined ? this.path : [...this.path, extra];
      const pointer = tokens.map((t) => `/${pointerToken(t)}`).join('');
      this.violations.push({ pointer, message });
    }
    return undefined;
  }

  get full(): boolean {
    return this.violations.length >= this.max;
  }

  /**
   * Checks `value` against `type` and returns it in the contract's form: missing fields take
   * their defaults, logical values given as numbers become their text form (dates, timestamps)
   * so partition paths and Parquet values do not depend on how the producer spelled them.
   */
  walk(type: AvscType, value: unknown): unknown {
    const name = type.typeName;
    switch (name) {
      case 'record':
      case 'error':
        return this.record(type, value);
      case 'array': {
        if (!Array.isArray(value)) return this.report(`expected an array, got ${describe(value)}`);
        const items = type.itemsType!;
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length && !this.full; i++) {
          this.path.push(i);
          out[i] = this.walk(items, value[i]);
          this.path.pop();
        }
        return out;
      }
      case 'map': {
        if (!isPlainObject(value))
          return this.report(`expected a map (object), got ${describe(value)}`);
        const values = type.valuesType!;
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value)) {
          this.path.push(k);
          out[k] = this.walk(values, value[k]);
          this.path.pop();
          if (this.full) break;
        }
        return out;
      }
      case 'union:unwrapped':
      case 'union:wrapped':
        return this.union(type, value);
      case 'enum': {
        const symbols = cached(symbolSets, type, () => new Set(type.symbols));
        if (typeof value === 'string' && symbols.has(value)) return value;
        return this.report(
          `${describe(value)} is not one of the symbols ${type.symbols!.join(', ')}`,
        );
      }
      case 'null':
        return value === null ? null : this.report(`expected null, got ${describe(value)}`);
      default:
        if (name.startsWith('logical:')) return this.logical(type, value);
        if (type.isValid(value)) return value;
        return this.report(`expected ${name}, got ${describe(value)}`);
    }
  }

  private record(type: AvscType, value: unknown): unknown {
    if (!isPlainObject(value)) return this.report(`expected a record, got ${describe(value)}`);
    const fields = type.fields ?? [];
    const out: Record<string, unknown> = {};
    let present = 0;
    for (const f of fields) {
      let v = hasOwn.call(value, f.name) ? value[f.name] : undefined;
      if (v === undefined) {
        v = f.defaultValue();
        if (v === undefined) {
          this.report('missing required field', f.name);
          continue;
        }
      } else present++;
      this.path.push(f.name);
      out[f.name] = this.walk(f.type, v);
      this.path.pop();
      if (this.full) return undefined;
    }
    // Only when there are more keys than fields met can one be undeclared.
    const keys = Object.keys(value);
    if (keys.length > present) {
      const known = cached(fieldNames, type, () => new Set(fields.map((f) => f.name)));
      for (const key of keys)
        if (!known.has(key) && value[key] !== undefined)
          this.report('field is not in the contract', key);
    }
    return out;
  }

  private union(type: AvscType, value: unknown): unknown {
    const branches = type.types ?? [];
    if (value === null) {
      if (branches.some((b) => b.typeName === 'null')) return null;
      return this.report(`null is not allowed here: expected ${branchNames(type)}`);
    }
    const nonNull = branches.filter((b) => b.typeName !== 'null');
    if (nonNull.length === 1) return this.walk(nonNull[0]!, value);
    // The first branch that takes the value whole wins, as avsc picks it when encoding.
    for (const b of nonNull) {
      const probe = new Walker(1);
      const v = probe.walk(b, value);
      if (probe.violations.length === 0) return v;
    }
    return this.report(`${describe(value)} matches no branch of the union (${branchNames(type)})`);
  }

  private logical(type: AvscType, value: unknown): unknown {
    if (typeof value === 'string') {
      const fits = decimalTextFits(type, value);
      if (fits === true) return value;
      if (fits === undefined && type.isValid(value)) return value;
    } else if (type.isValid(value)) {
      // Numbers for dates and timestamps become the text form.
      return type.fromBuffer(type.toBuffer(value));
    }
    return this.report(`${describe(value)} is not a valid ${type.typeName.slice(8)}`);
  }
}

/**
 * Checks a record (in the JSON form of docs/fixtures.md) against a contract and reports every
 * violation with its JSON Pointer, not just the first as avsc does; undeclared fields are refused.
 * On success the value is the record in the contract's form, defaults filled in.
 */
export const validateRecord = (
  type: avro.Type,
  value: unknown,
  options: ValidateRecordOptions = {},
): Result<Record<string, unknown>, RecordProblem> => {
  const walker = new Walker(options.maxViolations ?? 20);
  const out = walker.walk(type as unknown as AvscType, value);
  const first = walker.violations[0];
  if (first) {
    const more = walker.violations.length > 1 ? ` (and ${walker.violations.length - 1} more)` : '';
    return err(
      recordProblem(
        'CONTRACT_VIOLATION',
        `${first.pointer || '/'}: ${first.message}${more}`,
        first.pointer,
        walker.violations,
      ),
    );
  }
  return ok(out as Record<string, unknown>);
};
