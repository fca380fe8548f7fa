import { err, ok, type Result } from '../errors/result.js';
import {
  AVRO_PRIMITIVE_TYPES,
  type AvroEnumNode,
  type AvroField,
  type AvroFixedNode,
  type AvroNamedNode,
  type AvroNode,
  type AvroPrimitiveTypeName,
  type AvroRecordNode,
  type AvroSchemaModel,
  type AvroUnionNode,
} from './avro-model.js';

/** Stable codes of schema errors, safe to match on. */
export type AvroSchemaErrorCode =
  | 'INVALID_JSON'
  | 'INVALID_SCHEMA'
  | 'MISSING_ATTRIBUTE'
  | 'UNKNOWN_TYPE'
  | 'INVALID_NAME'
  | 'DUPLICATE_NAME'
  | 'DUPLICATE_FIELD'
  | 'DUPLICATE_SYMBOL'
  | 'INVALID_DEFAULT'
  | 'INVALID_FIXED_SIZE'
  | 'DUPLICATE_UNION_BRANCH'
  | 'NESTED_UNION'
  | 'TOO_DEEP';

/** One problem in a schema: what is wrong (`message`, naming the fix) and where (`pointer`). */
export interface AvroSchemaError {
  readonly code: AvroSchemaErrorCode;
  readonly message: string;
  /** JSON Pointer (RFC 6901) into the schema document; '' is the whole document. */
  readonly pointer: string;
}

export interface ParseAvroSchemaOptions {
  /** Deepest nesting of schemas accepted (records in records, arrays of arrays...). */
  readonly maxDepth?: number;
  /** Stop collecting after this many errors. */
  readonly maxErrors?: number;
}

/**
 * Deep enough for any real contract; shallow enough that the recursive compatibility check and
 * default validation stay far from the JavaScript stack limit.
 */
export const DEFAULT_MAX_SCHEMA_DEPTH = 2_000;
const DEFAULT_MAX_ERRORS = 100;

const NAME_PART = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const escapeToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');
const child = (pointer: string, token: string | number): string =>
  `${pointer}/${escapeToken(String(token))}`;

const describe = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/**
 * Reads an Avro schema given as a JSON value (object, array, string) or as JSON text, resolves
 * named type references (namespaces, full names, aliases) and validates it the way Apache Avro
 * Java's `Schema.Parser` does: unknown type names, invalid or duplicate names, duplicate fields
 * and symbols, defaults that do not match their type, bad fixed sizes, nested or duplicate union
 * branches. Forward references within the document are allowed (as in Avro 1.12).
 *
 * A string is read as JSON text when it starts with `{`, `[` or `"`, else as a type name
 * (`"int"`). The walk uses an explicit stack, so deep or huge schemas cannot overflow the call
 * stack; nesting deeper than `maxDepth` is reported as `TOO_DEEP`.
 */
export const parseAvroSchema = (
  input: unknown,
  options: ParseAvroSchemaOptions = {},
): Result<AvroSchemaModel, AvroSchemaError[]> => {
  let json = input;
  if (typeof input === 'string') {
    const trimmed = input.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"')) {
      try {
        json = JSON.parse(input) as unknown;
      } catch (cause) {
        const detail = cause instanceof Error ? cause.message : String(cause);
        return err([
          {
            code: 'INVALID_JSON',
            message: `schema is not valid JSON (${detail}); fix the JSON syntax`,
            pointer: '',
          },
        ]);
      }
    }
  }
  return new SchemaParser(options).parse(json);
};

interface Task {
  readonly json: unknown;
  readonly pointer: string;
  /** Enclosing namespace ('' for none). */
  readonly namespace: string;
  readonly depth: number;
  readonly assign: (node: AvroNode) => void;
}

interface PendingRef {
  readonly name: string;
  readonly namespace: string;
  readonly pointer: string;
  readonly assign: (node: AvroNode) => void;
}

interface PendingDefault {
  readonly field: Mutable<AvroField>;
  readonly recordName: string;
}

