import { describe, expect, it } from 'vitest';
import { avroToGlueColumns, avroToGlueType } from './avro-to-glue.js';

describe('avroToGlueType', () => {
  it.each([
    ['boolean', 'boolean'],
    ['int', 'int'],
    ['long', 'bigint'],
    ['float', 'float'],
    ['double', 'double'],
    ['bytes', 'binary'],
    ['string', 'string'],
    [{ type: 'int', logicalType: 'date' }, 'date'],
    [{ type: 'long', logicalType: 'timestamp-millis' }, 'timestamp'],
    [{ type: 'long', logicalType: 'timestamp-micros' }, 'timestamp'],
    [{ type: 'string', logicalType: 'uuid' }, 'string'],
    [{ type: 'bytes', logicalType: 'decimal', precision: 18, scale: 2 }, 'decimal(18,2)'],
    [{ type: 'fixed', name: 'D', size: 8, logicalType: 'decimal', precision: 10 }, 'decimal(10,0)'],
    [{ type: 'fixed', name: 'Hash', size: 16 }, 'binary'],
    [{ type: 'enum', name: 'Status', symbols: ['A', 'B'] }, 'string'],
    [['null', 'string'], 'string'],
    [['null', 'int', 'string'], 'struct<member0:int,member1:string>'],
    [{ type: 'array', items: 'long' }, 'array<bigint>'],
    [{ type: 'map', values: { type: 'array', items: 'string' } }, 'map<string,array<string>>'],
  ])('maps %j to %s', (avro, glue) => {
    expect(avroToGlueType(avro)).toBe(glue);
  });

  it('maps records to structs and resolves named types referenced later', () => {
    const schema = {
      type: 'record',
      name: 'Order',
      namespace: 'com.example',
      fields: [
        {
          name: 'total',
          type: {
            type: 'record',
            name: 'Money',
            fields: [
              {
                name: 'amount',
                type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 2 },
              },
              { name: 'currency', type: 'string' },
            ],
          },
        },
        { name: 'discount', type: ['null', 'com.example.Money'], default: null },
        { name: 'refund', type: ['null', 'Money'], default: null },
      ],
    };
    expect(avroToGlueColumns(schema)).toEqual([
      { name: 'total', type: 'struct<amount:decimal(18,2),currency:string>' },
      { name: 'discount', type: 'struct<amount:decimal(18,2),currency:string>' },
      { name: 'refund', type: 'struct<amount:decimal(18,2),currency:string>' },
    ]);
  });

  it('stops a recursive record instead of expanding it forever', () => {
    const schema = {
      type: 'record',
      name: 'Node',
      fields: [{ name: 'next', type: ['null', 'Node'], default: null }],
    };
    expect(avroToGlueColumns(schema)[0]!.type.length).toBeLessThan(2000);
  });

  it('lowercases column names and keeps docs as comments of at most 255 characters', () => {
    const cols = avroToGlueColumns({
      type: 'record',
      name: 'R',
      fields: [{ name: 'OrderId', type: 'string', doc: 'x'.repeat(400) }],
    });
    expect(cols[0]!.name).toBe('orderid');
    expect(cols[0]!.comment).toHaveLength(255);
  });
});
