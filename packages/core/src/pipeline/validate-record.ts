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

class Walker {
  readonly violations: Violation[] = [];
  constructor(private readonly max: number) {}

  private report(pointer: string, message: string): undefined {
    if (this.violations.length < this.max) this.violations.push({ pointer, message });
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
  walk(type: AvscType, value: unknown, pointer: string): unknown {
    const name = type.typeName;
    if (name === 'record' || name === 'error') {
      if (!isPlainObject(value))
        return this.report(pointer, `expected a record, got ${describe(value)}`);
      const fields = type.fields ?? [];
      const out: Record<string, unknown> = {};
      const known = new Set<string>();
      for (const f of fields) {
        known.add(f.name);
        const at = `${pointer}/${pointerToken(f.name)}`;
        let v = Object.prototype.hasOwnProperty.call(value, f.name) ? value[f.name] : undefined;
        if (v === undefined) {
          const d = f.defaultValue();
          if (d === undefined) {
            this.report(at, 'missing required field');
            continue;
          }
          v = d;
        }
        out[f.name] = this.walk(f.type, v, at);
        if (this.full) return undefined;
      }
      for (const key of Object.keys(value))
        if (!known.has(key))
          this.report(`${pointer}/${pointerToken(key)}`, 'field is not in the contract');
      return out;
    }
    if (name === 'array') {
      if (!Array.isArray(value))
        return this.report(pointer, `expected an array, got ${describe(value)}`);
      const items = type.itemsType!;
      const out = new Array<unknown>(value.length);
      for (let i = 0; i < value.length && !this.full; i++)
        out[i] = this.walk(items, value[i], `${pointer}/${i}`);
      return out;
    }
    if (name === 'map') {
      if (!isPlainObject(value))
        return this.report(pointer, `expected a map (object), got ${describe(value)}`);
      const values = type.valuesType!;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        out[k] = this.walk(values, v, `${pointer}/${pointerToken(k)}`);
        if (this.full) break;
      }
      return out;
    }
    if (name === 'union:unwrapped' || name === 'union:wrapped') {
      const branches = type.types ?? [];
      if (value === null) {
        if (branches.some((b) => b.typeName === 'null')) return null;
        return this.report(
          pointer,
          `null is not allowed here: expected ${branches.map((b) => b.name ?? b.typeName).join(' or ')}`,
        );
      }
      // The first branch that takes the value whole wins, as avsc picks it when encoding.
      for (const b of branches) {
        if (b.typeName === 'null') continue;
        const probe = new Walker(1);
        const v = probe.walk(b, value, pointer);
        if (probe.violations.length === 0) return v;
      }
      const nonNull = branches.filter((b) => b.typeName !== 'null');
      if (nonNull.length === 1) return this.walk(nonNull[0]!, value, pointer);
      return this.report(
        pointer,
        `${describe(value)} matches no branch of the union (${branches.map((b) => b.name ?? b.typeName).join(', ')})`,
      );
    }
    if (name === 'enum') {
      if (typeof value === 'string' && type.symbols!.includes(value)) return value;
      return this.report(
        pointer,
        `${describe(value)} is not one of the symbols ${type.symbols!.join(', ')}`,
      );
    }
    if (name.startsWith('logical:')) {
      if (!type.isValid(value))
        return this.report(pointer, `${describe(value)} is not a valid ${name.slice(8)}`);
      // Numbers for dates and timestamps become the text form; strings are kept as sent.
      return typeof value === 'string' ? value : type.fromBuffer(type.toBuffer(value));
    }
    if (name === 'null')
      return value === null ? null : this.report(pointer, `expected null, got ${describe(value)}`);
    if (type.isValid(value)) return value;
    return this.report(pointer, `expected ${name}, got ${describe(value)}`);
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
  const out = walker.walk(type as unknown as AvscType, value, '');
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
