import { describe, expect, it } from 'vitest';
import avro from 'avsc';
import { checkAvroBinary, readWireHeader, writeWireHeader } from './avro-wire.js';

const type = avro.Type.forSchema({
  type: 'record',
  name: 'R',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'n', type: 'long' },
    { name: 'xs', type: { type: 'array', items: 'int' } },
    { name: 'nulls', type: { type: 'array', items: 'null' } },
    { name: 'm', type: { type: 'map', values: 'double' } },
    { name: 'u', type: ['null', 'string'] },
  ],
});
const value = { id: 'a', n: 5, xs: [1, 2, 3], nulls: [null], m: { k: 1.5 }, u: 'x' };
const zigzag = (n: number) => {
  const out: number[] = [];
  let v = n >= 0 ? n * 2 : -n * 2 - 1;
  while (v >= 128) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
};

describe('Confluent wire format', () => {
  it('reads the schema id behind the magic byte', () => {
    const r = readWireHeader(writeWireHeader(4_000_000_001, Buffer.from([1, 2])));
    expect(r.ok && r.value.schemaId).toBe(4_000_000_001);
    expect(r.ok && [...r.value.body]).toEqual([1, 2]);
  });

  it('refuses a wrong magic byte and a short record, saying why', () => {
    const bad = readWireHeader(Buffer.from('{"a":1}'));
    expect(!bad.ok && bad.error.code).toBe('AVRO_BAD_MAGIC');
    expect(!bad.ok && bad.error.message).toContain('starts with byte 123');
    const short = readWireHeader(Buffer.from([0, 0]));
    expect(!short.ok && short.error.message).toContain('too short');
  });
});

describe('checkAvroBinary', () => {
  it('passes a record avsc wrote', () => {
    expect(checkAvroBinary(type, type.toBuffer(value)).ok).toBe(true);
  });

  it('refuses truncated records and trailing bytes', () => {
    const buf = type.toBuffer(value);
    for (let cut = 0; cut < buf.length; cut++)
      expect(checkAvroBinary(type, buf.subarray(0, cut)).ok, `cut at ${cut}`).toBe(false);
    const r = checkAvroBinary(type, Buffer.concat([buf, Buffer.from([0])]));
    expect(!r.ok && r.error.message).toContain('1 bytes left over');
  });

  it('refuses an array claiming billions of items at once, bounded by the bytes present', () => {
    const body = Buffer.from([2, 0x61, 10, ...zigzag(2_000_000_000), 2, 4, 0]);
    const r = checkAvroBinary(type, body);
    expect(!r.ok && r.error.code).toBe('AVRO_MALFORMED');
    expect(!r.ok && r.error.message).toContain('claims 2000000000 items');
  });

  it('refuses billions of null items, which take no bytes', () => {
    const body = Buffer.from([2, 0x61, 10, 0, ...zigzag(2_000_000_000), 0]);
    const r = checkAvroBinary(type, body);
    expect(!r.ok && r.error.message).toContain('empty items');
  });

  it('refuses a negative string length and an unknown union branch', () => {
    expect(checkAvroBinary(type, Buffer.from([1])).ok).toBe(false);
    const buf = Buffer.from(type.toBuffer(value));
    buf[buf.length - 3] = 8;
    expect(checkAvroBinary(type, buf).ok).toBe(false);
  });
});
