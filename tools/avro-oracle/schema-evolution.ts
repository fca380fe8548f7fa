/**
 * Random Avro schemas and random evolutions of them, as fast-check arbitraries.
 *
 * A schema is kept as a model (a tree of type nodes plus a table of named types referenced by full
 * name) so that an evolution can rename, move or reshape a named type everywhere it is used; the
 * model is turned into Avro JSON at the end, defining each named type at its first use in
 * depth-first order, as Avro's parsers require. Every schema produced is meant to parse in Apache
 * Avro's Java parser with default validation (names, unions, enum defaults, field defaults against
 * the first union branch); the differential test treats an oracle parse error as a bug here.
 */
import fc from 'fast-check';

export type Primitive =
  'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

export type LogicalType =
  | { logicalType: 'date' | 'time-millis' }
  | { logicalType: 'timestamp-millis' | 'timestamp-micros' | 'local-timestamp-millis' }
  | { logicalType: 'uuid' }
  | { logicalType: 'decimal'; precision: number; scale: number };

export type TypeNode =
  | {
      kind: 'primitive';
      type: Primitive;
      logical?: LogicalType;
      objectForm?: boolean;
      props?: Props;
    }
  | { kind: 'array'; items: TypeNode }
  | { kind: 'map'; values: TypeNode }
  | { kind: 'union'; branches: TypeNode[] }
  | { kind: 'ref'; fullName: string };

/** How a named type spells its name in JSON: both spellings mean the same full name. */
export type NameStyle = 'split' | 'full' | 'inherit';

/** Custom attributes (`"x-owner": "sales"`): Avro keeps them as properties, the check ignores them. */
export type Props = Record<string, string | number | boolean>;

interface NamedBase {
  fullName: string;
  aliases: string[];
  nameStyle: NameStyle;
  doc?: string;
  props?: Props;
}

export interface Field {
  name: string;
  type: TypeNode;
  hasDefault: boolean;
  aliases: string[];
  order?: 'ascending' | 'descending' | 'ignore';
  doc?: string;
  props?: Props;
}

export type NamedType =
  | (NamedBase & { kind: 'record'; fields: Field[] })
  | (NamedBase & { kind: 'enum'; symbols: string[]; default?: string })
  | (NamedBase & { kind: 'fixed'; size: number; logical?: LogicalType });

export interface SchemaModel {
  root: TypeNode;
  named: Record<string, NamedType>;
}

/** One reader/writer pair and how it came about. */
export interface EvolutionCase {
  id: string;
  reader: unknown;
  writer: unknown;
  /** The evolution steps applied, in order, e.g. `evolved=reader: enum-remove-symbol com.acme.Status`. */
  steps: string[];
}

export type CompatibilityLevelName =
  | 'NONE'
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE';

export const LEVELS: readonly CompatibilityLevelName[] = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
];

/** A version history (oldest first) and a candidate to check against it at a level. */
export interface HistoryCase {
  id: string;
  level: CompatibilityLevelName;
  existing: unknown[];
  candidate: unknown;
  steps: string[];
}

// ---------------------------------------------------------------------------------------------
// Randomness

export interface Rng {
  int(min: number, max: number): number;
  bool(probability?: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(choices: readonly (readonly [number, T])[]): T;
  shuffle<T>(items: readonly T[]): T[];
}

export function rngFrom(random: fc.Random): Rng {
  const rng: Rng = {
    int: (min, max) => random.nextInt(min, max),
    bool: (probability = 0.5) => random.nextInt(0, 9999) < probability * 10000,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[random.nextInt(0, items.length - 1)] as (typeof items)[number];
    },
    weighted: (choices) => {
      const total = choices.reduce((sum, [w]) => sum + w, 0);
      let roll = random.nextInt(0, Math.max(0, total - 1));
      for (const [weight, value] of choices) {
        if (roll < weight) return value;
        roll -= weight;
      }
      const last = choices[choices.length - 1];
      if (!last) throw new Error('weighted choice from an empty list');
      return last[1];
    },
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = random.nextInt(0, i);
        [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
      }
      return out;
    },
  };
  return rng;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: realistic names, so that failures read like real contracts.

// prettier-ignore
const FIELD_NAMES = [
  'id', 'name', 'amount', 'status', 'created_at', 'updated_at', 'customer', 'items', 'price',
  'quantity', 'currency', 'email', 'address', 'tags', 'metadata', 'note', 'total', 'code', 'kind',
  'version', 'active', 'score', 'ratio', 'payload', 'children', 'parent', 'next', 'value', 'key',
  'label', 'country', 'city', 'street', 'zip', 'sku', 'discount', 'channel', 'source', 'region',
] as const;

// prettier-ignore
const TYPE_NAMES = [
  'Order', 'Customer', 'Address', 'Money', 'LineItem', 'Status', 'Currency', 'Hash', 'Event',
  'Payment', 'Shipment', 'Node', 'Tag', 'Country', 'Kind', 'Md5', 'Region', 'Price', 'Audit',
  'Refund', 'Invoice', 'Channel', 'Sku', 'Coupon', 'Warehouse',
] as const;

// prettier-ignore
const SYMBOLS = [
  'PLACED', 'PAID', 'SHIPPED', 'CANCELLED', 'RETURNED', 'PENDING', 'UNKNOWN', 'EUR', 'USD', 'GBP',
  'RED', 'GREEN', 'BLUE', 'A', 'B', 'C', 'D',
] as const;

const NAMESPACES = ['', 'com.acme', 'com.acme.sales', 'org.example.v1', 'shop'] as const;

function randomProps(rng: Rng): Props {
  return rng.pick<Props>([
    { 'x-owner': 'sales' },
    { 'x-owner': 'billing' },
    { 'connect.name': 'com.acme.Thing' },
    { 'x-pii': true },
    { 'x-version': 2 },
    { 'x-owner': 'sales', 'x-pii': false },
  ]);
}

