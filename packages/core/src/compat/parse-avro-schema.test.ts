import { describe, expect, it } from 'vitest';
import type { AvroRecordNode } from './avro-model.js';
import { checkCompatibility, InvalidAvroSchemaError } from './compatibility-checker.js';
import { parseAvroSchema, type AvroSchemaError } from './parse-avro-schema.js';

const errorsOf = (input: unknown): AvroSchemaError[] => {
  const result = parseAvroSchema(input);
  if (result.ok) throw new Error('expected the schema to be rejected');
  return result.error;
};

const nestedRecords = (depth: number): unknown => {
  let schema: unknown = 'int';
  for (let i = depth; i > 0; i--) {
    schema = { type: 'record', name: `R${i}`, fields: [{ name: 'next', type: schema }] };
  }
  return schema;
};

const nestedArrays = (depth: number, leaf: string): unknown => {
  let schema: unknown = leaf;
  for (let i = 0; i < depth; i++) schema = { type: 'array', items: schema };
  return schema;
};

// ["null", {record R1: next: ["null", {record R2: ...}]}]: unions within unions' records.
const nestedUnions = (depth: number, leaf: string): unknown => {
  let schema: unknown = leaf;
  for (let i = depth; i > 0; i--) {
    schema = ['null', { type: 'record', name: `U${i}`, fields: [{ name: 'next', type: schema }] }];
  }
  return schema;
};

