import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { LOGICAL_TYPES } from './logical-types.js';

const type = (schema: unknown) =>
  avro.Type.forSchema(schema as avro.Schema, { logicalTypes: LOGICAL_TYPES, wrapUnions: 'never' });

const record = (fieldType: unknown) => ({
  type: 'record',
  name: 'R',
  fields: [{ name: 'v', type: fieldType }],
});

describe('logical types', () => {
  it.each([
    [{ type: 'int', logicalType: 'date' }, '2026-11-26'],
    [{ type: 'long', logicalType: 'timestamp-millis' }, '2026-11-26T10:00:00.000Z'],
    [{ type: 'long', logicalType: 'timestamp-micros' }, '2026-11-26T10:00:00.000Z'],
    [{ type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 }, '-1234.50'],
    [{ type: 'string', logicalType: 'uuid' }, '3f2c0a52-8c1e-4a43-9d5b-0c9f1f6b2a10'],
  ])('round-trips %j through binary and through a resolver from the same type', (schema, value) => {
    const t = type(record(schema));
    const bytes = t.toBuffer({ v: value });
    expect(t.fromBuffer(bytes)).toEqual({ v: value });
    const resolver = t.createResolver(type(record(schema)));
    expect(t.fromBuffer(bytes, resolver)).toEqual({ v: value });
  });

  it('reads a plain int written before the field became a date', () => {
    const writer = type(record('int'));
    const reader = type(record({ type: 'int', logicalType: 'date' }));
    const bytes = writer.toBuffer({ v: 20_418 });
    expect(reader.fromBuffer(bytes, reader.createResolver(writer))).toEqual({ v: '2025-11-26' });
  });

  it('refuses impossible dates and decimals that do not fit', () => {
    expect(type({ type: 'int', logicalType: 'date' }).isValid('1990-02-30')).toBe(false);
    expect(
      type({ type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 }).isValid('123.45'),
    ).toBe(false);
    expect(
      type({ type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 }).isValid('1.234'),
    ).toBe(false);
  });
});