const NUMERIC_AND_TEXT: readonly Primitive[] = [
  'int',
  'long',
  'float',
  'double',
  'string',
  'bytes',
];

/** Avro's promotions: writer type -> reader types that can read it. */
const PROMOTIONS: Record<string, readonly Primitive[]> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

export function splitName(fullName: string): { namespace: string; name: string } {
  const dot = fullName.lastIndexOf('.');
  return dot < 0
    ? { namespace: '', name: fullName }
    : { namespace: fullName.slice(0, dot), name: fullName.slice(dot + 1) };
}

function joinName(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}.${name}`;
}

// ---------------------------------------------------------------------------------------------
// Walking a model

/** A place that holds a type node, so an evolution can replace what is there. */
interface Slot {
  where: string;
  get(): TypeNode;
  set(node: TypeNode): void;
}

/** Named types reachable from the root, in depth-first order of first use. */
export function reachableNamed(model: SchemaModel): NamedType[] {
  const seen = new Set<string>();
  const out: NamedType[] = [];
  const visit = (node: TypeNode): void => {
    switch (node.kind) {
      case 'primitive':
        return;
      case 'array':
        return visit(node.items);
      case 'map':
        return visit(node.values);
      case 'union':
        return node.branches.forEach(visit);
      case 'ref': {
        if (seen.has(node.fullName)) return;
        seen.add(node.fullName);
        const named = model.named[node.fullName];
        if (!named) return;
        out.push(named);
        if (named.kind === 'record') named.fields.forEach((f) => visit(f.type));
        return;
      }
    }
  };
  visit(model.root);
  return out;
}

function slotsOf(model: SchemaModel): Slot[] {
  const slots: Slot[] = [];
  const inner = (where: string, node: TypeNode): void => {
    switch (node.kind) {
      case 'array':
        slots.push({
          where: `${where}/items`,
          get: () => node.items,
          set: (n) => (node.items = n),
        });
        inner(`${where}/items`, node.items);
        return;
      case 'map':
        slots.push({
          where: `${where}/values`,
          get: () => node.values,
          set: (n) => (node.values = n),
        });
        inner(`${where}/values`, node.values);
        return;
      case 'union':
        node.branches.forEach((b, i) => {
          slots.push({
            where: `${where}/${i}`,
            get: () => node.branches[i] as TypeNode,
            set: (n) => (node.branches[i] = n),
          });
          inner(`${where}/${i}`, b);
        });
        return;
      case 'primitive':
      case 'ref':
        return;
    }
  };
  slots.push({ where: 'root', get: () => model.root, set: (n) => (model.root = n) });
  inner('root', model.root);
  for (const named of reachableNamed(model)) {
    if (named.kind !== 'record') continue;
    for (const field of named.fields) {
      const where = `${named.fullName}.${field.name}`;
      slots.push({ where, get: () => field.type, set: (n) => (field.type = n) });
      inner(where, field.type);
    }
  }
  return slots;
}

function allNodes(model: SchemaModel): TypeNode[] {
  const out: TypeNode[] = [];
  const visit = (node: TypeNode): void => {
    out.push(node);
    if (node.kind === 'array') visit(node.items);
    else if (node.kind === 'map') visit(node.values);
    else if (node.kind === 'union') node.branches.forEach(visit);
  };
  visit(model.root);
  for (const named of Object.values(model.named)) {
    if (named.kind === 'record') named.fields.forEach((f) => visit(f.type));
  }
  return out;
}

function simpleNamesInUse(model: SchemaModel): Set<string> {
  return new Set(Object.keys(model.named).map((n) => splitName(n).name));
}

/** Gives a named type a new full name and repoints every reference to it. */
function renameNamed(model: SchemaModel, from: string, to: string): void {
  const named = model.named[from];
  if (!named || from === to || model.named[to]) return;
  for (const node of allNodes(model)) {
    if (node.kind === 'ref' && node.fullName === from) node.fullName = to;
  }
  delete model.named[from];
  named.fullName = to;
  model.named[to] = named;
}

// ---------------------------------------------------------------------------------------------
// Building random schemas

interface BuildOptions {
  maxDepth: number;
}

class Builder {
  constructor(
    readonly rng: Rng,
    readonly model: SchemaModel,
    readonly options: BuildOptions,
  ) {}

  freshTypeName(namespace: string): string {
    const used = simpleNamesInUse(this.model);
    for (let attempt = 0; attempt < 8; attempt++) {
      const name = this.rng.pick(TYPE_NAMES);
      if (!used.has(name)) return joinName(namespace, name);
    }
    let n = 2;
    const base = this.rng.pick(TYPE_NAMES);
    while (used.has(`${base}${n}`)) n++;
    return joinName(namespace, `${base}${n}`);
  }

  namespaceFor(enclosing: string): string {
    return this.rng.weighted([
      [6, enclosing],
      [3, this.rng.pick(NAMESPACES)],
    ]);
  }

  nameStyle(): NameStyle {
    return this.rng.weighted<NameStyle>([
      [5, 'split'],
      [2, 'full'],
      [3, 'inherit'],
    ]);
  }

  primitive(allowNull = true): TypeNode {
    const type = this.rng.weighted<Primitive>([
      [allowNull ? 2 : 0, 'null'],
      [3, 'boolean'],
      [8, 'int'],
      [8, 'long'],
      [4, 'float'],
      [5, 'double'],
      [3, 'bytes'],
      [10, 'string'],
    ]);
    const node: TypeNode = { kind: 'primitive', type };
    if (this.rng.bool(0.1)) node.objectForm = true;
    if (this.rng.bool(0.03)) node.props = randomProps(this.rng);
    if (this.rng.bool(0.12)) {
      const logical = logicalFor(this.rng, type);
      if (logical) node.logical = logical;
    }
    return node;
  }

  record(namespace: string, depth: number, stack: string[]): TypeNode {
    const fullName = this.freshTypeName(this.namespaceFor(namespace));
    const record: NamedType = {
      kind: 'record',
      fullName,
      aliases: [],
      nameStyle: this.nameStyle(),
      fields: [],
    };
    if (this.rng.bool(0.15)) record.aliases.push(this.aliasFor(fullName));
    if (this.rng.bool(0.2)) record.doc = `The ${splitName(fullName).name}.`;
    if (this.rng.bool(0.1)) record.props = randomProps(this.rng);
    this.model.named[fullName] = record;
    // Now and then a wide top-level record, as real contracts have.
    const wide = depth === 0 && this.rng.bool(0.02);
    const count = wide
      ? this.rng.int(30, 80)
      : this.rng.int(depth === 0 ? 1 : 0, depth === 0 ? 9 : 5);
    const inner = [...stack, fullName];
    for (let i = 0; i < count; i++) {
      record.fields.push(
        this.field(record.fields, splitName(fullName).namespace, depth + 1, inner),
      );
    }
    return { kind: 'ref', fullName };
  }

  aliasFor(fullName: string): string {
    const { namespace } = splitName(fullName);
    const ns = namespace === '' ? '' : this.rng.pick([namespace, namespace, 'legacy']);
    return joinName(ns, `${this.rng.pick(TYPE_NAMES)}Old`);
  }

  field(siblings: readonly Field[], namespace: string, depth: number, stack: string[]): Field {
    const used = new Set(siblings.map((f) => f.name));
    let name: string = this.rng.pick(FIELD_NAMES);
    for (let n = 2; used.has(name); n++) name = `${this.rng.pick(FIELD_NAMES)}${n}`;
    const field: Field = {
      name,
      type: this.type(namespace, depth, stack),
      hasDefault: this.rng.bool(0.45),
      aliases: [],
    };
    if (this.rng.bool(0.08)) field.aliases.push(`${name}_old`);
    if (this.rng.bool(0.05))
      field.order = this.rng.pick(['ascending', 'descending', 'ignore'] as const);
    if (this.rng.bool(0.1)) field.doc = `The ${name}.`;
    if (this.rng.bool(0.05)) field.props = randomProps(this.rng);
    return field;
  }

  enumType(namespace: string): TypeNode {
    const fullName = this.freshTypeName(this.namespaceFor(namespace));
    const symbols = this.rng.shuffle(SYMBOLS).slice(0, this.rng.int(1, 5));
    const named: NamedType = {
      kind: 'enum',
      fullName,
      aliases: [],
      nameStyle: this.nameStyle(),
      symbols,
    };
    if (this.rng.bool(0.3)) named.default = this.rng.pick(symbols);
    if (this.rng.bool(0.1)) named.aliases.push(this.aliasFor(fullName));
    if (this.rng.bool(0.08)) named.props = randomProps(this.rng);
    this.model.named[fullName] = named;
    return { kind: 'ref', fullName };
  }

  fixedType(namespace: string): TypeNode {
    const fullName = this.freshTypeName(this.namespaceFor(namespace));
    const size = this.rng.pick([1, 2, 4, 8, 12, 16, 32]);
    const named: NamedType = {
      kind: 'fixed',
      fullName,
      aliases: [],
      nameStyle: this.nameStyle(),
      size,
    };
    if (size >= 8 && this.rng.bool(0.2)) {
      named.logical = { logicalType: 'decimal', precision: this.rng.int(1, 18), scale: 0 };
      named.logical.scale = this.rng.int(0, named.logical.precision);
    }
    this.model.named[fullName] = named;
    return { kind: 'ref', fullName };
  }

  /** Any type but a union (union branches, and the non-null side of a nullable). */
  nonUnion(namespace: string, depth: number, stack: string[]): TypeNode {
    const deep = depth >= this.options.maxDepth;
    const existing = Object.keys(this.model.named);
    const kind = this.rng.weighted([
      [50, 'primitive'],
      [deep ? 0 : 11, 'record'],
      [8, 'enum'],
      [4, 'fixed'],
      [deep ? 0 : 8, 'array'],
      [deep ? 0 : 6, 'map'],
      [existing.length > 0 ? 4 : 0, 'reuse'],
    ] as const);
    switch (kind) {
      case 'primitive':
        return this.primitive(false);
      case 'record':
        return this.record(namespace, depth, stack);
      case 'enum':
        return this.enumType(namespace);
      case 'fixed':
        return this.fixedType(namespace);
      case 'array':
        return { kind: 'array', items: this.type(namespace, depth + 1, stack) };
      case 'map':
        return { kind: 'map', values: this.type(namespace, depth + 1, stack) };
      case 'reuse':
        return { kind: 'ref', fullName: this.rng.pick(existing) };
    }
  }

  type(namespace: string, depth: number, stack: string[]): TypeNode {
    const kind = this.rng.weighted([
      [70, 'plain'],
      [14, 'nullable'],
      [6, 'union'],
      [stack.length > 0 ? 4 : 0, 'recursive'],
      [1, 'empty-union'],
    ] as const);
    switch (kind) {
      case 'plain':
        return this.nonUnion(namespace, depth, stack);
      case 'nullable': {
        const inner = this.nonUnion(namespace, depth, stack);
        const nul: TypeNode = { kind: 'primitive', type: 'null' };
        return { kind: 'union', branches: this.rng.bool(0.8) ? [nul, inner] : [inner, nul] };
      }
      case 'union': {
        const count = this.rng.int(2, 4);
        const branches: TypeNode[] = [];
        for (let i = 0; i < count; i++) {
          branches.push(
            this.rng.bool(0.5) ? this.primitive() : this.nonUnion(namespace, depth + 1, stack),
          );
        }
        return { kind: 'union', branches: dedupeBranches(branches) };
      }
      case 'recursive': {
        // Recursion only behind a null branch or a collection, so a finite value exists.
        const self: TypeNode = { kind: 'ref', fullName: this.rng.pick(stack) };
        return this.rng.weighted<TypeNode>([
          [3, { kind: 'union', branches: [{ kind: 'primitive', type: 'null' }, self] }],
          [2, { kind: 'array', items: self }],
          [1, { kind: 'map', values: self }],
        ]);
      }
      case 'empty-union':
        return { kind: 'union', branches: [] };
    }
  }
}

function logicalFor(rng: Rng, type: Primitive): LogicalType | undefined {
  switch (type) {
    case 'int':
      return { logicalType: rng.pick(['date', 'time-millis'] as const) };
    case 'long':
      return {
        logicalType: rng.pick([
          'timestamp-millis',
          'timestamp-micros',
          'local-timestamp-millis',
        ] as const),
      };
    case 'string':
      return { logicalType: 'uuid' };
    case 'bytes': {
      const precision = rng.int(1, 30);
      return { logicalType: 'decimal', precision, scale: rng.int(0, precision) };
    }
    default:
      return undefined;
  }
}

/** The key under which Avro refuses two branches of one union. */
function branchKey(node: TypeNode): string {
  switch (node.kind) {
    case 'primitive':
      return node.type;
    case 'array':
    case 'map':
    case 'union':
      return node.kind;
    case 'ref':
      return `ref:${node.fullName}`;
  }
}

function dedupeBranches(branches: TypeNode[]): TypeNode[] {
  const seen = new Set<string>();
  const out: TypeNode[] = [];
  for (const b of branches.flatMap((x) => (x.kind === 'union' ? x.branches : [x]))) {
    const key = branchKey(b);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(b);
  }
  return out;
}

export function randomSchema(rng: Rng, maxDepth = 3): SchemaModel {
  const model: SchemaModel = { root: { kind: 'primitive', type: 'null' }, named: {} };
  const builder = new Builder(rng, model, { maxDepth });
  const ns = rng.pick(NAMESPACES);
  model.root = rng.weighted<() => TypeNode>([
    [88, () => builder.record(ns, 0, [])],
    [3, () => builder.enumType(ns)],
    [2, () => builder.fixedType(ns)],
    [2, () => builder.primitive()],
    [5, () => builder.type(ns, 1, [])],
  ])();
  normalize(model);
  return model;
}

// ---------------------------------------------------------------------------------------------
// Evolutions

type Evolution = (rng: Rng, model: SchemaModel, builder: Builder) => string | undefined;

function pickRecord(rng: Rng, model: SchemaModel): (NamedType & { kind: 'record' }) | undefined {
  const records = reachableNamed(model).filter(
    (n): n is NamedType & { kind: 'record' } => n.kind === 'record',
  );
  return records.length === 0 ? undefined : rng.pick(records);
}

function pickField(
  rng: Rng,
  model: SchemaModel,
): { record: NamedType & { kind: 'record' }; field: Field; index: number } | undefined {
  const records = reachableNamed(model).filter(
    (n): n is NamedType & { kind: 'record' } => n.kind === 'record' && n.fields.length > 0,
  );
  if (records.length === 0) return undefined;
  const record = rng.pick(records);
  const index = rng.int(0, record.fields.length - 1);
  return { record, field: record.fields[index] as Field, index };
}

function pickOf<K extends NamedType['kind']>(
  rng: Rng,
  model: SchemaModel,
  kind: K,
): (NamedType & { kind: K }) | undefined {
  const all = reachableNamed(model).filter((n): n is NamedType & { kind: K } => n.kind === kind);
  return all.length === 0 ? undefined : rng.pick(all);
}

function pickSlot(
  rng: Rng,
  model: SchemaModel,
  accept: (n: TypeNode) => boolean,
): Slot | undefined {
  const slots = slotsOf(model).filter((s) => accept(s.get()));
  return slots.length === 0 ? undefined : rng.pick(slots);
}

const EVOLUTIONS: readonly (readonly [number, string, Evolution])[] = [
  [
    10,
    'field-add',
    (rng, model, builder) => {
      const record = pickRecord(rng, model);
      if (!record) return undefined;
      const { namespace } = splitName(record.fullName);
      const field = builder.field(record.fields, namespace, 2, [record.fullName]);
      field.hasDefault = rng.bool(0.5);
      record.fields.splice(rng.int(0, record.fields.length), 0, field);
      return `field-add ${record.fullName}.${field.name}${field.hasDefault ? ' (default)' : ''}`;
    },
  ],
  [
    9,
    'field-remove',
    (rng, model) => {
      const hit = pickField(rng, model);
      if (!hit) return undefined;
      hit.record.fields.splice(hit.index, 1);
      return `field-remove ${hit.record.fullName}.${hit.field.name}`;
    },
  ],
  [
    6,
    'field-rename',
    (rng, model) => {
      const hit = pickField(rng, model);
      if (!hit) return undefined;
      const used = new Set(hit.record.fields.map((f) => f.name));
      let name: string = rng.pick(FIELD_NAMES);
      for (let n = 2; used.has(name); n++) name = `${rng.pick(FIELD_NAMES)}${n}`;
      const old = hit.field.name;
      hit.field.name = name;
      const alias = rng.bool(0.5);
      if (alias) hit.field.aliases = [...hit.field.aliases.filter((a) => a !== name), old];
      else hit.field.aliases = hit.field.aliases.filter((a) => a !== name);
      return `field-rename ${hit.record.fullName}.${old} -> ${name}${alias ? ' (alias old)' : ''}`;
    },
  ],
  [
    2,
    'field-alias',
    (rng, model) => {
      const hit = pickField(rng, model);
      if (!hit) return undefined;
      const alias: string = rng.pick(FIELD_NAMES);
      if (alias === hit.field.name || hit.field.aliases.includes(alias)) return undefined;
      hit.field.aliases.push(alias);
      return `field-alias ${hit.record.fullName}.${hit.field.name} += ${alias}`;
    },
  ],
  [
    8,
    'field-default-toggle',
    (rng, model) => {
      const hit = pickField(rng, model);
      if (!hit) return undefined;
      hit.field.hasDefault = !hit.field.hasDefault;
      return `field-default ${hit.record.fullName}.${hit.field.name} ${hit.field.hasDefault ? 'added' : 'removed'}`;
    },
  ],
  [
    2,
    'field-reorder',
    (rng, model) => {
      const record = pickRecord(rng, model);
      if (!record || record.fields.length < 2) return undefined;
      record.fields = rng.shuffle(record.fields);
      if (rng.bool(0.3)) {
        const f = rng.pick(record.fields);
        f.order = rng.pick(['ascending', 'descending', 'ignore'] as const);
        f.doc = 'Changed.';
      }
      return `field-reorder ${record.fullName}`;
    },
  ],
  [
    10,
    'type-promote',
    (rng, model) => {
      const slot = pickSlot(
        rng,
        model,
        (n) => n.kind === 'primitive' && NUMERIC_AND_TEXT.includes(n.type),
      );
      if (!slot) return undefined;
      const node = slot.get();
      if (node.kind !== 'primitive') return undefined;
      const to = rng.pick<Primitive>(PROMOTIONS[node.type] ?? ['double']);
      slot.set({ kind: 'primitive', type: to });
      return `type-promote ${slot.where} ${node.type} -> ${to}`;
    },
  ],
  [
    6,
    'type-narrow',
    (rng, model) => {
      const slot = pickSlot(
        rng,
        model,
        (n) =>
          n.kind === 'primitive' && ['long', 'float', 'double', 'string', 'bytes'].includes(n.type),
      );
      if (!slot) return undefined;
      const node = slot.get();
      if (node.kind !== 'primitive') return undefined;
      const narrower = NUMERIC_AND_TEXT.filter((t) => (PROMOTIONS[t] ?? []).includes(node.type));
      if (narrower.length === 0) return undefined;
      const to = rng.pick(narrower);
      slot.set({ kind: 'primitive', type: to });
      return `type-narrow ${slot.where} ${node.type} -> ${to}`;
    },
  ],
  [
    6,
    'type-replace',
    (rng, model, builder) => {
      const slot = pickSlot(rng, model, () => true);
      if (!slot) return undefined;
      const replacement = builder.type('', 2, []);
      slot.set(replacement);
      return `type-replace ${slot.where} -> ${replacement.kind}`;
    },
  ],
  [
    3,
    'logical-toggle',
    (rng, model) => {
      const slot = pickSlot(rng, model, (n) => n.kind === 'primitive');
      if (!slot) return undefined;
      const node = slot.get();
      if (node.kind !== 'primitive') return undefined;
      const copy: TypeNode = { kind: 'primitive', type: node.type };
      if (!node.logical) {
        const logical = logicalFor(rng, node.type);
        if (!logical) return undefined;
        copy.logical = logical;
      }
      if (rng.bool(0.3)) copy.objectForm = true;
      slot.set(copy);
      return `logical-toggle ${slot.where} ${copy.logical?.logicalType ?? 'none'}`;
    },
  ],
  [
    7,
    'union-wrap',
    (rng, model, builder) => {
      const slot = pickSlot(rng, model, (n) => n.kind !== 'union');
      if (!slot) return undefined;
      const other = rng.bool(0.6)
        ? ({ kind: 'primitive', type: 'null' } as TypeNode)
        : builder.nonUnion('', 3, []);
      const branches = dedupeBranches(rng.bool(0.7) ? [other, slot.get()] : [slot.get(), other]);
      slot.set({ kind: 'union', branches });
      return `union-wrap ${slot.where} with ${other.kind === 'primitive' ? other.type : other.kind}`;
    },
  ],
  [
    4,
    'union-unwrap',
    (rng, model) => {
      const slot = pickSlot(rng, model, (n) => n.kind === 'union' && n.branches.length > 0);
      if (!slot) return undefined;
      const node = slot.get();
      if (node.kind !== 'union') return undefined;
      const keep = rng.int(0, node.branches.length - 1);
      slot.set(node.branches[keep] as TypeNode);
      return `union-unwrap ${slot.where} keep branch ${keep}`;
    },
  ],
  [
    6,
    'union-add-branch',
    (rng, model, builder) => {
      const slot = pickSlot(rng, model, (n) => n.kind === 'union');
      if (!slot) return undefined;
      const node = slot.get();
      if (node.kind !== 'union') return undefined;
      const branch = rng.bool(0.5) ? builder.primitive() : builder.nonUnion('', 3, []);
      const at = rng.int(0, node.branches.length);
      const branches = [...node.branches];
      branches.splice(at, 0, branch);
      slot.set({ kind: 'union', branches: dedupeBranches(branches) });
      return `union-add-branch ${slot.where} at ${at}`;
    },
  ],
  [
    6,
    'union-remove-branch',
    (rng, model) => {
      const slot = pickSlot(rng, model, (n) => n.kind === 'union' && n.branches.length > 0);
      if (!slot) return undefined;
      const node = slot.get();
      if (node.kind !== 'union') return undefined;
      const at = rng.int(0, node.branches.length - 1);
      slot.set({ kind: 'union', branches: node.branches.filter((_, i) => i !== at) });
      return `union-remove-branch ${slot.where} ${at}`;
    },
  ],
  [
    2,
    'union-reorder',
    (rng, model) => {
      const slot = pickSlot(rng, model, (n) => n.kind === 'union' && n.branches.length > 1);
      if (!slot) return undefined;
      const node = slot.get();
      if (node.kind !== 'union') return undefined;
      slot.set({ kind: 'union', branches: rng.shuffle(node.branches) });
      return `union-reorder ${slot.where}`;
    },
  ],
  [
    4,
    'nest',
    (rng, model) => {
      const slot = pickSlot(rng, model, () => true);
      if (!slot) return undefined;
      const how = rng.pick(['array', 'map'] as const);
      slot.set(
        how === 'array'
          ? { kind: 'array', items: slot.get() }
          : { kind: 'map', values: slot.get() },
      );
      return `nest ${slot.where} in ${how}`;
    },
  ],
  [
    3,
    'unnest',
    (rng, model) => {
      const slot = pickSlot(rng, model, (n) => n.kind === 'array' || n.kind === 'map');
      if (!slot) return undefined;
      const node = slot.get();
      if (node.kind === 'array') slot.set(node.items);
      else if (node.kind === 'map') slot.set(node.values);
      return `unnest ${slot.where}`;
    },
  ],
  [
    3,
    'collection-swap',
    (rng, model) => {
      const slot = pickSlot(rng, model, (n) => n.kind === 'array' || n.kind === 'map');
      if (!slot) return undefined;
      const node = slot.get();
      if (node.kind === 'array') slot.set({ kind: 'map', values: node.items });
      else if (node.kind === 'map') slot.set({ kind: 'array', items: node.values });
      return `collection-swap ${slot.where}`;
    },
  ],
  [
    3,
    'record-wrap-field',
    (rng, model, builder) => {
      // Moves a field into a new nested record: the shape changes, the leaf type does not.
      const hit = pickField(rng, model);
      if (!hit) return undefined;
      const fullName = builder.freshTypeName(splitName(hit.record.fullName).namespace);
      model.named[fullName] = {
        kind: 'record',
        fullName,
        aliases: [],
        nameStyle: 'inherit',
        fields: [{ ...hit.field, aliases: [...hit.field.aliases] }],
      };
      hit.field.type = { kind: 'ref', fullName };
      return `record-wrap-field ${hit.record.fullName}.${hit.field.name} in ${fullName}`;
    },
  ],
  [
    7,
    'enum-add-symbol',
    (rng, model) => {
      const e = pickOf(rng, model, 'enum');
      if (!e) return undefined;
      const symbol = rng.pick(SYMBOLS.filter((s) => !e.symbols.includes(s)));
      e.symbols.splice(rng.int(0, e.symbols.length), 0, symbol);
      return `enum-add-symbol ${e.fullName} ${symbol}`;
    },
  ],
  [
    7,
    'enum-remove-symbol',
    (rng, model) => {
      const e = pickOf(rng, model, 'enum');
      if (!e || e.symbols.length < 2) return undefined;
      const symbol = rng.pick(e.symbols);
      e.symbols = e.symbols.filter((s) => s !== symbol);
      if (e.default === symbol) {
        if (rng.bool(0.5)) e.default = rng.pick(e.symbols);
        else delete e.default;
      }
      return `enum-remove-symbol ${e.fullName} ${symbol}`;
    },
  ],
  [
    5,
    'enum-default-toggle',
    (rng, model) => {
      const e = pickOf(rng, model, 'enum');
      if (!e) return undefined;
      if (e.default === undefined) e.default = rng.pick(e.symbols);
      else delete e.default;
      return `enum-default ${e.fullName} ${e.default ?? 'removed'}`;
    },
  ],
  [
    1,
    'enum-reorder',
    (rng, model) => {
      const e = pickOf(rng, model, 'enum');
      if (!e) return undefined;
      e.symbols = rng.shuffle(e.symbols);
      return `enum-reorder ${e.fullName}`;
    },
  ],
  [
    5,
    'fixed-resize',
    (rng, model) => {
      const f = pickOf(rng, model, 'fixed');
      if (!f) return undefined;
      const from = f.size;
      f.size = rng.pick([1, 2, 4, 8, 12, 16, 32].filter((s) => s !== from));
      if (f.logical && f.size < 8) delete f.logical;
      return `fixed-resize ${f.fullName} ${from} -> ${f.size}`;
    },
  ],
  [
    6,
    'named-rename',
    (rng, model, builder) => {
      const all = reachableNamed(model);
      if (all.length === 0) return undefined;
      const target = rng.pick(all);
      const from = target.fullName;
      const to = builder.freshTypeName(splitName(from).namespace);
      renameNamed(model, from, to);
      const alias = rng.bool(0.4);
      if (alias) target.aliases = [...target.aliases, from];
      return `named-rename ${from} -> ${to}${alias ? ' (alias old)' : ''}`;
    },
  ],
  [
    5,
    'named-namespace',
    (rng, model) => {
      const named = rng.pick([...reachableNamed(model), undefined]);
      if (!named) return undefined;
      const from = named.fullName;
      const { name, namespace } = splitName(from);
      const ns = rng.pick(NAMESPACES.filter((n) => n !== namespace));
      const to = joinName(ns, name);
      if (model.named[to]) return undefined;
      renameNamed(model, from, to);
      const alias = rng.bool(0.3);
      if (alias) named.aliases = [...named.aliases, from];
      if (rng.bool(0.3)) named.nameStyle = rng.pick(['split', 'full', 'inherit'] as const);
      return `named-namespace ${from} -> ${to}${alias ? ' (alias old)' : ''}`;
    },
  ],
  [
    2,
    'props-change',
    (rng, model) => {
      const named = rng.pick([...reachableNamed(model), undefined]);
      if (!named) return undefined;
      if (named.kind === 'record' && named.fields.length > 0 && rng.bool()) {
        const field = rng.pick(named.fields);
        if (rng.bool(0.8)) field.props = randomProps(rng);
        else delete field.props;
        return `props-change ${named.fullName}.${field.name}`;
      }
      if (rng.bool(0.8)) named.props = randomProps(rng);
      else delete named.props;
      return `props-change ${named.fullName}`;
    },
  ],
  [
    2,
    'named-alias',
    (rng, model, builder) => {
      const named = rng.pick([...reachableNamed(model), undefined]);
      if (!named) return undefined;
      const alias = builder.aliasFor(named.fullName);
      named.aliases = [...named.aliases, alias];
      return `named-alias ${named.fullName} += ${alias}`;
    },
  ],
];

/**
 * Fixes what an evolution may have broken so Java still parses the schema: nested or duplicate
 * union branches, duplicate names, enum defaults outside the symbols, aliases that cannot be
 * spelled.
 */
function normalize(model: SchemaModel): void {
  moveSharedNullNamespaceTypes(model);
  for (const node of allNodes(model)) {
    if (node.kind === 'union') node.branches = dedupeBranches(node.branches);
  }
  if (model.root.kind === 'union') model.root.branches = dedupeBranches(model.root.branches);
  for (const named of Object.values(model.named)) {
    const { namespace } = splitName(named.fullName);
    named.aliases = [...new Set(named.aliases)].filter(
      // An alias is read relative to the type's namespace: a null-namespace alias of a
      // namespaced type cannot be written down.
      (a) => a !== named.fullName && !(namespace !== '' && splitName(a).namespace === ''),
    );
    if (named.kind === 'record') {
      const seen = new Set<string>();
      named.fields = named.fields.filter((f) => !seen.has(f.name) && seen.add(f.name));
      for (const f of named.fields) {
        f.aliases = [...new Set(f.aliases)].filter((a) => a !== f.name);
      }
    } else if (named.kind === 'enum') {
      named.symbols = [...new Set(named.symbols)];
      if (named.symbols.length === 0) named.symbols = ['UNKNOWN'];
      if (named.default !== undefined && !named.symbols.includes(named.default))
        delete named.default;
    }
  }
}

/**
 * Java's parser resolves a short name only in the enclosing namespace, so a null-namespace type
 * cannot be referenced from inside a namespaced record. Such a type that is used more than once
 * (its later uses are references) moves to a namespace when the schema has namespaced types.
 */
function moveSharedNullNamespaceTypes(model: SchemaModel): void {
  const reachable = reachableNamed(model);
  if (!reachable.some((n) => splitName(n.fullName).namespace !== '')) return;
  const uses = new Map<string, number>();
  const count = (node: TypeNode): void => {
    if (node.kind === 'ref') uses.set(node.fullName, (uses.get(node.fullName) ?? 0) + 1);
    else if (node.kind === 'array') count(node.items);
    else if (node.kind === 'map') count(node.values);
    else if (node.kind === 'union') node.branches.forEach(count);
  };
  count(model.root);
  for (const named of reachable) {
    if (named.kind === 'record') named.fields.forEach((f) => count(f.type));
  }
  for (const named of reachable) {
    const { namespace, name } = splitName(named.fullName);
    if (namespace === '' && (uses.get(named.fullName) ?? 0) > 1) {
      const to = joinName('com.acme', name);
      if (!model.named[to]) renameNamed(model, named.fullName, to);
    }
  }
}

function cloneModel(model: SchemaModel): SchemaModel {
  return structuredClone(model);
}

/** Applies `count` random evolutions; returns the step descriptions. */
export function evolve(rng: Rng, model: SchemaModel, count: number): string[] {
  const steps: string[] = [];
  const builder = new Builder(rng, model, { maxDepth: 4 });
  const table = EVOLUTIONS.map(([w, , f]) => [w, f] as const);
  for (let attempt = 0; steps.length < count && attempt < count * 6; attempt++) {
    const step = rng.weighted(table)(rng, model, builder);
    if (step !== undefined) {
      normalize(model);
      steps.push(step);
    }
  }
  return steps;
}

// ---------------------------------------------------------------------------------------------
// Model -> Avro JSON

const CANNOT_DEFAULT = Symbol('cannot-default');

/** A value of `node`'s type for a field default, or CANNOT_DEFAULT (no finite value). */
function defaultValue(model: SchemaModel, node: TypeNode, building: Set<string>): unknown {
  switch (node.kind) {
    case 'primitive':
      switch (node.type) {
        case 'null':
          return null;
        case 'boolean':
          return true;
        case 'int':
          return 7;
        case 'long':
          return 1700000000000;
        case 'float':
          return 1.5;
        case 'double':
          return -2.25;
        case 'bytes':
          return '\u0000\u00ff';
        case 'string':
          return 'n/a';
      }
      return CANNOT_DEFAULT;
    case 'array':
      return [];
    case 'map':
      return {};
    case 'union': {
      const first = node.branches[0];
      return first ? defaultValue(model, first, building) : CANNOT_DEFAULT;
    }
    case 'ref': {
      const named = model.named[node.fullName];
      if (!named) return CANNOT_DEFAULT;
      switch (named.kind) {
        case 'enum':
          return named.symbols[0] ?? CANNOT_DEFAULT;
        case 'fixed':
          return 'x'.repeat(named.size);
        case 'record': {
          if (building.has(named.fullName)) return CANNOT_DEFAULT;
          building.add(named.fullName);
          const value: Record<string, unknown> = {};
          for (const f of named.fields) {
            const v = defaultValue(model, f.type, building);
            if (v === CANNOT_DEFAULT) {
              building.delete(named.fullName);
              return CANNOT_DEFAULT;
            }
            value[f.name] = v;
          }
          building.delete(named.fullName);
          return value;
        }
      }
    }
  }
}

/** Avro JSON for a model: named types defined at first use, references by name after that. */
export function toAvro(model: SchemaModel): unknown {
  const defined = new Set<string>();
  // Records whose fields are being written: Java cannot check a default that reaches into one.
  const open = new Set<string>();
  const emit = (node: TypeNode, enclosingNs: string): unknown => {
    switch (node.kind) {
      case 'primitive': {
        if (!node.logical && !node.objectForm && !node.props) return node.type;
        return { type: node.type, ...(node.logical ?? {}), ...(node.props ?? {}) };
      }
      case 'array':
        return { type: 'array', items: emit(node.items, enclosingNs) };
      case 'map':
        return { type: 'map', values: emit(node.values, enclosingNs) };
      case 'union':
        return node.branches.map((b) => emit(b, enclosingNs));
      case 'ref': {
        const named = model.named[node.fullName];
        if (!named) throw new Error(`dangling reference to ${node.fullName}`);
        const { namespace, name } = splitName(named.fullName);
        if (defined.has(named.fullName)) {
          // A short reference resolves in the enclosing namespace, then in the null namespace.
          return namespace === enclosingNs || namespace === '' ? name : named.fullName;
        }
        defined.add(named.fullName);
        const out: Record<string, unknown> = { type: named.kind };
        switch (named.nameStyle) {
          case 'full':
            out.name = named.fullName;
            if (namespace === '' && enclosingNs !== '') out.namespace = '';
            break;
          case 'inherit':
            out.name = name;
            if (namespace !== enclosingNs) out.namespace = namespace;
            break;
          case 'split':
            out.name = name;
            if (namespace !== '' || enclosingNs !== '') out.namespace = namespace;
            break;
        }
        if (named.doc !== undefined) out.doc = named.doc;
        if (named.props) Object.assign(out, named.props);
        if (named.aliases.length > 0) {
          out.aliases = named.aliases.map((a) => {
            const parts = splitName(a);
            return parts.namespace === namespace ? parts.name : a;
          });
        }
        switch (named.kind) {
          case 'record':
            open.add(named.fullName);
            out.fields = named.fields.map((f) => {
              const field: Record<string, unknown> = {
                name: f.name,
                type: emit(f.type, namespace),
              };
              if (f.doc !== undefined) field.doc = f.doc;
              if (f.props) Object.assign(field, f.props);
              if (f.hasDefault) {
                const value = defaultValue(model, f.type, new Set(open));
                if (value !== CANNOT_DEFAULT) field.default = value;
              }
              if (f.order !== undefined) field.order = f.order;
              if (f.aliases.length > 0) field.aliases = f.aliases;
              return field;
            });
            open.delete(named.fullName);
            break;
          case 'enum':
            out.symbols = named.symbols;
            if (named.default !== undefined) out.default = named.default;
            break;
          case 'fixed':
            out.size = named.size;
            if (named.logical) Object.assign(out, named.logical);
            break;
        }
        return out;
      }
    }
  };
  return emit(model.root, '');
}

// ---------------------------------------------------------------------------------------------
// Cases

export function buildEvolutionCase(rng: Rng, id: string): EvolutionCase {
  const base = randomSchema(rng);
  const shape = rng.weighted([
    [86, 'one-side'],
    [10, 'both-sides'],
    [4, 'identical'],
  ] as const);
  if (shape === 'identical') {
    return { id, reader: toAvro(base), writer: toAvro(cloneModel(base)), steps: ['identical'] };
  }
  if (shape === 'both-sides') {
    const a = cloneModel(base);
    const b = cloneModel(base);
    const stepsA = evolve(rng, a, rng.int(1, 3));
    const stepsB = evolve(rng, b, rng.int(1, 3));
    return {
      id,
      reader: toAvro(a),
      writer: toAvro(b),
      steps: [...stepsA.map((s) => `reader: ${s}`), ...stepsB.map((s) => `writer: ${s}`)],
    };
  }
  const evolved = cloneModel(base);
  const steps = evolve(
    rng,
    evolved,
    rng.weighted([
      [5, 1],
      [3, 2],
      [2, 3],
      [1, 5],
    ] as const),
  );
  const evolvedIsReader = rng.bool();
  return evolvedIsReader
    ? { id, reader: toAvro(evolved), writer: toAvro(base), steps: steps.map((s) => `reader: ${s}`) }
    : {
        id,
        reader: toAvro(base),
        writer: toAvro(evolved),
        steps: steps.map((s) => `writer: ${s}`),
      };
}

export function buildHistoryCase(rng: Rng, id: string): HistoryCase {
  const first = randomSchema(rng, 2);
  const versions = [first];
  const steps: string[] = [];
  const count = rng.int(1, 5);
  for (let v = 1; v < count; v++) {
    const next = cloneModel(versions[versions.length - 1] as SchemaModel);
    steps.push(...evolve(rng, next, rng.int(1, 2)).map((s) => `v${v + 1}: ${s}`));
    versions.push(next);
  }
  const candidate = cloneModel(
    rng.bool(0.8) ? (versions[versions.length - 1] as SchemaModel) : rng.pick(versions),
  );
  steps.push(...evolve(rng, candidate, rng.int(0, 2)).map((s) => `candidate: ${s}`));
  return {
    id,
    level: rng.weighted([
      [1, 'NONE'],
      [4, 'BACKWARD'],
      [4, 'BACKWARD_TRANSITIVE'],
      [4, 'FORWARD'],
      [4, 'FORWARD_TRANSITIVE'],
      [4, 'FULL'],
      [4, 'FULL_TRANSITIVE'],
    ] as const),
    // Now and then a first version: nothing published yet, so every level passes.
    existing: rng.bool(0.03) ? [] : versions.map(toAvro),
    candidate: toAvro(candidate),
    steps,
  };
}

class CaseArbitrary<T> extends fc.Arbitrary<T> {
  private counter = 0;
  constructor(
    private readonly prefix: string,
    private readonly build: (rng: Rng, id: string) => T,
  ) {
    super();
  }
  generate(mrng: fc.Random): fc.Value<T> {
    this.counter++;
    return new fc.Value(this.build(rngFrom(mrng), `${this.prefix}-${this.counter}`), undefined);
  }
  canShrinkWithoutContext(value: unknown): value is T {
    void value;
    return false;
  }
  shrink(): fc.Stream<fc.Value<T>> {
    // Cases are judged in one batch by the Java oracle, so a failing case is reported whole.
    return fc.Stream.nil();
  }
}

/** Random reader/writer pairs made by evolving a random schema. */
export function evolutionCases(): fc.Arbitrary<EvolutionCase> {
  return new CaseArbitrary('pair', buildEvolutionCase);
}

/** Random version histories with a candidate and a compatibility level. */
export function historyCases(): fc.Arbitrary<HistoryCase> {
  return new CaseArbitrary('history', buildHistoryCase);
}

/** A reproducible batch: the same seed gives the same cases. */
export function sampleCases<T>(arb: fc.Arbitrary<T>, seed: number, count: number): T[] {
  return fc.sample(arb, { seed, numRuns: count });
}