class SchemaParser {
  private readonly maxDepth: number;
  private readonly maxErrors: number;
  private readonly errors: AvroSchemaError[] = [];
  private readonly named = new Map<string, AvroNamedNode>();
  private readonly refs: PendingRef[] = [];
  private readonly unions: AvroUnionNode[] = [];
  private readonly defaults: PendingDefault[] = [];
  private readonly stack: Task[] = [];

  constructor(options: ParseAvroSchemaOptions) {
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_SCHEMA_DEPTH;
    this.maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  }

  parse(json: unknown): Result<AvroSchemaModel, AvroSchemaError[]> {
    let root: AvroNode | undefined;
    this.stack.push({
      json,
      pointer: '',
      namespace: '',
      depth: 0,
      assign: (node) => {
        root = node;
      },
    });
    while (this.stack.length > 0 && this.errors.length < this.maxErrors) {
      this.visit(this.stack.pop() as Task);
    }
    this.resolveReferences();
    if (this.errors.length === 0) this.checkUnions();
    if (this.errors.length === 0) this.checkDefaults();
    if (this.errors.length > 0 || root === undefined) {
      return err(
        this.errors.length > 0 ? this.errors : [this.error('INVALID_SCHEMA', '', 'no schema')],
      );
    }
    return ok({ root, named: this.named });
  }

  private error(code: AvroSchemaErrorCode, pointer: string, message: string): AvroSchemaError {
    return { code, pointer, message };
  }

  private report(code: AvroSchemaErrorCode, pointer: string, message: string): void {
    if (this.errors.length < this.maxErrors) this.errors.push(this.error(code, pointer, message));
  }

  private visit(task: Task): void {
    const { json, pointer, namespace, depth } = task;
    if (depth > this.maxDepth) {
      this.report(
        'TOO_DEEP',
        pointer,
        `schema nests deeper than ${this.maxDepth} levels; flatten it or split it into named types`,
      );
      return;
    }
    if (typeof json === 'string') {
      if (AVRO_PRIMITIVE_TYPES.has(json)) {
        task.assign({ type: json as AvroPrimitiveTypeName, pointer });
      } else {
        this.refs.push({ name: json, namespace, pointer, assign: task.assign });
      }
      return;
    }
    if (Array.isArray(json)) {
      this.visitUnion(task, json);
      return;
    }
    if (!isObject(json)) {
      this.report(
        'INVALID_SCHEMA',
        pointer,
        `expected a schema (a type name, an object with "type", or a union array) but found ${describe(json)}`,
      );
      return;
    }
    const type = json['type'];
    if (typeof type !== 'string') {
      this.report(
        'MISSING_ATTRIBUTE',
        child(pointer, 'type'),
        type === undefined
          ? 'schema object has no "type"; add "type" (e.g. "record", "string")'
          : `"type" must be a type name string, found ${describe(type)}; write nested types as {"type": "array", "items": ...} in a field's "type"`,
      );
      return;
    }
    if (AVRO_PRIMITIVE_TYPES.has(type)) {
      task.assign(this.primitive(type as AvroPrimitiveTypeName, json, pointer));
      return;
    }
    switch (type) {
      case 'record':
      case 'error':
        this.visitRecord(task, json, type === 'error');
        return;
      case 'enum':
        this.visitEnum(task, json);
        return;
      case 'fixed':
        this.visitFixed(task, json);
        return;
      case 'array': {
        if (!('items' in json)) {
          this.report('MISSING_ATTRIBUTE', pointer, 'array schema has no "items"; add "items"');
          return;
        }
        const node = { type: 'array', pointer, items: undefined as unknown as AvroNode };
        this.push(json['items'], child(pointer, 'items'), namespace, depth + 1, (n) => {
          node.items = n;
        });
        task.assign(node as AvroNode);
        return;
      }
      case 'map': {
        if (!('values' in json)) {
          this.report('MISSING_ATTRIBUTE', pointer, 'map schema has no "values"; add "values"');
          return;
        }
        const node = { type: 'map', pointer, values: undefined as unknown as AvroNode };
        this.push(json['values'], child(pointer, 'values'), namespace, depth + 1, (n) => {
          node.values = n;
        });
        task.assign(node as AvroNode);
        return;
      }
      default:
        // {"type": "SomeNamedType"}: a reference written as an object (Java accepts it).
        this.refs.push({
          name: type,
          namespace,
          pointer: child(pointer, 'type'),
          assign: task.assign,
        });
    }
  }

