/**
 * The normalized Avro schema model the compatibility engine works on. Named types are resolved:
 * every reference to a record, enum or fixed is the same node object as its definition, so
 * recursive schemas are graphs and identity means "the same named type" (as in Apache Avro Java,
 * whose `SchemaCompatibility` memoizes on schema identity).
 */

export type AvroPrimitiveTypeName =
  'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

export type AvroTypeName =
  AvroPrimitiveTypeName | 'record' | 'enum' | 'fixed' | 'array' | 'map' | 'union';

export const AVRO_PRIMITIVE_TYPES: ReadonlySet<string> = new Set<AvroPrimitiveTypeName>([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);

/** Facts every node carries: where it was written and its logical type, if any. */
interface NodeBase {
  /** JSON Pointer of the place the node is defined in its document. */
  readonly pointer: string;
  /** `logicalType` as written (Java ignores it for compatibility; the opt-in decimal rule reads it). */
  readonly logicalType?: string;
  readonly precision?: number;
  readonly scale?: number;
  /** Attributes Avro keeps as properties (`logicalType`, `x-owner`, ...), when there are any. */
  readonly props?: Readonly<Record<string, unknown>>;
}

export interface AvroPrimitiveNode extends NodeBase {
  readonly type: AvroPrimitiveTypeName;
}

interface NamedBase extends NodeBase {
  /** Unqualified name (Java's `getName()`). */
  readonly name: string;
  /** Namespace, '' when none. */
  readonly namespace: string;
  /** Namespace-qualified name (Java's `getFullName()`). */
  readonly fullName: string;
  /** Aliases as full names, resolved against the type's own namespace. */
  readonly aliases: readonly string[];
  readonly doc?: string;
}

export type AvroFieldOrder = 'ascending' | 'descending' | 'ignore';

export interface AvroField {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly type: AvroNode;
  /** Position in the record (Java's `Field.pos()`), used in JSON Pointers. */
  readonly position: number;
  readonly hasDefault: boolean;
  readonly default?: unknown;
  readonly order?: AvroFieldOrder;
  readonly props?: Readonly<Record<string, unknown>>;
  readonly doc?: string;
  readonly pointer: string;
}

export interface AvroRecordNode extends NamedBase {
  readonly type: 'record';
  readonly isError: boolean;
  readonly fields: readonly AvroField[];
  /** Field lookup by name, built once at parse time. */
  readonly fieldsByName: ReadonlyMap<string, AvroField>;
}

export interface AvroEnumNode extends NamedBase {
  readonly type: 'enum';
  readonly symbols: readonly string[];
  readonly symbolSet: ReadonlySet<string>;
  readonly default?: string;
}

export interface AvroFixedNode extends NamedBase {
  readonly type: 'fixed';
  readonly size: number;
}

export interface AvroArrayNode extends NodeBase {
  readonly type: 'array';
  readonly items: AvroNode;
}

export interface AvroMapNode extends NodeBase {
  readonly type: 'map';
  readonly values: AvroNode;
}

export interface AvroUnionNode extends NodeBase {
  readonly type: 'union';
  readonly branches: readonly AvroNode[];
}

export type AvroNamedNode = AvroRecordNode | AvroEnumNode | AvroFixedNode;

export type AvroNode =
  AvroPrimitiveNode | AvroNamedNode | AvroArrayNode | AvroMapNode | AvroUnionNode;

/** A parsed, validated schema: its root node and its named types by full name. */
export interface AvroSchemaModel {
  readonly root: AvroNode;
  readonly named: ReadonlyMap<string, AvroNamedNode>;
}

export const isNamedNode = (node: AvroNode): node is AvroNamedNode =>
  node.type === 'record' || node.type === 'enum' || node.type === 'fixed';

/** Java's `Schema.Type.toString()`: the upper-case type name used in Avro's messages. */
export const javaTypeName = (node: AvroNode): string => node.type.toUpperCase();
