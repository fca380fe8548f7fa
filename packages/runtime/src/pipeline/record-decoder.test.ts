import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { LOGICAL_TYPES } from '@meshkit/core';
import { createMemorySchemaRegistry } from '@meshkit/registry';
import { createAvroDecoder } from './record-decoder.js';

const schema = {
  type: 'record',
  name: 'Order',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'total', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
  ],
};
const contract = avro.Type.forSchema(schema as avro.Schema, {
  logicalTypes: LOGICAL_TYPES,
  wrapUnions: 'never',
});

/** Confluent wire format: magic byte 0, the schema id (big-endian int32), the Avro body. */
const wire = (id: number, body: Buffer): Uint8Array => {
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, body]);
};

describe('createAvroDecoder', () => {
  it('gives logical values once converted when the writer schema equals the contract', async () => {
    const registry = await createMemorySchemaRegistry();
    const { id } = await registry.register('sales.orders.raw-value', JSON.stringify(schema));
    const record = { id: 'o-1', day: '2026-11-26', at: '2026-11-26T10:00:00.000Z', total: '12.50' };
    const decode = createAvroDecoder(contract, registry);
    expect(await decode.decode(wire(id, contract.toBuffer(record)))).toEqual({
      ok: true,
      value: record,
    });
  });

  it('dead-letters an unknown schema id instead of throwing', async () => {
    const registry = await createMemorySchemaRegistry();
    const result = await createAvroDecoder(contract, registry).decode(wire(4242, Buffer.from([0])));
    expect(result).toMatchObject({ ok: false, error: { code: 'AVRO_UNKNOWN_SCHEMA' } });
  });
});