  private push(
    json: unknown,
    pointer: string,
    namespace: string,
    depth: number,
    assign: (node: AvroNode) => void,
  ): void {
    this.stack.push({ json, pointer, namespace, depth, assign });
  }

  private primitive(type: AvroPrimitiveTypeName, json: JsonObject, pointer: string): AvroNode {
    const node: Mutable<AvroNode> = { type, pointer };
    this.logical(node, json);
    return node as AvroNode;
  }

  private logical(
    node: { logicalType?: string; precision?: number; scale?: number },
    json: JsonObject,
  ): void {
    const logicalType = json['logicalType'];
    if (typeof logicalType !== 'string') return;
    node.logicalType = logicalType;
    if (logicalType === 'decimal') {
      const precision = json['precision'];
      const scale = json['scale'];
      if (typeof precision === 'number' && Number.isInteger(precision)) node.precision = precision;
      node.scale = typeof scale === 'number' && Number.isInteger(scale) ? scale : 0;
    }
  }

  private visitUnion(task: Task, json: readonly unknown[]): void {
    const branches: AvroNode[] = new Array<AvroNode>(json.length);
    const node: AvroUnionNode = { type: 'union', pointer: task.pointer, branches };
    this.unions.push(node);
    // Push in reverse so branches are visited in document order (named types defined in order).
    for (let i = json.length - 1; i >= 0; i--) {
      const branch = json[i];
      const pointer = child(task.pointer, i);
      if (Array.isArray(branch)) {
        this.report(
          'NESTED_UNION',
          pointer,
          'a union may not directly contain another union; merge the branches into one union',
        );
        continue;
      }
      this.push(branch, pointer, task.namespace, task.depth + 1, (n) => {
        branches[i] = n;
      });
    }
    task.assign(node);
  }

  /** Reads name/namespace/aliases and registers the named type; undefined when the name is bad. */
  private named_(
    json: JsonObject,
    pointer: string,
    enclosing: string,
    kind: string,
  ):
    | { name: string; namespace: string; fullName: string; aliases: string[]; doc?: string }
    | undefined {
    const rawName = json['name'];
    if (typeof rawName !== 'string') {
      this.report(
        'MISSING_ATTRIBUTE',
        child(pointer, 'name'),
        rawName === undefined
          ? `${kind} has no "name"; add a name`
          : `${kind} "name" must be a string, found ${describe(rawName)}`,
      );
      return undefined;
    }
    const rawNamespace = json['namespace'];
    if (rawNamespace !== undefined && rawNamespace !== null && typeof rawNamespace !== 'string') {
      this.report(
        'INVALID_NAME',
        child(pointer, 'namespace'),
        `"namespace" must be a string, found ${describe(rawNamespace)}`,
      );
      return undefined;
    }
    let name = rawName;
    let namespace = typeof rawNamespace === 'string' ? rawNamespace : enclosing;
    const dot = rawName.lastIndexOf('.');
    if (dot >= 0) {
      namespace = rawName.slice(0, dot);
      name = rawName.slice(dot + 1);
    }
    if (!this.validName(name, child(pointer, 'name'), `${kind} name`)) return undefined;
    if (
      namespace !== '' &&
      !this.validNamespace(namespace, child(pointer, dot >= 0 ? 'name' : 'namespace'))
    ) {
      return undefined;
    }
    const fullName = namespace === '' ? name : `${namespace}.${name}`;
    if (AVRO_PRIMITIVE_TYPES.has(fullName)) {
      this.report(
        'INVALID_NAME',
        child(pointer, 'name'),
        `a ${kind} may not be named after the primitive type "${fullName}"; rename it`,
      );
      return undefined;
    }
    if (this.named.has(fullName)) {
      this.report(
        'DUPLICATE_NAME',
        child(pointer, 'name'),
        `type "${fullName}" is defined twice (first at ${this.named.get(fullName)?.pointer || '/'}); define it once and refer to it by name`,
      );
      return undefined;
    }
    const aliases: string[] = [];
    const rawAliases = json['aliases'];
    if (rawAliases !== undefined) {
      if (!Array.isArray(rawAliases)) {
        this.report(
          'INVALID_SCHEMA',
          child(pointer, 'aliases'),
          `"aliases" must be an array of names, found ${describe(rawAliases)}`,
        );
      } else {
        rawAliases.forEach((alias: unknown, i) => {
          const at = child(child(pointer, 'aliases'), i);
          if (typeof alias !== 'string') {
            this.report('INVALID_NAME', at, `alias must be a string, found ${describe(alias)}`);
            return;
          }
          const aliasDot = alias.lastIndexOf('.');
          const aliasName = aliasDot >= 0 ? alias.slice(aliasDot + 1) : alias;
          if (!this.validName(aliasName, at, 'alias')) return;
          // Java resolves a relative alias against the type's own namespace.
          aliases.push(aliasDot >= 0 || namespace === '' ? alias : `${namespace}.${alias}`);
        });
      }
    }
    const doc = json['doc'];
    return { name, namespace, fullName, aliases, ...(typeof doc === 'string' ? { doc } : {}) };
  }

