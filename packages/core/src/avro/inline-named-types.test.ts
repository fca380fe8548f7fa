import { describe, expect, it } from 'vitest';
import { inlineNamedTypes } from './inline-named-types.js';

const money = {
  type: 'record',
  name: 'Money',
  namespace: 'meshkit.common',
  fields: [
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 2 } },
    { name: 'currency', type: 'string' },
  ],
};
const shared = new Map<string, unknown>([['meshkit.common.Money', money]]);

const order = () => ({
  type: 'record',
  name: 'Order',
  namespace: 'sales',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'total', type: 'meshkit.common.Money' },
    { name: 'refund', type: ['null', 'meshkit.common.Money'], default: null },
    { name: 'lines', type: { type: 'array', items: 'string' } },
  ],
});

describe('inlineNamedTypes', () => {
  it('writes a shared type in at its first reference and names it after that', () => {
    const out = inlineNamedTypes(order(), shared) as ReturnType<typeof order>;
    expect(out.fields[1]!.type).toEqual(money);
    expect(out.fields[2]!.type).toEqual(['null', 'meshkit.common.Money']);
  });

  it('leaves the given schema as it was and shares what it did not have to change', () => {
    const given = order();
    const before = structuredClone(given);
    const out = inlineNamedTypes(given, shared) as ReturnType<typeof order>;
    expect(given).toEqual(before);
    expect(out).not.toBe(given);
    expect(out.fields[0]).toBe(given.fields[0]);
    expect(out.fields[3]).toBe(given.fields[3]);
    // The written-in copy is the schema's own: changing it cannot reach the shared type.
    expect(out.fields[1]!.type).not.toBe(money);
  });

  it('returns a schema without references to shared types as it is', () => {
    const plain = { type: 'record', name: 'P', fields: [{ name: 'a', type: ['null', 'long'] }] };
    expect(inlineNamedTypes(plain, shared)).toBe(plain);
  });

  it('never replaces a type the schema defines itself', () => {
    const own = {
      type: 'record',
      name: 'Money',
      namespace: 'meshkit.common',
      fields: [{ name: 'cents', type: 'long' }],
    };
    const schema = {
      type: 'record',
      name: 'Wallet',
      fields: [
        { name: 'mine', type: own },
        { name: 'again', type: 'meshkit.common.Money' },
      ],
    };
    expect(inlineNamedTypes(schema, shared)).toBe(schema);
  });
});
