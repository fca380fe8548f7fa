import { describe, expect, it } from 'vitest';
import { minimize, reductions } from './minimize.js';

const record = {
  type: 'record',
  name: 'Order',
  doc: 'An order.',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['A', 'B', 'C'] } },
    { name: 'bad', type: ['null', { type: 'array', items: 'long' }], default: null },
    { name: 'total', type: 'double', aliases: ['amount'] },
  ],
};

describe('minimize', () => {
  it('offers single edits: dropped fields, branches, symbols and attributes, simpler types', () => {
    const texts = reductions(record).map((r) => JSON.stringify(r));
    expect(texts.every((t) => t !== JSON.stringify(record))).toBe(true);
    expect(texts).toContain(JSON.stringify({ ...record, doc: undefined }));
    expect(texts.some((t) => !t.includes('"name":"id"'))).toBe(true);
    expect(texts.some((t) => t.includes('"symbols":["A","B"]'))).toBe(true);
    expect(texts.some((t) => t.includes('"type":[{"type":"array","items":"long"}]'))).toBe(true);
    expect(texts.some((t) => t.includes('{"name":"status","type":"int"}'))).toBe(true);
  });

  it('keeps only what the failure needs', async () => {
    // "Fails" while some field named "bad" still holds a long somewhere.
    const fails = (doc: unknown): boolean => {
      const text = JSON.stringify(doc);
      return text.includes('"name":"bad"') && text.includes('long');
    };
    const { schemas, rounds } = await minimize([record], async (cs) => cs.map((c) => fails(c[0])));
    expect(rounds).toBeGreaterThan(0);
    expect(schemas[0]).toEqual({
      type: 'record',
      name: 'Order',
      fields: [{ name: 'bad', type: { type: 'array', items: 'long' } }],
    });
  });

  it('returns the case unchanged when no edit still fails', async () => {
    const { schemas, rounds } = await minimize([record, 'int'], async (cs) => cs.map(() => false));
    expect(rounds).toBe(0);
    expect(schemas).toEqual([record, 'int']);
  });
});