  private validName(name: string, pointer: string, what: string): boolean {
    if (NAME_PART.test(name)) return true;
    this.report(
      'INVALID_NAME',
      pointer,
      `${what} ${JSON.stringify(name)} is not a valid Avro name; start with a letter or "_" and use only letters, digits and "_"`,
    );
    return false;
  }

  private validNamespace(namespace: string, pointer: string): boolean {
    for (const part of namespace.split('.')) {
      if (!NAME_PART.test(part)) {
        this.report(
          'INVALID_NAME',
          pointer,
          `namespace ${JSON.stringify(namespace)} is not valid; use dot-separated names of letters, digits and "_"`,
        );
        return false;
      }
    }
    return true;
  }

  private visitRecord(task: Task, json: JsonObject, isError: boolean): void {
    const { pointer, depth } = task;
    const names = this.named_(json, pointer, task.namespace, 'record');
    if (!names) return;
    const rawFields = json['fields'];
    if (!Array.isArray(rawFields)) {
      this.report(
        'MISSING_ATTRIBUTE',
        child(pointer, 'fields'),
        rawFields === undefined
          ? `record "${names.fullName}" has no "fields"; add "fields": [...]`
          : `record "${names.fullName}" "fields" must be an array`,
      );
      return;
    }
    const fields: AvroField[] = [];
    const fieldsByName = new Map<string, AvroField>();
    const node: Mutable<AvroRecordNode> = {
      type: 'record',
      pointer,
      isError,
      ...names,
      fields,
      fieldsByName,
    };
    this.named.set(names.fullName, node as AvroRecordNode);
    this.logical(node, json);
    const tasks: Task[] = [];
    rawFields.forEach((rawField: unknown, position) => {
      const at = child(child(pointer, 'fields'), position);
      if (!isObject(rawField)) {
        this.report(
          'INVALID_SCHEMA',
          at,
          `field must be an object with "name" and "type", found ${describe(rawField)}`,
        );
        return;
      }
      const name = rawField['name'];
      if (typeof name !== 'string') {
        this.report(
          'MISSING_ATTRIBUTE',
          child(at, 'name'),
          `field of record "${names.fullName}" has no string "name"; add one`,
        );
        return;
      }
      if (!this.validName(name, child(at, 'name'), 'field name')) return;
      if (fieldsByName.has(name)) {
        this.report(
          'DUPLICATE_FIELD',
          child(at, 'name'),
          `duplicate field "${name}" in record "${names.fullName}"; rename or remove one of them`,
        );
        return;
      }
      if (!('type' in rawField)) {
        this.report(
          'MISSING_ATTRIBUTE',
          at,
          `field "${name}" of record "${names.fullName}" has no "type"; add one`,
        );
        return;
      }
      const aliases: string[] = [];
      const rawAliases = rawField['aliases'];
      if (rawAliases !== undefined) {
        if (!Array.isArray(rawAliases)) {
          this.report(
            'INVALID_SCHEMA',
            child(at, 'aliases'),
            `"aliases" of field "${name}" must be an array of names`,
          );
        } else {
          rawAliases.forEach((alias: unknown, i) => {
            if (
              typeof alias === 'string' &&
              this.validName(alias, child(child(at, 'aliases'), i), 'field alias')
            ) {
              aliases.push(alias);
            } else if (typeof alias !== 'string') {
              this.report(
                'INVALID_NAME',
                child(child(at, 'aliases'), i),
                `field alias must be a string, found ${describe(alias)}`,
              );
            }
          });
        }
      }
      const hasDefault = 'default' in rawField && rawField['default'] !== undefined;
      const doc = rawField['doc'];
      const field: Mutable<AvroField> = {
        name,
        aliases,
        type: undefined as unknown as AvroNode,
        position,
        hasDefault,
        pointer: at,
        ...(hasDefault ? { default: rawField['default'] } : {}),
        ...(typeof doc === 'string' ? { doc } : {}),
      };
      fields.push(field as AvroField);
      fieldsByName.set(name, field as AvroField);
      if (hasDefault) this.defaults.push({ field, recordName: names.fullName });
      tasks.push({
        json: rawField['type'],
        pointer: child(at, 'type'),
        namespace: names.namespace,
        depth: depth + 1,
        assign: (n) => {
          field.type = n;
        },
      });
    });
    // Reverse so that field types are visited in document order.
    for (let i = tasks.length - 1; i >= 0; i--) this.stack.push(tasks[i] as Task);
    task.assign(node as AvroRecordNode);
  }

