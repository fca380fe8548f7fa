import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAvroContract } from '../avro/avro-contract.js';
import {
  decimalTextFits,
  isDateText,
  isUuidText,
  logicalTextBytes,
  timestampTextMillis,
} from '../avro/logical-types.js';
import { compileJsonRecordScanner } from './json-record-scan.js';
import { parseJsonRecord } from './parse-json-record.js';
import { validateRecord } from './validate-record.js';

const money = {
  type: 'record',
  name: 'Money',
  fields: [
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
    { name: 'currency', type: 'string' },
  ],
};

const contract = parseAvroContract({
  type: 'record',
  name: 'Order',
  namespace: 'test',
  fields: [
    { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'at_us', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
    { name: 'qty', type: 'int' },
    { name: 'seq', type: 'long' },
    { name: 'score', type: 'double' },
    { name: 'ratio', type: 'float' },
    { name: 'gift', type: 'boolean' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'total', type: money },
    { name: 'discount', type: ['null', 'Money'], default: null },
    {
      name: 'lines',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Line',
          fields: [
            { name: 'sku', type: 'string' },
            { name: 'price', type: 'Money' },
          ],
        },
      },
    },
    { name: 'attrs', type: { type: 'map', values: 'int' }, default: {} },
    { name: 'blob', type: ['null', 'bytes'], default: null },
    { name: 'either', type: ['null', 'int', 'string'], default: null },
  ],
});
if (!contract.ok) throw new Error(contract.error.message);
const type = contract.value.type;
const scanner = compileJsonRecordScanner(type)!;

const good = {
  id: '3f1c9a2e-5b7d-4e8a-9c01-2d3e4f5a6b7c',
  day: '2024-02-29',
  at: '2026-11-20T08:15:02.123Z',
  at_us: '2026-11-20T08:15:02Z',
  status: 'PAID',
  qty: 3,
  seq: 123456789012,
  score: -1.5e3,
  ratio: 0.25,
  gift: false,
  note: 'Grüße, "quoted" \\ and \u2603',
  total: { amount: '12.50', currency: 'EUR' },
  discount: null,
  lines: [{ sku: 'A-1', price: { amount: '-0.99', currency: 'EUR' } }],
  attrs: { colour: 1, 'size eu': 42 },
  blob: null,
  either: null,
};

const bytesOf = (text: string) => new TextEncoder().encode(text);

/** What the full path makes of the bytes: parsed, valid, unchanged and on one line. */
const fullPathKeepsBytes = (bytes: Uint8Array): boolean => {
  const parsed = parseJsonRecord(bytes);
  if (!parsed.ok) return false;
  const valid = validateRecord(type, parsed.value);
  return (
    valid.ok &&
    valid.value === parsed.value &&
    bytes[0] !== 0xef &&
    !bytes.includes(0x0a) &&
    !bytes.includes(0x0d)
  );
};

/** The promise of the fast path: it says yes only where the full path keeps the bytes. */
const expectSound = (text: string | Uint8Array) => {
  const bytes = typeof text === 'string' ? bytesOf(text) : text;
  if (!scanner.scan(bytes)) return false;
  expect(fullPathKeepsBytes(bytes), Buffer.from(bytes).toString()).toBe(true);
  const parsed = parseJsonRecord(bytes);
  if (parsed.ok) {
    for (const name of ['day', 'at', 'total', 'lines'])
      expect(scanner.value(bytes, scanner.fieldIndex(name))).toEqual(parsed.value[name]);
  }
  return true;
};

const withField = (name: string, value: unknown) => JSON.stringify({ ...good, [name]: value });

