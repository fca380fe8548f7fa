import { InputError } from '../errors/mesh-error.js';
import {
  AVRO_PRIMITIVE_TYPES,
  isNamedNode,
  javaTypeName,
  type AvroEnumNode,
  type AvroField,
  type AvroFixedNode,
  type AvroNode,
  type AvroRecordNode,
  type AvroUnionNode,
} from './avro-model.js';
import { writeSchema } from './canonical-form.js';
import { ruleIdFor } from './rule-registry.js';
import type {
  CompatRule,
  CompatibilityResult,
  Incompatibility,
  IncompatibilityType,
} from './types.js';

/** A pair's verdict; compatible exactly when `items` is empty (as Java's merged results). */
type PairResult = readonly Incompatibility[];

const COMPATIBLE: PairResult = [];
const PRIMITIVE: ReadonlySet<string> = AVRO_PRIMITIVE_TYPES;
// A distinct empty array marks a pair whose check is under way (Java's RECURSION_IN_PROGRESS).
const IN_PROGRESS: PairResult = [];

const escapeToken = (token: string): string =>
  token.indexOf('~') < 0 && token.indexOf('/') < 0
    ? token
    : token.replace(/~/g, '~0').replace(/\//g, '~1');

/** Java's `Incompatibility.getLocation()`: the root token is dropped, the rest joined by '/'. */
const pointerOf = (path: readonly string[]): string => {
  let out = '';
  for (let i = 1; i < path.length; i++)
    out += `${i > 1 ? '/' : ''}${escapeToken(path[i] as string)}`;
  return `/${out}`;
};

const toJson = (node: AvroNode): unknown => JSON.parse(writeSchema(node, 'full')) as unknown;

/** A request for the verdict of a sub-pair: Java's `getCompatibility(token, reader, writer, location)`. */
interface PairRequest {
  readonly token: string;
  readonly reader: AvroNode;
  readonly writer: AvroNode;
  /** The location stack to extend; a fresh `[]` for Java's two-argument calls. */
  readonly path: string[];
}

type PairTask = Generator<PairRequest, PairResult, PairResult>;

interface Frame {
  readonly task: PairTask;
  readonly writer: AvroNode;
  readonly path: string[];
  readonly memo: Map<AvroNode, PairResult> | undefined;
}

/**
 * A port of Apache Avro Java's `SchemaCompatibility.ReaderWriterCompatibilityChecker`
 * (lang/java/avro/src/main/java/org/apache/avro/SchemaCompatibility.java, Avro 1.11/1.12), kept
 * branch for branch so that verdicts, messages and locations agree with it, including its quirks:
 * - named types match on unqualified name or a reader alias equal to the writer's full name;
 * - a reader union takes the first branch that reads the writer type; its branch checks, like
 *   the writer-union branch checks of a union/union pair, start a fresh location at the root;
 * - pairs are memoized by node identity, and a pair met again while its check is under way is
 *   compatible (recursive types). Only pairs with a named side can recur (other nodes have one
 *   parent), so only those are memoized; results, reused with the locations of their first check,
 *   are the same as Java's.
 * Java recurses; here each pair that needs sub-pairs is a generator driven from an explicit stack,
 * so nesting depth costs heap, not call stack. One instance checks one pair of schemas.
 */
export class ReaderWriterChecker {
  private readonly memo = new Map<AvroNode, Map<AvroNode, PairResult>>();

  constructor(
    private readonly pairRules: readonly CompatRule[] = [],
    private readonly fragments = false,
  ) {}

  check(reader: AvroNode, writer: AvroNode): CompatibilityResult {
    const frames: Frame[] = [];
    let value = this.enter({ token: '', reader, writer, path: [] }, frames);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as Frame;
      const step = frame.task.next(value ?? COMPATIBLE);
      if (step.done) {
        frames.pop();
        frame.memo?.set(frame.writer, step.value);
        frame.path.pop();
        value = step.value;
      } else {
        value = this.enter(step.value, frames);
      }
    }
    const items = value ?? COMPATIBLE;
    return { compatible: items.length === 0, incompatibilities: items };
  }

  /** Starts a pair: answers it at once when it can (memo, leaf pairs) or pushes its task. */
  private enter(request: PairRequest, frames: Frame[]): PairResult | undefined {
    const { reader, writer, path } = request;
    path.push(request.token);
    let memo: Map<AvroNode, PairResult> | undefined;
    if (isNamedNode(reader) || isNamedNode(writer)) {
      memo = this.memo.get(reader);
      if (!memo) {
        memo = new Map();
        this.memo.set(reader, memo);
      }
      const known = memo.get(writer);
      if (known !== undefined) {
        path.pop();
        return known === IN_PROGRESS ? COMPATIBLE : known;
      }
      memo.set(writer, IN_PROGRESS);
    }
    const leaf = this.leaf(reader, writer, path);
    if (leaf !== undefined) {
      memo?.set(writer, leaf);
      path.pop();
      return leaf;
    }
    frames.push({ task: this.calculate(reader, writer, path), writer, path, memo });
    return undefined;
  }

  private incompatible(
    type: IncompatibilityType,
    reader: AvroNode,
    writer: AvroNode,
    message: string,
    path: readonly string[],
    ruleId: string = ruleIdFor(type, reader, writer),
  ): Incompatibility {
    const base = { type, location: pointerOf(path), message, ruleId };
    return this.fragments
      ? { ...base, readerFragment: toJson(reader), writerFragment: toJson(writer) }
      : base;
  }

  private typeMismatch(reader: AvroNode, writer: AvroNode, path: readonly string[]): PairResult {
    return [
      this.incompatible(
        'TYPE_MISMATCH',
        reader,
        writer,
        `reader type: ${javaTypeName(reader)} not compatible with writer type: ${javaTypeName(writer)}`,
        path,
      ),
    ];
  }

  /** Pairs decided without looking at sub-pairs; undefined for the others. */
  private leaf(reader: AvroNode, writer: AvroNode, path: string[]): PairResult | undefined {
    if (reader.type === writer.type) {
      let result: PairResult;
      switch (reader.type) {
        case 'null':
        case 'boolean':
        case 'int':
        case 'long':
        case 'float':
        case 'double':
        case 'bytes':
        case 'string':
          result = COMPATIBLE;
          break;
        case 'fixed':
          result = concat(
            this.names(reader, writer as AvroFixedNode, path),
            this.fixedSize(reader, writer as AvroFixedNode, path),
          );
          break;
        case 'enum':
          result = concat(
            this.names(reader, writer as AvroEnumNode, path),
            this.enumSymbols(reader, writer as AvroEnumNode, path),
          );
          break;
        case 'record':
        case 'array':
        case 'map':
        case 'union':
          return undefined;
      }
      return this.pairRules.length === 0
        ? result
        : this.applyPairRules(reader, writer, path, result);
    }
    if (writer.type === 'union') return undefined;
    switch (reader.type) {
      case 'long':
        return writer.type === 'int' ? COMPATIBLE : this.typeMismatch(reader, writer, path);
      case 'float':
        return writer.type === 'int' || writer.type === 'long'
          ? COMPATIBLE
          : this.typeMismatch(reader, writer, path);
      case 'double':
        return writer.type === 'int' || writer.type === 'long' || writer.type === 'float'
          ? COMPATIBLE
          : this.typeMismatch(reader, writer, path);
      case 'bytes':
        return writer.type === 'string' ? COMPATIBLE : this.typeMismatch(reader, writer, path);
      case 'string':
        return writer.type === 'bytes' ? COMPATIBLE : this.typeMismatch(reader, writer, path);
      case 'union':
        return undefined;
      case 'null':
      case 'boolean':
      case 'int':
      case 'array':
      case 'map':
      case 'fixed':
      case 'enum':
      case 'record':
        return this.typeMismatch(reader, writer, path);
    }
  }

  /** The pairs `leaf` leaves: records, arrays, maps and unions, asking for sub-pairs by `yield`. */
  private *calculate(reader: AvroNode, writer: AvroNode, path: string[]): PairTask {
    if (reader.type === writer.type) {
      let result: PairResult;
      switch (reader.type) {
        case 'array':
          result = yield {
            token: 'items',
            reader: reader.items,
            writer: (writer as typeof reader).items,
            path,
          };
          break;
        case 'map':
          result = yield {
            token: 'values',
            reader: reader.values,
            writer: (writer as typeof reader).values,
            path,
          };
          break;
        case 'record':
          result = concat(
            this.names(reader, writer as AvroRecordNode, path),
            yield* this.recordFields(reader, writer as AvroRecordNode, path),
          );
          break;
        case 'union':
          result = yield* this.unionUnion(reader, writer as AvroUnionNode, path);
          break;
        case 'null':
        case 'boolean':
        case 'int':
        case 'long':
        case 'float':
        case 'double':
        case 'bytes':
        case 'string':
        case 'enum':
        case 'fixed':
          return COMPATIBLE; // decided by `leaf`
      }
      return this.pairRules.length === 0
        ? result
        : this.applyPairRules(reader, writer, path, result);
    }

    // Reader and writer have different types. A writer union: every branch must be readable.
    if (writer.type === 'union') {
      let result: Incompatibility[] | undefined;
      for (let index = 0; index < writer.branches.length; index++) {
        const sub: PairResult = yield {
          token: String(index),
          reader,
          writer: writer.branches[index] as AvroNode,
          path,
        };
        if (sub.length > 0) (result ??= []).push(...sub);
      }
      return result ?? COMPATIBLE;
    }
    if (reader.type !== 'union') return COMPATIBLE;
    for (const branch of reader.branches) {
      // Java calls the two-argument getCompatibility here: a fresh location, the shared memo.
      const sub: PairResult = yield { token: '', reader: branch, writer, path: [] };
      if (sub.length === 0) return COMPATIBLE;
    }
    return [
      this.incompatible(
        'MISSING_UNION_BRANCH',
        reader,
        writer,
        `reader union lacking writer type: ${javaTypeName(writer)}`,
        path,
      ),
    ];
  }

  private *unionUnion(reader: AvroUnionNode, writer: AvroUnionNode, path: string[]): PairTask {
    let result: Incompatibility[] | undefined;
    for (let i = 0; i < writer.branches.length; i++) {
      const branch = writer.branches[i] as AvroNode;
      path.push(String(i));
      const sub: PairResult = yield { token: '', reader, writer: branch, path: [] };
      if (sub.length > 0) {
        (result ??= []).push(
          this.incompatible(
            'MISSING_UNION_BRANCH',
            reader,
            writer,
            `reader union lacking writer type: ${javaTypeName(branch)}`,
            path,
          ),
        );
      }
      path.pop();
    }
    return result ?? COMPATIBLE;
  }

  private names(
    reader: AvroRecordNode | AvroEnumNode | AvroFixedNode,
    writer: AvroRecordNode | AvroEnumNode | AvroFixedNode,
    path: string[],
  ): PairResult {
    if (reader.name === writer.name || reader.aliases.includes(writer.fullName)) return COMPATIBLE;
    path.push('name');
    const out = [
      this.incompatible('NAME_MISMATCH', reader, writer, `expected: ${writer.fullName}`, path),
    ];
    path.pop();
    return out;
  }

  private fixedSize(reader: AvroFixedNode, writer: AvroFixedNode, path: string[]): PairResult {
    if (reader.size === writer.size) return COMPATIBLE;
    path.push('size');
    const out = [
      this.incompatible(
        'FIXED_SIZE_MISMATCH',
        reader,
        writer,
        `expected: ${writer.size}, found: ${reader.size}`,
        path,
      ),
    ];
    path.pop();
    return out;
  }

  private enumSymbols(reader: AvroEnumNode, writer: AvroEnumNode, path: string[]): PairResult {
    let missing: string[] | undefined;
    for (const symbol of writer.symbols) {
      if (!reader.symbolSet.has(symbol)) (missing ??= []).push(symbol);
    }
    if (!missing || reader.default !== undefined) return COMPATIBLE;
    // Java prints a TreeSet: sorted by UTF-16 code units, as JavaScript's default sort.
    missing.sort();
    path.push('symbols');
    const out = [
      this.incompatible('MISSING_ENUM_SYMBOLS', reader, writer, `[${missing.join(', ')}]`, path),
    ];
    path.pop();
    return out;
  }

  private *recordFields(reader: AvroRecordNode, writer: AvroRecordNode, path: string[]): PairTask {
    let result: Incompatibility[] | undefined;
    path.push('fields');
    for (const readerField of reader.fields) {
      path.push(String(readerField.position));
      const writerField = lookupWriterField(writer, readerField, reader, path);
      let sub: PairResult;
      if (writerField === undefined) {
        if (readerField.hasDefault) {
          sub = COMPATIBLE;
        } else if (readerField.type.type === 'enum' && readerField.type.default !== undefined) {
          // Java compares the reader field's enum with the writer *record* here (a type mismatch).
          sub = yield { token: 'type', reader: readerField.type, writer, path };
        } else {
          sub = [
            this.incompatible(
              'READER_FIELD_MISSING_DEFAULT_VALUE',
              reader,
              writer,
              readerField.name,
              path,
            ),
          ];
        }
      } else if (PRIMITIVE.has(readerField.type.type) && PRIMITIVE.has(writerField.type.type)) {
        // Most fields: a leaf pair, decided here without a round trip through the driver.
        path.push('type');
        sub = this.leaf(readerField.type, writerField.type, path) ?? COMPATIBLE;
        path.pop();
      } else {
        sub = yield { token: 'type', reader: readerField.type, writer: writerField.type, path };
      }
      if (sub.length > 0) (result ??= []).push(...sub);
      path.pop();
    }
    path.pop();
    return result ?? COMPATIBLE;
  }

  private applyPairRules(
    reader: AvroNode,
    writer: AvroNode,
    path: readonly string[],
    result: PairResult,
  ): PairResult {
    let out: Incompatibility[] | undefined;
    for (const rule of this.pairRules) {
      const message = rule.checkPair?.(reader, writer);
      if (message !== undefined)
        (out ??= [...result]).push(
          this.incompatible(rule.type, reader, writer, message, path, rule.id),
        );
    }
    return out ?? result;
  }
}

const concat = (a: PairResult, b: PairResult): PairResult =>
  a.length === 0 ? b : b.length === 0 ? a : [...a, ...b];

/** Java's `lookupWriterField`: by name, then by each reader alias; several matches are an error. */
const lookupWriterField = (
  writer: AvroRecordNode,
  readerField: AvroField,
  reader: AvroRecordNode,
  path: readonly string[],
): AvroField | undefined => {
  const direct = writer.fieldsByName.get(readerField.name);
  if (readerField.aliases.length === 0) return direct;
  const found: AvroField[] = direct ? [direct] : [];
  for (const alias of readerField.aliases) {
    const byAlias = writer.fieldsByName.get(alias);
    if (byAlias) found.push(byAlias);
  }
  if (found.length > 1) {
    throw new InputError(
      'AVRO_AMBIGUOUS_FIELD',
      `reader field "${readerField.name}" of record "${reader.fullName}" at ${pointerOf(path)} matches ${found.length} writer fields (${found
        .map((f) => f.name)
        .join(', ')}) by name and aliases; remove the alias that names another writer field`,
    );
  }
  return found[0];
};