  private visitEnum(task: Task, json: JsonObject): void {
    const { pointer } = task;
    const names = this.named_(json, pointer, task.namespace, 'enum');
    if (!names) return;
    const rawSymbols = json['symbols'];
    if (!Array.isArray(rawSymbols)) {
      this.report(
        'MISSING_ATTRIBUTE',
        child(pointer, 'symbols'),
        `enum "${names.fullName}" needs "symbols": an array of names`,
      );
      return;
    }
    const symbols: string[] = [];
    const symbolSet = new Set<string>();
    rawSymbols.forEach((symbol: unknown, i) => {
      const at = child(child(pointer, 'symbols'), i);
      if (typeof symbol !== 'string') {
        this.report('INVALID_NAME', at, `enum symbol must be a string, found ${describe(symbol)}`);
        return;
      }
      if (!this.validName(symbol, at, 'enum symbol')) return;
      if (symbolSet.has(symbol)) {
        this.report(
          'DUPLICATE_SYMBOL',
          at,
          `duplicate symbol "${symbol}" in enum "${names.fullName}"; remove one of them`,
        );
        return;
      }
      symbols.push(symbol);
      symbolSet.add(symbol);
    });
    const node: Mutable<AvroEnumNode> = { type: 'enum', pointer, ...names, symbols, symbolSet };
    const rawDefault = json['default'];
    if (rawDefault !== undefined && rawDefault !== null) {
      if (typeof rawDefault !== 'string' || !symbolSet.has(rawDefault)) {
        this.report(
          'INVALID_DEFAULT',
          child(pointer, 'default'),
          `enum "${names.fullName}" default ${describe(rawDefault)} is not one of its symbols; use one of ${JSON.stringify(symbols)}`,
        );
      } else {
        node.default = rawDefault;
      }
    }
    this.named.set(names.fullName, node as AvroEnumNode);
    task.assign(node as AvroEnumNode);
  }

