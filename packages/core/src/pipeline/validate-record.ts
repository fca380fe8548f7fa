import type avro from 'avsc';
import { err, ok, type Result } from '../errors/result.js';
import {
  pointerToken,
  recordProblem,
  type RecordProblem,
  type Violation,
} from './record-problem.js';
import { logicalTextCheck } from '../avro/logical-types.js';

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
  underlyingType?: AvscType;
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

/** One validation: the violations found so far and the path of the value being checked. */
interface Run {
  readonly violations: Violation[];
  /** Turned into a JSON Pointer only when reporting. */
  readonly path: (string | number)[];
  readonly max: number;
}

const newRun = (max: number): Run => ({ violations: [], path: [], max });

/**
 * The run of the record being validated, reused from record to record (validation is
 * synchronous and a union's probes use runs of their own), so a valid record allocates none.
 */
let shared: Run = newRun(20);
const reusableRun = (max: number): Run => {
  if (shared.max !== max) shared = newRun(max);
  shared.violations.length = 0;
  shared.path.length = 0;
  return shared;
};

/** Records a violation at the current path (plus `extra`); returns undefined, the invalid mark. */
const report = (run: Run, message: string, extra?: string | number): undefined => {
  if (run.violations.length < run.max) {
    const tokens = extra === undefined ? run.path : [...run.path, extra];
    const pointer = tokens.map((t) => `/${pointerToken(t)}`).join('');
    run.violations.push({ pointer, message });
  }
  return undefined;
};

/**
 * Checks one value against one type and returns it in the contract's form: missing fields take
 * their defaults, logical values given as numbers become their text form (dates, timestamps), so
 * partition paths and Parquet values do not depend on how the producer spelled them. A value
 * already in that form comes back as the same object, so the pipeline can tell that its bytes
 * need no re-encoding. Undefined means invalid (the violation is in the run).
 */
type Check = (value: unknown, run: Run) => unknown;

/**
 * Checks are built once per contract type (a tree of closures with the per-type work, such as
 * symbol sets and field lists, done up front) and cached: validation runs per record.
 */
const compiled = new WeakMap<AvscType, Check>();

const compile = (type: AvscType): Check => {
  const known = compiled.get(type);
  if (known) return known;
  // A recursive type meets itself while being built: it gets a forwarder to the finished check.
  const finished: { check?: Check } = {};
  compiled.set(type, (value, run) => finished.check!(value, run));
  const check = (finished.check = build(type));
  compiled.set(type, check);
  return check;
};

const build = (type: AvscType): Check => {
  const name = type.typeName;
  switch (name) {
    case 'record':
    case 'error':
      return recordCheck(type);
    case 'array':
      return arrayCheck(type);
    case 'map':
      return mapCheck(type);
    case 'union:unwrapped':
    case 'union:wrapped':
      return unionCheck(type);
    case 'enum': {
      const symbols = new Set(type.symbols);
      const message = ` is not one of the symbols ${type.symbols!.join(', ')}`;
      return (value, run) =>
        typeof value === 'string' && symbols.has(value)
          ? value
          : report(run, `${describe(value)}${message}`);
    }
    case 'null':
      return (value, run) =>
        value === null ? null : report(run, `expected null, got ${describe(value)}`);
    case 'string':
      return (value, run) =>
        typeof value === 'string' ? value : report(run, `expected string, got ${describe(value)}`);
    case 'int':
      return (value, run) =>
        value === ((value as number) | 0)
          ? value
          : report(run, `expected int, got ${describe(value)}`);
    default:
      if (name.startsWith('logical:')) return logicalCheck(type, name.slice('logical:'.length));
      return (value, run) =>
        type.isValid(value) ? value : report(run, `expected ${name}, got ${describe(value)}`);
  }
};