describe('the JSON fast path', () => {
  it('takes a valid record in the contract form, spaces and any key order included', () => {
    expect(expectSound(JSON.stringify(good))).toBe(true);
    expect(expectSound(JSON.stringify(good, null, '\t').replace(/\n/g, ' '))).toBe(true);
    const reversed = Object.fromEntries(Object.entries(good).reverse());
    expect(expectSound(JSON.stringify(reversed))).toBe(true);
  });

  it('gives top-level field values and texts from the last scan', () => {
    const bytes = bytesOf(JSON.stringify(good));
    expect(scanner.scan(bytes)).toBe(true);
    expect(scanner.value(bytes, scanner.fieldIndex('day'))).toBe('2024-02-29');
    expect(scanner.value(bytes, scanner.fieldIndex('note'))).toBe(good.note);
    const qty = scanner.fieldIndex('qty');
    expect(Buffer.from(bytes.subarray(scanner.start(qty), scanner.end(qty))).toString()).toBe('3');
    expect(scanner.fieldIndex('nope')).toBe(-1);
  });

  it.each([
    ['a missing field with a default', JSON.stringify({ ...good, note: undefined })],
    ['a missing required field', JSON.stringify({ ...good, id: undefined })],
    ['an unknown key', withField('extra', 1)],
    ['a duplicate key', JSON.stringify(good).replace('{', '{"qty":1,')],
    ['an escaped key', JSON.stringify(good).replace('"qty"', '"q\\u0074y"')],
    ['an int out of range', withField('qty', 2 ** 31)],
    ['an int written as 1.0', JSON.stringify(good).replace('"qty":3', '"qty":3.0')],
    ['negative zero', JSON.stringify(good).replace('"qty":3', '"qty":-0')],
    ['a leading zero', JSON.stringify(good).replace('"qty":3', '"qty":03')],
    ['a long beyond 15 digits', withField('seq', 2 ** 52)],
    ['a date as a number', withField('day', 19000)],
    ['a date that does not exist', withField('day', '2023-02-29')],
    ['a timestamp with an offset', withField('at', '2026-11-20T08:15:02+01:00')],
    ['a timestamp before year 100', withField('at', '0050-01-01T00:00:00Z')],
    [
      'a decimal too precise',
      JSON.stringify({ ...good, total: { ...good.total, amount: '1.234' } }),
    ],
    ['an unknown symbol', withField('status', 'LOST')],
    ['an escaped symbol', JSON.stringify(good).replace('"PAID"', '"P\\u0041ID"')],
    ['a bytes value', withField('blob', 'AAE=')],
    ['a union of several branches', withField('either', 1)],
    ['a __proto__ map key', JSON.stringify(good).replace('"colour"', '"__proto__"')],
    ['a line break between tokens', JSON.stringify(good).replace(',"qty"', ',\n"qty"')],
    ['a byte-order mark', `\uFEFF${JSON.stringify(good)}`],
    ['trailing text', `${JSON.stringify(good)} x`],
    ['two records', `${JSON.stringify(good)}${JSON.stringify(good)}`],
    ['a raw control character in a string', JSON.stringify(good).replace('Gr', 'G\u0001r')],
    ['an array', `[${JSON.stringify(good)}]`],
  ])('leaves %s to the full path', (_, text) => {
    expect(expectSound(text)).toBe(false);
  });

  it('leaves invalid UTF-8, oversized and over-deep records to the full path', () => {
    const text = JSON.stringify(good);
    const at = text.indexOf('Gr') + 2;
    const broken = bytesOf(text);
    broken[at] = 0xc3;
    broken[at + 1] = 0x28;
    expect(scanner.scan(broken)).toBe(false);
    const small = compileJsonRecordScanner(type, { maxBytes: 100 })!;
    expect(small.scan(bytesOf(text))).toBe(false);
    const shallow = compileJsonRecordScanner(type, { maxDepth: 2 })!;
    expect(shallow.scan(bytesOf(text))).toBe(false);
    expect(compileJsonRecordScanner(type, { maxDepth: 4 })!.scan(bytesOf(text))).toBe(true);
  });

  it('has no fast path for a contract whose top level is not a record', () => {
    const array = parseAvroContract({ type: 'array', items: 'int' });
    if (!array.ok) throw new Error(array.error.message);
    expect(compileJsonRecordScanner(array.value.type)).toBeUndefined();
  });

  it('refuses, like the full path, a field named like a prototype key', () => {
    const c = parseAvroContract({
      type: 'record',
      name: 'Odd',
      fields: [{ name: 'constructor', type: 'int' }],
    });
    if (!c.ok) throw new Error(c.error.message);
    expect(compileJsonRecordScanner(c.value.type)!.scan(bytesOf('{"constructor":1}'))).toBe(false);
  });

  it('takes recursive types', () => {
    const c = parseAvroContract({
      type: 'record',
      name: 'Node',
      fields: [
        { name: 'value', type: 'int' },
        { name: 'next', type: ['null', 'Node'], default: null },
      ],
    });
    if (!c.ok) throw new Error(c.error.message);
    const s = compileJsonRecordScanner(c.value.type)!;
    expect(s.scan(bytesOf('{"value":1,"next":{"value":2,"next":null}}'))).toBe(true);
    expect(s.scan(bytesOf('{"value":1,"next":{"value":2}}'))).toBe(false);
    const list = bytesOf('{"next":{"value":2,"next":null},"value":1}');
    expect(s.scan(list)).toBe(true);
    expect(s.value(list, 0)).toBe(1);
  });

  it('says yes only where the full path keeps the bytes, over random edits of valid records', () => {
    const pieces = [
      ' ',
      '"',
      '\\',
      ',',
      ':',
      '{',
      '}',
      '[',
      ']',
      '0',
      '-',
      '.',
      'e',
      'null',
      'true',
      '1e400',
      '\\u0041',
      '\u00e9',
      '\n',
      'x',
      '2147483648',
      '-2147483648',
      '"PAID"',
      '"__proto__"',
    ];
    const text = JSON.stringify(good);
    let kept = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.nat(text.length),
            drop: fc.nat(4),
            insert: fc.constantFrom(...pieces, ''),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (edits) => {
          let t = text;
          for (const e of edits) {
            const at = e.at % (t.length + 1);
            t = t.slice(0, at) + e.insert + t.slice(at + e.drop);
          }
          if (expectSound(t)) kept++;
        },
      ),
      { numRuns: 4000, seed: 20261126 },
    );
    // Some edits leave a valid record (a space, a digit in a string): the path is still taken.
    expect(kept).toBeGreaterThan(0);
  });

  it('says yes only where the full path keeps the bytes, over random valid values', () => {
    let kept = 0;
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{1,${n}}$`));
    const record = fc.record({
      id: fc.uuid(),
      day: fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 0)), noInvalidDate: true }),
      at: fc.oneof(
        {
          weight: 4,
          arbitrary: fc.date({ min: new Date(0), max: new Date(7e12), noInvalidDate: true }),
        },
        {
          weight: 1,
          arbitrary: fc.date({ min: new Date(-1e14), max: new Date(1e14), noInvalidDate: true }),
        },
      ),
      status: fc.constantFrom('NEW', 'PAID', 'PAID', 'paid'),
      qty: fc.oneof({ weight: 4, arbitrary: fc.integer() }, { weight: 1, arbitrary: fc.double() }),
      seq: fc.oneof(fc.maxSafeInteger(), fc.integer()),
      score: fc.double({ noNaN: true, noDefaultInfinity: true }),
      ratio: fc.float({ noNaN: true, noDefaultInfinity: true }),
      gift: fc.boolean(),
      note: fc.option(fc.string({ unit: 'binary' })),
      amount: fc.tuple(fc.constantFrom('', '-', '+'), digits(8), fc.option(digits(3))),
      attrs: fc.dictionary(
        fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[a-z ]{0,8}$/) }, fc.string()),
        fc.integer(),
      ),
    });
    fc.assert(
      fc.property(record, (r) => {
        const amount = `${r.amount[0]}${r.amount[1]}${r.amount[2] === null ? '' : `.${r.amount[2]}`}`;
        const value = {
          ...good,
          id: r.id,
          day: r.day.toISOString().slice(0, 10),
          at: r.at.toISOString(),
          at_us: r.at.toISOString(),
          status: r.status,
          qty: r.qty,
          seq: r.seq,
          score: r.score,
          ratio: r.ratio,
          gift: r.gift,
          note: r.note,
          total: { amount, currency: 'EUR' },
          attrs: r.attrs,
        };
        if (expectSound(JSON.stringify(value))) kept++;
      }),
      { numRuns: 3000, seed: 20261126 },
    );
    // Most of these records are in the contract's form: the fast path must take them.
    expect(kept).toBeGreaterThan(400);
  });
});

describe('logical text checks on bytes', () => {
  const texts = fc.oneof(
    fc.stringMatching(/^[0-9a-fA-F-]{30,40}$/),
    fc.uuid(),
    fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/),
    fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{3})?Z$/),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.stringMatching(/^[+-]?[0-9]{0,12}(\.[0-9]{0,4})?$/),
    fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
  );
  const check = (text: string) => {
    const b = Buffer.from(text, 'latin1');
    expect(logicalTextBytes.uuid(b, 0, b.length)).toBe(isUuidText(text));
    expect(logicalTextBytes.date(b, 0, b.length)).toBe(isDateText(text));
    for (const [p, s] of [
      [9, 2],
      [4, 0],
      [12, 4],
    ] as const)
      expect(logicalTextBytes.decimalFits(p, s, b, 0, b.length)).toBe(decimalTextFits(p, s, text));
    const ms = logicalTextBytes.timestampMillis(b, 0, b.length);
    // Only the common forms are read; where they are, the value is Date.parse's.
    if (!Number.isNaN(ms)) expect(ms).toBe(timestampTextMillis(text));
  };

  it('agree with the text checks', () => {
    for (const t of [
      '007.5',
      '0',
      '-0.00',
      '00',
      '.5',
      '5.',
      '1e3',
      '',
      '+',
      '2026-11-20T24:00:00Z',
    ])
      check(t);
    fc.assert(fc.property(texts, check), { numRuns: 5000, seed: 20261126 });
  });

  it('read the common timestamp forms', () => {
    const b = Buffer.from('x2026-11-20T08:15:02.123Zx', 'latin1');
    expect(logicalTextBytes.timestampMillis(b, 1, b.length - 1)).toBe(
      Date.parse('2026-11-20T08:15:02.123Z'),
    );
  });
});