describe('parseAvroSchema', () => {
  it('resolves named references through namespaces, full names and the null namespace', () => {
    const result = parseAvroSchema({
      type: 'record',
      name: 'Order',
      namespace: 'sales',
      aliases: ['Purchase', 'legacy.Purchase'],
      fields: [
        { name: 'money', type: { type: 'fixed', name: 'Money', size: 8 } },
        { name: 'price', type: 'Money' },
        { name: 'tax', type: 'sales.Money' },
        { name: 'status', type: { type: 'enum', name: 'Status', namespace: '', symbols: ['A'] } },
        { name: 'again', type: 'Status' },
        { name: 'self', type: ['null', 'Order'], default: null },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const root = result.value.root as AvroRecordNode;
    expect(root.fullName).toBe('sales.Order');
    expect(root.aliases).toEqual(['sales.Purchase', 'legacy.Purchase']);
    const [money, price, tax, status, again, self] = root.fields;
    expect(money?.type).toBe(price?.type);
    expect(money?.type).toBe(tax?.type);
    expect(status?.type).toBe(again?.type);
    expect(status?.type.type === 'enum' && status.type.fullName).toBe('Status');
    expect(self?.type.type === 'union' && self.type.branches[1]).toBe(root);
    expect([...result.value.named.keys()].sort()).toEqual(['Status', 'sales.Money', 'sales.Order']);
  });

  it('accepts JSON text, a bare primitive name and forward references', () => {
    expect(parseAvroSchema('"string"').ok).toBe(true);
    expect(parseAvroSchema('long').ok).toBe(true);
    expect(
      parseAvroSchema(
        '{"type":"record","name":"A","fields":[{"name":"b","type":"B"},{"name":"c","type":{"type":"fixed","name":"B","size":2}}]}',
      ).ok,
    ).toBe(true);
  });

  it('rejects invalid JSON text with INVALID_JSON at the root', () => {
    expect(errorsOf('{"type": "record",')).toEqual([
      expect.objectContaining({ code: 'INVALID_JSON', pointer: '' }),
    ]);
    expect(errorsOf('{"type": "record",')[0]?.message).toMatch(
      /not valid JSON.*fix the JSON syntax/,
    );
  });

  it('reports unknown type names with the place and the names looked up', () => {
    expect(
      errorsOf({
        type: 'record',
        name: 'R',
        namespace: 'ns',
        fields: [{ name: 'a', type: 'Nope' }],
      }),
    ).toEqual([
      {
        code: 'UNKNOWN_TYPE',
        pointer: '/fields/0/type',
        message:
          'unknown type "ns.Nope" (written "Nope"); use a primitive type name or define the named type before this reference',
      },
    ]);
    expect(errorsOf({ type: 'strng' })[0]).toMatchObject({
      code: 'UNKNOWN_TYPE',
      pointer: '/type',
    });
    expect(errorsOf(['null', 'Missing'])[0]).toMatchObject({ code: 'UNKNOWN_TYPE', pointer: '/1' });
  });

  it('reports duplicate fields and duplicate enum symbols', () => {
    expect(
      errorsOf({
        type: 'record',
        name: 'R',
        fields: [
          { name: 'a', type: 'int' },
          { name: 'a', type: 'long' },
        ],
      }),
    ).toEqual([
      {
        code: 'DUPLICATE_FIELD',
        pointer: '/fields/1/name',
        message: 'duplicate field "a" in record "R"; rename or remove one of them',
      },
    ]);
    expect(errorsOf({ type: 'enum', name: 'E', symbols: ['A', 'B', 'A'] })).toEqual([
      {
        code: 'DUPLICATE_SYMBOL',
        pointer: '/symbols/2',
        message: 'duplicate symbol "A" in enum "E"; remove one of them',
      },
    ]);
  });

  it('reports defaults of the wrong type at the field default', () => {
    const errors = errorsOf({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'a', type: 'int', default: 'x' },
        { name: 'b', type: ['null', 'string'], default: 1 },
        { name: 'c', type: { type: 'array', items: 'long' }, default: [1, 'two'] },
        { name: 'd', type: 'int', default: 2 ** 31 },
        { name: 'e', type: 'boolean', default: true },
      ],
    });
    expect(errors.map((e) => [e.code, e.pointer])).toEqual([
      ['INVALID_DEFAULT', '/fields/0/default'],
      ['INVALID_DEFAULT', '/fields/1/default'],
      ['INVALID_DEFAULT', '/fields/2/default'],
      ['INVALID_DEFAULT', '/fields/3/default'],
    ]);
    expect(errors[0]?.message).toBe(
      'default "x" of field "a" in record "R" does not match its type "int"; give a default of that type',
    );
    // Avro 1.12 (Java) accepts a union default matching any branch.
    expect(
      parseAvroSchema({
        type: 'record',
        name: 'R',
        fields: [{ name: 'a', type: ['null', 'int'], default: 3 }],
      }).ok,
    ).toBe(true);
  });

  it('reports invalid names, redefinitions, bad fixed sizes, bad enum defaults and union problems', () => {
    expect(errorsOf({ type: 'record', name: '9lives', fields: [] })[0]).toMatchObject({
      code: 'INVALID_NAME',
      pointer: '/name',
    });
    expect(
      errorsOf({ type: 'record', name: 'R', fields: [{ name: 'a-b', type: 'int' }] })[0],
    ).toMatchObject({
      code: 'INVALID_NAME',
      pointer: '/fields/0/name',
    });
    expect(errorsOf({ type: 'fixed', name: 'int', size: 1 })[0]).toMatchObject({
      code: 'INVALID_NAME',
    });
    expect(
      errorsOf({
        type: 'record',
        name: 'R',
        fields: [
          { name: 'a', type: { type: 'fixed', name: 'F', size: 1 } },
          { name: 'b', type: { type: 'fixed', name: 'F', size: 2 } },
        ],
      })[0],
    ).toMatchObject({ code: 'DUPLICATE_NAME', pointer: '/fields/1/type/name' });
    expect(errorsOf({ type: 'fixed', name: 'F', size: -1 })[0]).toMatchObject({
      code: 'INVALID_FIXED_SIZE',
      pointer: '/size',
    });
    expect(errorsOf({ type: 'fixed', name: 'F' })[0]).toMatchObject({ code: 'INVALID_FIXED_SIZE' });
    expect(errorsOf({ type: 'enum', name: 'E', symbols: ['A'], default: 'B' })[0]).toMatchObject({
      code: 'INVALID_DEFAULT',
      pointer: '/default',
    });
    expect(errorsOf(['int', 'string', 'int'])[0]).toMatchObject({
      code: 'DUPLICATE_UNION_BRANCH',
      pointer: '/2',
    });
    expect(errorsOf(['int', ['null']])[0]).toMatchObject({ code: 'NESTED_UNION', pointer: '/1' });
    expect(errorsOf({ type: 'array' })[0]).toMatchObject({ code: 'MISSING_ATTRIBUTE' });
    expect(errorsOf({ name: 'x' })[0]).toMatchObject({
      code: 'MISSING_ATTRIBUTE',
      pointer: '/type',
    });
    expect(errorsOf(42)[0]).toMatchObject({ code: 'INVALID_SCHEMA', pointer: '' });
  });

  it('collects every error, not just the first', () => {
    const errors = errorsOf({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'a', type: 'Nope' },
        { name: 'b', type: 'int', default: 'x' },
        { name: 'b', type: 'int' },
        { name: 'c', type: { type: 'enum', name: 'E', symbols: ['X', 'X'] } },
      ],
    });
    expect(errors.map((e) => e.code).sort()).toEqual([
      'DUPLICATE_FIELD',
      'DUPLICATE_SYMBOL',
      'INVALID_DEFAULT',
      'UNKNOWN_TYPE',
    ]);
  });

  it('parses and checks a schema nested 1,000 levels deep without overflowing the stack', () => {
    // 1,000 nested JSON objects: the deepest document Avro Java (Jackson's limit) reads.
    const result = checkCompatibility(nestedArrays(1_000, 'int'), nestedArrays(1_000, 'long'));
    expect(result.incompatibilities).toEqual([
      expect.objectContaining({
        type: 'TYPE_MISMATCH',
        location: `/${Array(1_000).fill('items').join('/')}`,
      }),
    ]);
    expect(
      checkCompatibility(nestedArrays(1_000, 'long'), nestedArrays(1_000, 'int')).compatible,
    ).toBe(true);
  });

  it('refuses JSON nested deeper than 1,000 levels with TOO_DEEP, as Avro Java does', () => {
    // 1,000 nested records are 3,000 nested JSON objects and arrays (record, fields, field).
    for (const deep of [
      nestedArrays(1_001, 'int'),
      nestedRecords(1_000),
      nestedArrays(100_000, 'int'),
    ]) {
      const errors = errorsOf(deep);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.code).toBe('TOO_DEEP');
      expect(errors[0]?.message).toMatch(
        /deeper than 1000 levels \(the limit of Avro's Java parser/,
      );
      expect(() => checkCompatibility(deep, 'int')).toThrow(InvalidAvroSchemaError);
    }
    expect(errorsOf(nestedArrays(1_001, 'int'))[0]?.pointer).toBe(
      `/${Array(1_000).fill('items').join('/')}`,
    );
  });

  it('checks schemas far deeper than that when the limit is raised, on an explicit stack', () => {
    const parse = (schema: unknown) => {
      const result = parseAvroSchema(schema, { maxNestingDepth: 50_000 });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.value;
    };
    const records = parse(nestedRecords(5_000));
    expect(checkCompatibility(records, parse(nestedRecords(5_000))).compatible).toBe(true);
    const longs = parse(nestedUnions(3_000, 'long'));
    const ints = parse(nestedUnions(3_000, 'int'));
    expect(checkCompatibility(longs, ints).compatible).toBe(true);
    expect(checkCompatibility(ints, longs).compatible).toBe(false);
  });

  it('stops on a cyclic JavaScript object instead of looping', () => {
    const cyclic: Record<string, unknown> = { type: 'array' };
    cyclic['items'] = cyclic;
    expect(errorsOf(cyclic)[0]).toMatchObject({ code: 'TOO_DEEP' });
  });

  it('parses and checks a record with 10,000 fields', () => {
    const fields = Array.from({ length: 10_000 }, (_, i) => ({
      name: `f${i}`,
      type: i % 2 ? 'int' : 'string',
    }));
    const reader = { type: 'record', name: 'Wide', fields };
    const writer = { type: 'record', name: 'Wide', fields: fields.slice(1) };
    const result = checkCompatibility(reader, writer);
    expect(result.incompatibilities).toEqual([
      {
        type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        location: '/fields/0',
        message: 'f0',
        ruleId: 'field-added-without-default',
      },
    ]);
  });

  it('throws InvalidAvroSchemaError naming the side and every problem', () => {
    try {
      checkCompatibility('int', {
        type: 'record',
        name: 'R',
        fields: [{ name: 'a', type: 'Nope' }],
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidAvroSchemaError);
      const e = error as InvalidAvroSchemaError;
      expect(e.code).toBe('AVRO_SCHEMA_INVALID');
      expect(e.message).toMatch(
        /^writer schema is not a valid Avro schema: \/fields\/0\/type: unknown type "Nope"/,
      );
      expect(e.errors).toHaveLength(1);
    }
  });
});