const recordCheck = (type: AvscType): Check => {
  const fields = (type.fields ?? []).map((f) => ({
    name: f.name,
    check: compile(f.type),
    defaultValue: () => f.defaultValue(),
  }));
  const fieldNames = new Set(fields.map((f) => f.name));
  /** The record's fields in contract order, as given; the checked values are written over them. */
  const copy = (value: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const f of fields) out[f.name] = value[f.name];
    return out;
  };
  return (value, run) => {
    if (!isPlainObject(value)) return report(run, `expected a record, got ${describe(value)}`);
    let out: Record<string, unknown> | undefined;
    let present = 0;
    for (const f of fields) {
      let v = hasOwn.call(value, f.name) ? value[f.name] : undefined;
      let defaulted = false;
      if (v === undefined) {
        v = f.defaultValue();
        if (v === undefined) {
          report(run, 'missing required field', f.name);
          continue;
        }
        defaulted = true;
      } else present++;
      run.path.push(f.name);
      const checked = f.check(v, run);
      run.path.pop();
      if (run.violations.length >= run.max) return undefined;
      if (out === undefined && (defaulted || checked !== v)) out = copy(value);
      if (out !== undefined) out[f.name] = checked;
    }
    // Only when there are more keys than fields met can one be undeclared.
    const keys = Object.keys(value);
    if (keys.length > present) {
      for (const key of keys)
        if (!fieldNames.has(key) && value[key] !== undefined)
          report(run, 'field is not in the contract', key);
      // Keys holding undefined (a transform's output) are left out of the record.
      out ??= copy(value);
    }
    return out ?? value;
  };
};

const arrayCheck = (type: AvscType): Check => {
  const items = compile(type.itemsType!);
  return (value, run) => {
    if (!Array.isArray(value)) return report(run, `expected an array, got ${describe(value)}`);
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length && run.violations.length < run.max; i++) {
      run.path.push(i);
      const checked = items(value[i], run);
      run.path.pop();
      if (out === undefined && checked !== value[i]) out = value.slice(0, i);
      if (out !== undefined) out[i] = checked;
    }
    return out ?? value;
  };
};

const mapCheck = (type: AvscType): Check => {
  const values = compile(type.valuesType!);
  return (value, run) => {
    if (!isPlainObject(value))
      return report(run, `expected a map (object), got ${describe(value)}`);
    let out: Record<string, unknown> | undefined;
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      run.path.push(k);
      const checked = values(value[k], run);
      run.path.pop();
      if (out === undefined && checked !== value[k]) {
        out = {};
        for (let j = 0; j < i; j++) out[keys[j]!] = value[keys[j]!];
      }
      if (out !== undefined) out[k] = checked;
      if (run.violations.length >= run.max) break;
    }
    return out ?? value;
  };
};

const unionCheck = (type: AvscType): Check => {
  const branches = type.types ?? [];
  const nullable = branches.some((b) => b.typeName === 'null');
  const nonNull = branches.filter((b) => b.typeName !== 'null').map((b) => compile(b));
  const names = branchNames(type);
  return (value, run) => {
    if (value === null)
      return nullable ? null : report(run, `null is not allowed here: expected ${names}`);
    if (nonNull.length === 1) return nonNull[0]!(value, run);
    // The first branch that takes the value whole wins, as avsc picks it when encoding.
    for (const branch of nonNull) {
      const probe = newRun(1);
      const checked = branch(value, probe);
      if (probe.violations.length === 0) return checked;
    }
    return report(run, `${describe(value)} matches no branch of the union (${names})`);
  };
};

/**
 * Logical types. The text forms of docs/fixtures.md are checked directly (the common case, per
 * record); anything else goes through the avsc type, and numbers for dates and timestamps come
 * back in their text form.
 */
const logicalCheck = (type: AvscType, logical: string): Check => {
  const message = ` is not a valid ${logical}`;
  const text = logicalTextCheck(type)?.text;
  return (value, run) => {
    if (typeof value === 'string') {
      if (text ? text(value) : type.isValid(value)) return value;
    } else if (type.isValid(value)) {
      return type.fromBuffer(type.toBuffer(value));
    }
    return report(run, `${describe(value)}${message}`);
  };
};

/**
 * Checks a record (in the JSON form of docs/fixtures.md) against a contract and reports every
 * violation with its JSON Pointer, not just the first as avsc does; undeclared fields are refused.
 * On success the value is the record in the contract's form, defaults filled in: the very object
 * given when it already was in that form.
 */
export const validateRecord = (
  type: avro.Type,
  value: unknown,
  options: ValidateRecordOptions = {},
): Result<Record<string, unknown>, RecordProblem> => {
  const run = reusableRun(options.maxViolations ?? 20);
  const out = compile(type as unknown as AvscType)(value, run);
  const first = run.violations[0];
  if (first) {
    const more = run.violations.length > 1 ? ` (and ${run.violations.length - 1} more)` : '';
    return err(
      recordProblem(
        'CONTRACT_VIOLATION',
        `${first.pointer || '/'}: ${first.message}${more}`,
        first.pointer,
        [...run.violations],
      ),
    );
  }
  return ok(out as Record<string, unknown>);
};