  private visitFixed(task: Task, json: JsonObject): void {
    const { pointer } = task;
    const names = this.named_(json, pointer, task.namespace, 'fixed');
    if (!names) return;
    const size = json['size'];
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > 2_147_483_647) {
      this.report(
        'INVALID_FIXED_SIZE',
        child(pointer, 'size'),
        size === undefined
          ? `fixed "${names.fullName}" has no "size"; add the size in bytes`
          : `fixed "${names.fullName}" size ${describe(size)} must be a non-negative integer number of bytes`,
      );
      return;
    }
    const node: Mutable<AvroFixedNode> = { type: 'fixed', pointer, ...names, size };
    this.logical(node, json);
    this.named.set(names.fullName, node as AvroFixedNode);
    task.assign(node as AvroFixedNode);
  }

  private resolveReferences(): void {
    for (const ref of this.refs) {
      const qualified =
        ref.name.includes('.') || ref.namespace === '' ? ref.name : `${ref.namespace}.${ref.name}`;
      // As Java: the name in the enclosing namespace first, then the name as written.
      const node = this.named.get(qualified) ?? this.named.get(ref.name);
      if (node) {
        ref.assign(node);
      } else {
        this.report(
          'UNKNOWN_TYPE',
          ref.pointer,
          `unknown type "${ref.name}"${qualified !== ref.name ? ` (looked for "${qualified}" and "${ref.name}")` : ''}; use a primitive type name or define the named type first`,
        );
      }
    }
  }

  private checkUnions(): void {
    for (const union of this.unions) {
      const seen = new Set<string>();
      union.branches.forEach((branch, i) => {
        if (branch.type === 'union') {
          this.report(
            'NESTED_UNION',
            child(union.pointer, i),
            'a union may not directly contain another union; merge the branches',
          );
          return;
        }
        const key =
          branch.type === 'record' || branch.type === 'enum' || branch.type === 'fixed'
            ? branch.fullName
            : branch.type;
        if (seen.has(key)) {
          this.report(
            'DUPLICATE_UNION_BRANCH',
            child(union.pointer, i),
            `union contains "${key}" twice; each type may appear once in a union`,
          );
        }
        seen.add(key);
      });
    }
  }

  private checkDefaults(): void {
    for (const { field, recordName } of this.defaults) {
      if (!isValidDefault(field.type, field.default, 0, this.maxDepth)) {
        this.report(
          'INVALID_DEFAULT',
          child(field.pointer, 'default'),
          `default ${describe(field.default)} of field "${field.name}" in record "${recordName}" does not match its type ${typeLabel(field.type)}; give a default of that type`,
        );
      }
    }
  }
}

const typeLabel = (node: AvroNode): string => {
  switch (node.type) {
    case 'record':
    case 'enum':
    case 'fixed':
      return `${node.type} "${node.fullName}"`;
    case 'union':
      return `union [${node.branches.map((b) => (b.type === 'record' || b.type === 'enum' || b.type === 'fixed' ? b.fullName : b.type)).join(', ')}]`;
    case 'array':
    case 'map':
    case 'null':
    case 'boolean':
    case 'int':
    case 'long':
    case 'float':
    case 'double':
    case 'bytes':
    case 'string':
      return `"${node.type}"`;
  }
};

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
const LONG_LIMIT = 2 ** 63;

/**
 * Java's `Schema.isValidDefault` (Avro 1.12): a union default may match any branch, a record
 * default must give every field without its own default. `depth` bounds the walk over hostile,
 * deeply nested default values.
 */
const isValidDefault = (
  node: AvroNode,
  value: unknown,
  depth: number,
  maxDepth: number,
): boolean => {
  if (value === undefined || depth > maxDepth) return false;
  switch (node.type) {
    case 'string':
    case 'bytes':
    case 'enum':
    case 'fixed':
      return typeof value === 'string';
    case 'int':
      return (
        typeof value === 'number' && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX
      );
    case 'long':
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= LONG_LIMIT;
    case 'float':
    case 'double':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return (
        Array.isArray(value) &&
        value.every((v) => isValidDefault(node.items, v, depth + 1, maxDepth))
      );
    case 'map':
      return (
        isObject(value) &&
        Object.values(value).every((v) => isValidDefault(node.values, v, depth + 1, maxDepth))
      );
    case 'union':
      return node.branches.some((b) => isValidDefault(b, value, depth + 1, maxDepth));
    case 'record':
      return (
        isObject(value) &&
        node.fields.every((f) =>
          isValidDefault(f.type, f.name in value ? value[f.name] : f.default, depth + 1, maxDepth),
        )
      );
  }
};
