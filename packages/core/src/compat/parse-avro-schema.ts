import { isJsonObject } from '../model/json.js';
import { err, ok, type Result } from '../errors/result.js';
import { writeSchema } from './canonical-form.js';
import {
  AVRO_PRIMITIVE_TYPES,
  type AvroArrayNode,
  type AvroEnumNode,
  type AvroField,
  type AvroFieldOrder,
  type AvroFixedNode,
  type AvroMapNode,
  type AvroNamedNode,
  type AvroNode,
  type AvroPrimitiveNode,
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
  /** Deepest nesting of JSON objects and arrays accepted in the schema document. */
  readonly maxNestingDepth?: number;
  /** Stop collecting after this many errors. */
  readonly maxErrors?: number;
}

/**
 * Jackson's default `maxNestingDepth`: Avro Java reads schema text with it, so Confluent Schema
 * Registry refuses schemas that nest JSON objects and arrays deeper than this.
 */
export const DEFAULT_MAX_NESTING_DEPTH = 1_000;
const DEFAULT_MAX_ERRORS = 100;

const NAME_PART = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type JsonObject = Record<string, unknown>;

/**
 * Every node gets every slot, in one order, so that the checker's property reads see one object
 * shape (monomorphic in V8) whatever the node's type; unused slots stay undefined.
 */
const nodeSlots = () => ({
  type: undefined,
  pointer: '',
  logicalType: undefined,
  precision: undefined,
  scale: undefined,
  name: undefined,
  namespace: undefined,
  fullName: undefined,
  aliases: undefined,
  doc: undefined,
  isError: undefined,
  fields: undefined,
  fieldsByName: undefined,
  props: undefined,
  symbols: undefined,
  symbolSet: undefined,
  default: undefined,
  size: undefined,
  items: undefined,
  values: undefined,
  branches: undefined,
});
const makeNode = <T>(props: object): T => Object.assign(nodeSlots(), props) as unknown as T;

const fieldSlots = () => ({
  name: '',
  aliases: undefined,
  type: undefined,
  position: 0,
  hasDefault: false,
  default: undefined,
  order: undefined,
  doc: undefined,
  props: undefined,
  pointer: '',
});

// Attributes Avro Java does not keep as properties; every other attribute (logicalType, x-owner,
// ...) is a property, and properties count when Java compares two definitions of a name.
const SCHEMA_RESERVED: ReadonlySet<string> = new Set([
  'doc',
  'fields',
  'items',
  'name',
  'namespace',
  'size',
  'symbols',
  'values',
  'type',
  'aliases',
]);
const ENUM_RESERVED: ReadonlySet<string> = new Set([...SCHEMA_RESERVED, 'default']);
const FIELD_RESERVED: ReadonlySet<string> = new Set([
  'default',
  'doc',
  'name',
  'order',
  'type',
  'aliases',
]);

const propsOf = (
  json: Record<string, unknown>,
  reserved: ReadonlySet<string>,
): Record<string, unknown> | undefined => {
  let props: Record<string, unknown> | undefined;
  for (const key of Object.keys(json)) {
    if (!reserved.has(key)) (props ??= {})[key] = json[key];
  }
  return props;
};

