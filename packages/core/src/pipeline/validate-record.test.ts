import { describe, expect, it } from 'vitest';
import { parseAvroContract } from '../avro/avro-contract.js';
import { validateRecord } from './validate-record.js';

const contract = parseAvroContract({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
    {
      name: 'lines',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Line',
          fields: [
            { name: 'qty', type: 'int' },
            {
              name: 'price',
              type: { type: 'bytes', logicalType: 'decimal', precision: 6, scale: 2 },
            },
          ],
        },
      },
    },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'tags', type: { type: 'map', values: 'string' }, default: {} },
  ],
});
if (!contract.ok) throw new Error(contract.error.message);
const type = contract.value.type;

const good = {
  id: '3f1c9a2e-5b7d-4e8a-9c01-2d3e4f5a6b7c',
  day: '2026-11-20',
  at: '2026-11-20T08:15:02.123Z',
  status: 'NEW',
  lines: [{ qty: 1, price: '12.50' }],
};

describe('validateRecord', () => {
  it('accepts a good record and fills in defaults', () => {
    const r = validateRecord(type, good);
    expect(r).toEqual({ ok: true, value: { ...good, note: null, tags: {} } });
  });

  it('turns epoch numbers for dates and timestamps into their text form', () => {
    const r = validateRecord(type, { ...good, day: 20412, at: 1_795_000_000_000 });
    expect(r.ok && r.value.day).toBe('2025-11-20');
    expect(r.ok && r.value.at).toBe('2026-11-18T11:06:40.000Z');
  });

  it('reports every violation with its JSON Pointer', () => {
    const r = validateRecord(type, {
      id: 'not-a-uuid',
      day: '2026-02-30',
      status: 'SHIPPED',
      lines: [{ qty: '2', price: '1.234' }],
      note: 5,
      extra: true,
      'a/b~': 1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CONTRACT_VIOLATION');
    expect(r.error.pointer).toBe('/id');
    expect(r.error.violations.map((v) => v.pointer)).toEqual([
      '/id',
      '/day',
      '/at',
      '/status',
      '/lines/0/qty',
      '/lines/0/price',
      '/note',
      '/extra',
      '/a~1b~0',
    ]);
    expect(r.error.violations[2]!.message).toBe('missing required field');
    expect(r.error.violations[3]!.message).toBe(
      'string "SHIPPED" is not one of the symbols NEW, PAID',
    );
    expect(r.error.message).toMatch(
      /^\/id: string "not-a-uuid" is not a valid uuid \(and 8 more\)$/,
    );
  });

  it('reports a record that is not an object at the root', () => {
    const r = validateRecord(type, 'x');
    expect(!r.ok && r.error.violations).toEqual([
      { pointer: '', message: 'expected a record, got string "x"' },
    ]);
  });

  it('stops collecting at the violation limit', () => {
    const lines = Array.from({ length: 10_000 }, () => ({ qty: 'x', price: 'y' }));
    const r = validateRecord(type, { ...good, lines }, { maxViolations: 5 });
    expect(!r.ok && r.error.violations.length).toBe(5);
  });

  it('returns the very record given when it is already in the contract form', () => {
    const complete = { ...good, note: 'gift', tags: { a: 'b' } };
    const r = validateRecord(type, complete);
    expect(r.ok && r.value).toBe(complete);
  });

  it('returns a new record, leaving the given one alone, when defaults or conversions apply', () => {
    const given = { ...good, lines: [{ qty: 1, price: '1.00' }], day: 20412 };
    const before = structuredClone(given);
    const r = validateRecord(type, given);
    expect(r.ok && r.value).not.toBe(given);
    expect(r.ok && Object.keys(r.value)).toEqual([
      'id',
      'day',
      'at',
      'status',
      'lines',
      'note',
      'tags',
    ]);
    expect(r.ok && r.value.lines).toBe(given.lines);
    expect(given).toEqual(before);
  });

  it('checks recursive types to any depth the record has', () => {
    const list = parseAvroContract({
      type: 'record',
      name: 'Node',
      fields: [
        { name: 'value', type: 'int' },
        { name: 'next', type: ['null', 'Node'], default: null },
      ],
    });
    if (!list.ok) throw new Error(list.error.message);
    let chain: Record<string, unknown> = { value: 0, next: null };
    for (let i = 1; i < 500; i++) chain = { value: i, next: chain };
    expect(validateRecord(list.value.type, chain).ok).toBe(true);
    let tail = chain;
    for (let i = 0; i < 499; i++) tail = tail.next as Record<string, unknown>;
    tail.value = 'x';
    const r = validateRecord(list.value.type, chain);
    expect(!r.ok && r.error.pointer).toBe(`${'/next'.repeat(499)}/value`);
  });
});
