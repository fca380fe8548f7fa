import avro from 'avsc';
import { LOGICAL_TYPES } from './logical-types.js';

/** Named types every contract may reference, e.g. `meshkit.common.Money` (contracts/avro/). */
export type NamedTypeRegistry = Record<string, avro.Type>;

export interface AvroContract {
  /** The avsc type, with logical types, for validating and encoding records. */
  type: avro.Type;
  /** The schema as JSON with every referenced shared type written out at its first use. */
  schema: unknown;
}

export interface AvroContractError {
  message: string;
  /** JSON Pointer into the schema document, when the problem can be pinned down. */
  pointer: string;
}

/**
 * Parses one Avro schema with avsc. Shared named types are visible by full name; the registry
 * passed in is never modified, so one contract cannot leak its names into another.
 */
export const parseAvroContract = (
  schema: unknown,
  shared: NamedTypeRegistry = {},
): { ok: true; value: AvroContract } | { ok: false; error: AvroContractError } => {
  const registry: NamedTypeRegistry = { ...shared };
  try {
    const type = avro.Type.forSchema(
      schema as avro.Schema,
      {
        registry,
        logicalTypes: LOGICAL_TYPES,
        assertLogicalTypes: true,
        wrapUnions: 'never',
      } as Partial<avro.ForSchemaOptions>,
    );
    // Written out on first use: the workspace loader keeps the contract as written instead.
    let written: unknown;
    const value: AvroContract = {
      type,
      get schema() {
        return (written ??= type.schema({ exportAttrs: true }));
      },
    };
    return { ok: true, value };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: { message: explain(message), pointer: locateAvroError(schema, message) },
    };
  }
};

/** Adds the fix to avsc's terse messages. */
const explain = (message: string): string => {
  if (message.startsWith('undefined type name'))
    return `${message}: declare the named type first, reference a shared type by its full name (e.g. meshkit.common.Money), or use a primitive type`;
  if (message.startsWith('duplicate field name'))
    return `${message}: every field of a record needs a unique name`;
  if (message.startsWith('invalid') && message.includes('default'))
    return `${message}: a default must match the field's type (for a union, its first branch)`;
  return message;
};

/**
 * avsc reports what is wrong but not where; find the first place in the schema the message names
 * (a type name, a field name, a symbol) so the error can carry a line and column.
 */
export const locateAvroError = (schema: unknown, message: string): string => {
  const quoted = /"([^"]+)"|: ([A-Za-z_][\w.]*)\s*$|'([^']+)'/.exec(message);
  const needle = quoted?.[1] ?? quoted?.[2] ?? quoted?.[3];
  if (!needle) return '';
  const stack: { value: unknown; pointer: string }[] = [{ value: schema, pointer: '' }];
  let steps = 0;
  while (stack.length > 0 && steps++ < 200_000) {
    const { value, pointer } = stack.pop()!;
    if (typeof value === 'string' && (value === needle || value.endsWith(`.${needle}`)))
      return pointer;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], pointer: `${pointer}/${i}` });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        stack.push({
          value: v,
          pointer: `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        });
      }
    }
  }
  return '';
};

/**
 * Loads shared named types (each file one named schema) into a registry. Files may reference each
 * other; they are retried until no more progress is made, so order does not matter.
 */
export const loadSharedTypes = (
  schemas: readonly { file: string; schema: unknown }[],
): { registry: NamedTypeRegistry; errors: { file: string; error: AvroContractError }[] } => {
  const registry: NamedTypeRegistry = {};
  let pending = [...schemas];
  let lastErrors: { file: string; error: AvroContractError }[] = [];
  while (pending.length > 0) {
    const next: typeof pending = [];
    lastErrors = [];
    for (const item of pending) {
      const attempt: NamedTypeRegistry = { ...registry };
      try {
        avro.Type.forSchema(
          item.schema as avro.Schema,
          {
            registry: attempt,
            logicalTypes: LOGICAL_TYPES,
            assertLogicalTypes: true,
            wrapUnions: 'never',
          } as Partial<avro.ForSchemaOptions>,
        );
        Object.assign(registry, attempt);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        next.push(item);
        lastErrors.push({
          file: item.file,
          error: { message: explain(message), pointer: locateAvroError(item.schema, message) },
        });
      }
    }
    if (next.length === pending.length) break;
    pending = next;
  }
  return { registry, errors: pending.length > 0 ? lastErrors : [] };
};
