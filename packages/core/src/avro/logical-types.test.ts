import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import {
  decimalTextFits,
  isDateText,
  LOGICAL_TYPES,
  timestampTextMillis,
} from './logical-types.js';

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

  it('knows a real calendar day exactly as a Date round trip does, leap years included', () => {
    const roundTrip = (text: string) => {
      const ms = Date.parse(`${text}T00:00:00Z`);
      return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
    };
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    let checked = 0;
    for (const year of [0, 4, 100, 400, 1900, 1970, 2000, 2023, 2024, 2100, 9999])
      for (let month = 0; month <= 13; month++)
        for (let day = 0; day <= 32; day++) {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect(isDateText(text), text).toBe(roundTrip(text));
          checked++;
        }
    expect(checked).toBe(11 * 14 * 33);
    for (const text of [
      '2024-2-29',
      '20240229',
      '2024-02-29T00:00:00Z',
      ' 2024-02-29',
      '２０２４-02-29',
    ])
      expect(isDateText(text), text).toBe(false);
  });

  it('reads ISO-8601 timestamps with a zone only', () => {
    expect(timestampTextMillis('2026-11-26T10:00:00.123Z')).toBe(
      Date.UTC(2026, 10, 26, 10, 0, 0, 123),
    );
    expect(timestampTextMillis('2026-11-26T11:00:00+01:00')).toBe(Date.UTC(2026, 10, 26, 10));
    for (const text of [
      '2026-11-26T10:00:00',
      '2026-11-26',
      'Thu, 26 Nov 2026 10:00:00 GMT',
      '2026-13-01T00:00Z',
    ])
      expect(timestampTextMillis(text), text).toBeNaN();
  });

  it('says a decimal text fits exactly when the decimal type takes it', () => {
    const texts = ['0', '0.5', '-0.50', '00012.34', '999.99', '1000.00', '12.345', '+1', '1.', 'x'];
    for (const [precision, scale] of [
      [5, 2],
      [3, 0],
      [4, 4],
    ] as const) {
      const t = type({ type: 'bytes', logicalType: 'decimal', precision, scale });
      for (const text of texts)
        expect(decimalTextFits(precision, scale, text), `${text} (${precision},${scale})`).toBe(
          t.isValid(text),
        );
    }
  });
});