const escapeToken = (token: string): string =>
  token.indexOf('~') < 0 && token.indexOf('/') < 0
    ? token
    : token.replace(/~/g, '~0').replace(/\//g, '~1');
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
 * stack; JSON nested deeper than `maxNestingDepth` (1,000, as Avro Java) is `TOO_DEEP`.
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

const parsedByObject = new WeakMap<object, Result<AvroSchemaModel, AvroSchemaError[]>>();

/**
 * `parseAvroSchema` with the default options, remembered per JSON object, so that the loader and
 * the gate reading the same contract parse it once. The object must not change afterwards.
 */
export const parseAvroSchemaOnce = (json: unknown): Result<AvroSchemaModel, AvroSchemaError[]> => {
  if (typeof json !== 'object' || json === null) return parseAvroSchema(json);
  let parsed = parsedByObject.get(json);
  if (parsed === undefined) {
    parsed = parseAvroSchema(json);
    parsedByObject.set(json, parsed);
  }
  return parsed;
};

/**
 * The JSON Pointer of the first object or array nested deeper than `limit` (the outermost
 * container is level 1), or undefined. Iterative, and stops on cyclic JavaScript objects too.
 */
const findTooDeep = (json: unknown, limit: number): string | undefined => {
  // Frames keep their parent and key; the pointer is spelled out only for the one that fails.
  interface Frame {
    readonly value: object;
    readonly depth: number;
    readonly parent: Frame | undefined;
    readonly key: string;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const stack: Frame[] = [{ value: json, depth: 1, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (frame.depth > limit) {
      let pointer = '';
      for (let f: Frame | undefined = frame; f?.parent; f = f.parent)
        pointer = child('', f.key) + pointer;
      return pointer;
    }
    const entries: [string, unknown][] = Array.isArray(frame.value)
      ? frame.value.map((v: unknown, i) => [String(i), v])
      : Object.entries(frame.value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, value] = entries[i] as [string, unknown];
      if (typeof value === 'object' && value !== null) {
        stack.push({ value, depth: frame.depth + 1, parent: frame, key });
      }
    }
  }
  return undefined;
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
  /** The name qualified with the enclosing namespace: a forward reference resolves by it alone. */
  readonly qualified: string;
  readonly pointer: string;
  readonly assign: (node: AvroNode) => void;
}

interface PendingDefault {
  readonly field: Mutable<AvroField>;
  readonly recordName: string;
}

interface Redefinition {
  readonly node: AvroNamedNode;
  readonly first: AvroNamedNode;
  readonly pointer: string;
}

/** Thrown while validating a default that reaches a record still being defined. */
class FieldsNotSetYet extends Error {}

class SchemaParser {
  private readonly maxDepth: number;
  private readonly maxErrors: number;
  private readonly errors: AvroSchemaError[] = [];
  private readonly named = new Map<string, AvroNamedNode>();
  private readonly refs: PendingRef[] = [];
  private readonly unions: AvroUnionNode[] = [];
  private readonly defaults: PendingDefault[] = [];
  private readonly badDefaults = new Set<AvroField>();
  private readonly redefinitions: Redefinition[] = [];
  /** Record redefinitions being read, and those found to refer to a record not yet complete. */
  private readonly openRedefinitions: AvroNamedNode[] = [];
  private readonly conflicting = new Set<AvroNamedNode>();
  /** Records whose fields are still being read (Java: "fields not set yet"). */
  private readonly inProgress = new Set<AvroNode>();
  /** Schemas to visit, and steps to run once a subtree is done (post-order). */
  private readonly stack: (Task | (() => void))[] = [];

  constructor(options: ParseAvroSchemaOptions) {
    this.maxDepth = options.maxNestingDepth ?? DEFAULT_MAX_NESTING_DEPTH;
    this.maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  }

  parse(json: unknown): Result<AvroSchemaModel, AvroSchemaError[]> {
    const tooDeep = findTooDeep(json, this.maxDepth);
    if (tooDeep !== undefined) {
      return err([
        this.error(
          'TOO_DEEP',
          tooDeep,
          `schema nests JSON objects and arrays deeper than ${this.maxDepth} levels (the limit of Avro's Java parser, and so of Confluent Schema Registry); flatten it or split it into named types`,
        ),
      ]);
    }
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
      const item = this.stack.pop() as Task | (() => void);
      if (typeof item === 'function') item();
      else this.visit(item);
    }
    this.resolveReferences();
    if (this.errors.length === 0) this.checkRedefinitions();
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
        task.assign(makeNode<AvroNode>({ type: json as AvroPrimitiveTypeName, pointer }));
      } else {
        this.reference(json, namespace, pointer, task.assign);
      }
      return;
    }
    if (Array.isArray(json)) {
      this.visitUnion(task, json);
      return;
    }
    if (!isJsonObject(json)) {
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
        const node = makeNode<Mutable<AvroArrayNode>>({ type: 'array', pointer });
        this.logical(node, json);
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
        const node = makeNode<Mutable<AvroMapNode>>({ type: 'map', pointer });
        this.logical(node, json);
        this.push(json['values'], child(pointer, 'values'), namespace, depth + 1, (n) => {
          node.values = n;
        });
        task.assign(node as AvroNode);
        return;
      }
      default:
        // {"type": "SomeNamedType"}: a reference written as an object (Java accepts it).
        this.reference(type, namespace, child(pointer, 'type'), task.assign);
    }
  }

  /**
   * A type name: resolved at once when already defined (in the enclosing namespace, then the null
   * namespace), else kept as a forward reference that only its qualified name resolves, as
   * Avro 1.12's parser does.
   */
  private reference(
    name: string,
    namespace: string,
    pointer: string,
    assign: (node: AvroNode) => void,
  ): void {
    const dotted = name.includes('.');
    const qualified = dotted || namespace === '' ? name : `${namespace}.${name}`;
    // The null-namespace fallback sees complete types only: a record still being read is found by
    // its full name alone (as the Avro 1.12 parser behaves).
    const fallback = dotted ? undefined : this.named.get(name);
    const known =
      this.named.get(qualified) ??
      (fallback && !this.inProgress.has(fallback) ? fallback : undefined);
    if (known && this.openRedefinitions.length > 0) {
      // Java refuses a record redefinition that refers to a record still being read or to its
      // own name (found with the Avro 1.12 parser; identical redefinitions pass otherwise).
      const own = this.openRedefinitions.some((r) => r.fullName === known.fullName);
      if (own || this.inProgress.has(known))
        for (const r of this.openRedefinitions) this.conflicting.add(r);
    }
    if (known) assign(known);
    else this.refs.push({ name, qualified, pointer, assign });
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
    const node = makeNode<Mutable<AvroPrimitiveNode>>({ type, pointer });
    this.logical(node, json);
    return node as AvroNode;
  }

  private logical(
    node: {
      logicalType?: string;
      precision?: number;
      scale?: number;
      props?: Readonly<Record<string, unknown>>;
    },
    json: JsonObject,
    reserved: ReadonlySet<string> = SCHEMA_RESERVED,
  ): void {
    const props = propsOf(json, reserved);
    if (props) node.props = props;
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
    const node = makeNode<AvroUnionNode>({ type: 'union', pointer: task.pointer, branches });
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
  private readNames(
    json: JsonObject,
    pointer: string,
    enclosing: string,
    kind: string,
  ):
    | {
        name: string;
        namespace: string;
        fullName: string;
        aliases: string[];
        doc?: string;
        redefines?: AvroNamedNode;
      }
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
    const existing = this.named.get(fullName);
    if (existing && this.inProgress.has(existing)) {
      this.report(
        'DUPLICATE_NAME',
        child(pointer, 'name'),
        `type "${fullName}" is defined again inside its own definition (at ${existing.pointer || '/'}); refer to it by name instead`,
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
    return {
      name,
      namespace,
      fullName,
      aliases,
      ...(typeof doc === 'string' ? { doc } : {}),
      ...(existing ? { redefines: existing } : {}),
    };
  }

  /** Java keeps the first definition of a name; a later one must equal it (docs and aliases aside). */
  private register(node: AvroNamedNode, redefines: AvroNamedNode | undefined): void {
    if (redefines) this.redefinitions.push({ node, first: redefines, pointer: node.pointer });
    else this.named.set(node.fullName, node);
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
    const info = this.readNames(json, pointer, task.namespace, 'record');
    if (!info) return;
    const { redefines, ...names } = info;
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
    const node = makeNode<Mutable<AvroRecordNode>>({
      type: 'record',
      pointer,
      isError,
      ...names,
      fields,
      fieldsByName,
    });
    this.register(node as AvroRecordNode, redefines);
    this.inProgress.add(node as AvroRecordNode);
    this.logical(node, json);
    const tasks: Task[] = [];
    rawFields.forEach((rawField: unknown, position) => {
      const at = child(child(pointer, 'fields'), position);
      if (!isJsonObject(rawField)) {
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
          // Java does not validate field aliases as names; they only have to be strings.
          rawAliases.forEach((alias: unknown, i) => {
            if (typeof alias === 'string') {
              aliases.push(alias);
            } else {
              this.report(
                'INVALID_NAME',
                child(child(at, 'aliases'), i),
                `field alias must be a string, found ${describe(alias)}`,
              );
            }
          });
        }
      }
      const rawOrder = rawField['order'];
      let order: AvroFieldOrder | undefined;
      if (rawOrder !== undefined) {
        const lower = typeof rawOrder === 'string' ? rawOrder.toLowerCase() : undefined;
        if (lower !== 'ascending' && lower !== 'descending' && lower !== 'ignore') {
          this.report(
            'INVALID_SCHEMA',
            child(at, 'order'),
            `"order" of field "${name}" must be "ascending", "descending" or "ignore", found ${describe(rawOrder)}`,
          );
          return;
        }
        order = lower;
      }
      const hasDefault = 'default' in rawField && rawField['default'] !== undefined;
      const doc = rawField['doc'];
      const props = propsOf(rawField, FIELD_RESERVED);
      const field: Mutable<AvroField> = Object.assign(fieldSlots(), {
        name,
        aliases,
        type: undefined as unknown as AvroNode,
        position,
        hasDefault,
        pointer: at,
        ...(hasDefault ? { default: rawField['default'] } : {}),
        ...(order !== undefined ? { order } : {}),
        ...(props ? { props } : {}),
        ...(typeof doc === 'string' ? { doc } : {}),
      }) as unknown as Mutable<AvroField>;
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
    // Post-order steps: Java validates a field's default once its type is read (before the
    // next field), and the record counts as defined only after its last field.
    this.stack.push(() => {
      this.inProgress.delete(node as AvroRecordNode);
      if (redefines) this.openRedefinitions.pop();
    });
    if (redefines) this.openRedefinitions.push(node as AvroRecordNode);
    for (let i = tasks.length - 1; i >= 0; i--) {
      const fieldTask = tasks[i] as Task;
      const field = fields[i] as AvroField;
      if (field.hasDefault) this.stack.push(() => this.checkDefaultNow(field, names.fullName));
      this.stack.push(fieldTask);
    }
    task.assign(node as AvroRecordNode);
  }

  private visitEnum(task: Task, json: JsonObject): void {
    const { pointer } = task;
    const info = this.readNames(json, pointer, task.namespace, 'enum');
    if (!info) return;
    const { redefines, ...names } = info;
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
    const node = makeNode<Mutable<AvroEnumNode>>({
      type: 'enum',
      pointer,
      ...names,
      symbols,
      symbolSet,
    });
    this.logical(node, json, ENUM_RESERVED);
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
    this.register(node as AvroEnumNode, redefines);
    task.assign(node as AvroEnumNode);
  }

  private visitFixed(task: Task, json: JsonObject): void {
    const { pointer } = task;
    const info = this.readNames(json, pointer, task.namespace, 'fixed');
    if (!info) return;
    const { redefines, ...names } = info;
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
    const node = makeNode<Mutable<AvroFixedNode>>({ type: 'fixed', pointer, ...names, size });
    this.logical(node, json);
    this.register(node as AvroFixedNode, redefines);
    task.assign(node as AvroFixedNode);
  }

  private resolveReferences(): void {
    for (const ref of this.refs) {
      const node = this.named.get(ref.qualified);
      if (node) {
        ref.assign(node);
      } else {
        this.report(
          'UNKNOWN_TYPE',
          ref.pointer,
          `unknown type "${ref.qualified}"${ref.qualified !== ref.name ? ` (written "${ref.name}")` : ''}; use a primitive type name or define the named type before this reference`,
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

  /**
   * The default as Java checks it when it creates the field: types not defined yet are empty
   * placeholder records (any object passes), and a default that reaches a record whose fields are
   * still being read fails ("Schema fields not set yet").
   */
  private checkDefaultNow(field: AvroField, recordName: string): void {
    let valid: boolean;
    try {
      valid = isValidFieldDefault(field, this.maxDepth, this.inProgress);
    } catch (error) {
      if (!(error instanceof FieldsNotSetYet)) throw error;
      this.badDefaults.add(field);
      this.report(
        'INVALID_DEFAULT',
        child(field.pointer, 'default'),
        `default ${describe(field.default)} of field "${field.name}" in record "${recordName}" reaches record "${error.message}" inside its own definition, which Avro cannot check ("Schema fields not set yet"); use a default that stops earlier, such as null`,
      );
      return;
    }
    if (!valid) this.reportDefault(field, recordName);
  }

  private reportDefault(field: AvroField, recordName: string): void {
    this.badDefaults.add(field);
    this.report(
      'INVALID_DEFAULT',
      child(field.pointer, 'default'),
      `default ${describe(field.default)} of field "${field.name}" in record "${recordName}" does not match its type ${field.type ? typeLabel(field.type) : 'a type defined later in the schema'}; give a default of that type`,
    );
  }

  /** And as Java checks it again once every name is resolved. */
  private checkDefaults(): void {
    for (const { field, recordName } of this.defaults) {
      if (this.badDefaults.has(field)) continue;
      if (!isValidFieldDefault(field, this.maxDepth, NOTHING_IN_PROGRESS)) {
        this.reportDefault(field, recordName);
      }
    }
  }

  private checkRedefinitions(): void {
    for (const { node, first, pointer } of this.redefinitions) {
      if (
        this.conflicting.has(node) ||
        writeSchema(node, 'equality') !== writeSchema(first, 'equality')
      ) {
        this.report(
          'DUPLICATE_NAME',
          child(pointer, 'name'),
          `type "${node.fullName}" is defined twice, differently (first at ${first.pointer || '/'}); define it once and refer to it by name`,
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

const NOTHING_IN_PROGRESS: ReadonlySet<AvroNode> = new Set();

/**
 * Java's parser first turns a textual default of a float or double field (the field's own type,
 * not a union) into a number with `Double.valueOf` ("NaN", "Infinity", "1.5"...), then validates.
 */
const isValidFieldDefault = (
  field: AvroField,
  maxDepth: number,
  inProgress: ReadonlySet<AvroNode>,
): boolean => {
  const type = field.type as AvroNode | undefined;
  if ((type?.type === 'float' || type?.type === 'double') && typeof field.default === 'string') {
    return JAVA_DOUBLE.test(field.default.trim());
  }
  return isValidDefault(type, field.default, 0, maxDepth, inProgress);
};

// What Java's Double.parseDouble accepts (after trimming): a textual float or double default.
const JAVA_DOUBLE =
  /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+)[fFdD]?)$/;

/**
 * Java's `Schema.isValidDefault` (Avro 1.12): a union default may match any branch, a record
 * default must give every field without its own default. `depth` bounds the walk over hostile,
 * deeply nested default values.
 */
const isValidDefault = (
  node: AvroNode | undefined,
  value: unknown,
  depth: number,
  maxDepth: number,
  inProgress: ReadonlySet<AvroNode>,
): boolean => {
  if (value === undefined || depth > maxDepth) return false;
  // A type not defined yet: Avro 1.12 stands in an empty record for it.
  if (node === undefined) return isJsonObject(value);
  const next = (n: AvroNode | undefined, v: unknown): boolean =>
    isValidDefault(n, v, depth + 1, maxDepth, inProgress);
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
      return Array.isArray(value) && value.every((v) => next(node.items, v));
    case 'map':
      return isJsonObject(value) && Object.values(value).every((v) => next(node.values, v));
    case 'union':
      return node.branches.some((b) => next(b, value));
    case 'record':
      if (!isJsonObject(value)) return false;
      if (inProgress.has(node)) throw new FieldsNotSetYet(node.fullName);
      return node.fields.every((f) => next(f.type, f.name in value ? value[f.name] : f.default));
  }
};
