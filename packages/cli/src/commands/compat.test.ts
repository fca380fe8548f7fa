import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../program.js';
import { captureIo as capture } from '../testing/capture-io.js';

const record = (fields: string[]): string =>
  `{\n  "type": "record",\n  "name": "Order",\n  "fields": [\n${fields.map((f) => `    ${f}`).join(',\n')}\n  ]\n}\n`;

const ID = '{ "name": "id", "type": "string" }';
// v1 -> v2 adds x with a default; "no-default" keeps x but drops its default (reads v2, not v1);
// "drop-id" removes id (v1 and v2 cannot read what it writes).
const FILES: Record<string, string> = {
  'v1.avsc': record([ID]),
  'v2.avsc': record([ID, '{ "name": "x", "type": "string", "default": "a" }']),
  'no-default.avsc': record([ID, '{ "name": "x", "type": "string" }']),
  'drop-id.avsc': record(['{ "name": "x", "type": "string", "default": "a" }']),
  'dec-2.avsc': '{ "type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2 }\n',
  'dec-3.avsc': '{ "type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 3 }\n',
};

let ws: string;
beforeEach(() => {
  ws = mkdtempSync(join(tmpdir(), 'mesh-compat-'));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(ws, name), text);
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

const mesh = async (...argv: string[]) => {
  const io = capture(ws);
  const code = await run(['compat', ...argv], io);
  return { code, out: io.stdout(), err: io.stderr() };
};

const FIX =
  'Give the field a default (`"default": null` with a `["null", ...]` union is the usual way), or add an alias naming the writer field it replaces.';

describe('mesh compat --reader --writer', () => {
  it('exits 0 when the reader reads what the writer wrote', async () => {
    const r = await mesh('--reader', 'v2.avsc', '--writer', 'v1.avsc');
    expect(r).toEqual({
      code: 0,
      out: 'ok: 1 schema pair checked, 0 errors, 0 warnings\n',
      err: '',
    });
  });

  it('exits 1 with one finding per incompatibility, located in the reader file', async () => {
    const r = await mesh('--reader', 'no-default.avsc', '--writer', 'v1.avsc', '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      schemaVersion: 1,
      command: 'compat',
      ok: false,
      summary: { checked: 1, errors: 1, warnings: 0, infos: 0 },
      findings: [
        {
          ruleId: 'field-added-without-default',
          severity: 'error',
          message:
            'READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (x): no-default.avsc cannot read data written with v1.avsc',
          location: { file: 'no-default.avsc', pointer: '/fields/1', line: 6, column: 5 },
          hint: FIX,
          data: {
            avroType: 'READER_FIELD_MISSING_DEFAULT_VALUE',
            pointer: '/fields/1',
            reader: 'no-default.avsc',
            writer: 'v1.avsc',
          },
        },
      ],
    });
  });

  it('reports every incompatibility, not just the first', async () => {
    writeFileSync(
      join(ws, 'many.avsc'),
      record([
        '{ "name": "id", "type": "int" }',
        '{ "name": "a", "type": "string" }',
        '{ "name": "b", "type": { "type": "enum", "name": "E", "symbols": ["X"] } }',
      ]),
    );
    writeFileSync(
      join(ws, 'old.avsc'),
      record([
        ID,
        '{ "name": "b", "type": { "type": "enum", "name": "E", "symbols": ["X", "Y"] } }',
      ]),
    );
    const r = await mesh('--reader', 'many.avsc', '--writer', 'old.avsc');
    expect(r.code).toBe(1);
    expect(r.out.split('\n').filter((l) => l.startsWith('many.avsc:'))).toEqual([
      'many.avsc:5:29: error: TYPE_MISMATCH at /fields/0/type (reader type: INT not compatible with writer type: STRING): many.avsc cannot read data written with old.avsc [type-changed]',
      'many.avsc:6:5: error: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (a): many.avsc cannot read data written with old.avsc [field-added-without-default]',
      'many.avsc:7:70: error: MISSING_ENUM_SYMBOLS at /fields/2/type/symbols ([Y]): many.avsc cannot read data written with old.avsc [enum-symbol-removed]',
    ]);
    expect(r.out).toMatch(/^failed: 1 schema pair checked, 3 errors, 0 warnings$/m);
  });

  it('runs opt-in rules when asked', async () => {
    expect((await mesh('--reader', 'dec-3.avsc', '--writer', 'dec-2.avsc')).code).toBe(0);
    const r = await mesh(
      '--reader',
      'dec-3.avsc',
      '--writer',
      'dec-2.avsc',
      '--opt-in',
      'decimal-precision-scale-changed',
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "dec-3.avsc:1:1: error: TYPE_MISMATCH at / (Decimal (precision,scale) doesn't match for reader (10,3) and writer (10,2) schemas): dec-3.avsc cannot read data written with dec-2.avsc [decimal-precision-scale-changed]",
    );
  });

  it.each([
    ['text', /^no-default\.avsc:6:5: error: READER_FIELD_MISSING_DEFAULT_VALUE/],
    ['json', /"ruleId": "field-added-without-default"/],
    ['junit', /<failure message="READER_FIELD_MISSING_DEFAULT_VALUE at \/fields\/1 \(x\)/],
    ['sarif', /"uri": "no-default.avsc"[\s\S]*"startLine": 6,\s*"startColumn": 5/],
    ['github', /^::error file=no-default\.avsc,line=6,col=5,title=field-added-without-default::/],
    ['markdown', /^### ❌ mesh compat failed: 1 error, 0 warnings\n\n1 schema pair checked\./],
  ])('renders --format %s', async (format, expected) => {
    const r = await mesh('--reader', 'no-default.avsc', '--writer', 'v1.avsc', '--format', format);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(expected);
  });
});

describe('mesh compat shared types', () => {
  const MONEY =
    '{ "type": "record", "name": "Money", "namespace": "meshkit.common", "fields": [{ "name": "units", "type": "long" }] }';
  const withTotal = (type: string) => record([ID, `{ "name": "total", "type": ${type} }`]);

  it("reads the workspace's contracts/avro types by default", async () => {
    mkdirSync(join(ws, 'contracts/avro'), { recursive: true });
    writeFileSync(join(ws, 'contracts/avro/meshkit.common.Money.avsc'), MONEY);
    writeFileSync(join(ws, 'money.avsc'), withTotal('"meshkit.common.Money"'));
    writeFileSync(join(ws, 'text.avsc'), withTotal('"string"'));
    expect((await mesh('--reader', 'money.avsc', '--writer', 'money.avsc')).code).toBe(0);
    const r = await mesh('--reader', 'money.avsc', '--writer', 'text.avsc');
    expect(r.code).toBe(1);
    // The mismatch is at the reference: the shared type itself is in another file.
    expect(r.out).toMatch(/^money\.avsc:6:32: error: TYPE_MISMATCH at \/fields\/1\/type /m);
  });

  it('takes the types from --types', async () => {
    writeFileSync(join(ws, 'Money.avsc'), MONEY);
    writeFileSync(join(ws, 'money.avsc'), withTotal('"meshkit.common.Money"'));
    expect(
      (await mesh('--reader', 'money.avsc', '--writer', 'money.avsc', '--types', 'Money.avsc'))
        .code,
    ).toBe(0);
    const err = (await mesh('--reader', 'money.avsc', '--writer', 'money.avsc')).err;
    expect(err).toContain('money.avsc:6:32: /fields/1/type: unknown type "meshkit.common.Money"');
  });

  it('rejects a --types file that is not a named type', async () => {
    const r = await mesh('--reader', 'v1.avsc', '--writer', 'v1.avsc', '--types', 'dec-2.avsc');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'mesh: error INPUT_USAGE: dec-2.avsc is not a named Avro type (record, enum or fixed with a "name"); --types takes one named type per file\n',
    );
  });

  it("checks the repository's own contracts", async () => {
    const repo = new URL('../../../../', import.meta.url).pathname;
    const io = capture(repo);
    const orders = 'domains/sales/orders/contracts/orders.avsc';
    const code = await run(
      ['compat', '--level', 'FULL_TRANSITIVE', '--existing', orders, '--candidate', orders],
      io,
    );
    expect(io.stderr()).toBe('');
    expect(io.stdout()).toBe('ok: 2 schema pairs checked, 0 errors, 0 warnings\n');
    expect(code).toBe(0);
  });
});

describe('mesh compat --level', () => {
  // existing: v1, v2 (oldest first). Checks made, newest first: backward before forward.
  it.each([
    ['NONE', 'no-default.avsc', 0, 0, []],
    ['BACKWARD', 'no-default.avsc', 0, 1, []],
    ['BACKWARD_TRANSITIVE', 'no-default.avsc', 1, 2, [['no-default.avsc', 'v1.avsc', 'backward']]],
    ['FORWARD', 'no-default.avsc', 0, 1, []],
    ['FORWARD_TRANSITIVE', 'no-default.avsc', 0, 2, []],
    ['FULL', 'no-default.avsc', 0, 2, []],
    ['FULL_TRANSITIVE', 'no-default.avsc', 1, 4, [['no-default.avsc', 'v1.avsc', 'backward']]],
    ['BACKWARD', 'drop-id.avsc', 0, 1, []],
    ['FORWARD', 'drop-id.avsc', 1, 1, [['v2.avsc', 'drop-id.avsc', 'forward']]],
    [
      'FORWARD_TRANSITIVE',
      'drop-id.avsc',
      1,
      2,
      [
        ['v2.avsc', 'drop-id.avsc', 'forward'],
        ['v1.avsc', 'drop-id.avsc', 'forward'],
      ],
    ],
    ['FULL', 'drop-id.avsc', 1, 2, [['v2.avsc', 'drop-id.avsc', 'forward']]],
  ] as const)(
    '%s with candidate %s exits %i after %i checks',
    async (level, candidate, exit, checked, expected) => {
      const r = await mesh(
        '--level',
        level,
        '--existing',
        'v1.avsc',
        'v2.avsc',
        '--candidate',
        candidate,
        '--format',
        'json',
      );
      expect(r.err).toBe('');
      expect(r.code).toBe(exit);
      const report = JSON.parse(r.out) as {
        summary: { checked: number };
        findings: {
          location: { file: string };
          data: { reader: string; writer: string; direction: string; level: string };
        }[];
      };
      expect(report.summary.checked).toBe(checked);
      expect(
        report.findings.map((f) => [f.location.file, f.data.writer, f.data.direction]),
      ).toEqual(expected);
      for (const f of report.findings) expect(f.data.level).toBe(level);
    },
  );

  it('names the level and direction in the message', async () => {
    const r = await mesh(
      '--level',
      'FULL_TRANSITIVE',
      '--existing',
      'v1.avsc',
      'v2.avsc',
      '--candidate',
      'no-default.avsc',
    );
    expect(r.out).toBe(
      [
        'no-default.avsc:6:5: error: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (x): under FULL_TRANSITIVE (backward) no-default.avsc must read data written with v1.avsc [field-added-without-default]',
        `  fix: ${FIX}`,
        'failed: 4 schema pairs checked, 1 error, 0 warnings',
        '',
      ].join('\n'),
    );
  });

  it('accepts a level in any case', async () => {
    expect(
      (
        await mesh(
          '--level',
          'backward_transitive',
          '--existing',
          'v1.avsc',
          '--candidate',
          'v2.avsc',
        )
      ).code,
    ).toBe(0);
  });
});

describe('mesh compat bad input (exit 2)', () => {
  const bad = async (...argv: string[]) => {
    const r = await mesh(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    return r.err;
  };

  it('names a file that does not exist', async () => {
    expect(await bad('--reader', 'missing.avsc', '--writer', 'v1.avsc')).toBe(
      'mesh: error INPUT_FILE_UNREADABLE: cannot read the reader schema missing.avsc: no such file; check the path\n',
    );
  });

  it('names a directory given as a schema', async () => {
    mkdirSync(join(ws, 'dir.avsc'));
    expect(
      await bad('--level', 'FULL', '--existing', 'v1.avsc', '--candidate', 'dir.avsc'),
    ).toContain('cannot read the candidate schema dir.avsc: it is a directory');
  });

  it.each([
    ['{\n  "type": "record",\n  "name": Order\n}\n', '3:11', 'unexpected "O"'],
    ['{ "type": "string", }', '1:21', 'expected a property name in double quotes'],
    ['{ "type": "string" }}', '1:21', 'unexpected text after the JSON value'],
    ['{\n  "type": "str\ning"\n}', '2:15', 'control character in string (escape it)'],
    ['', '1:1', 'unexpected end of input'],
    ['[\n  "null",\n  "string"\n', '4:1', 'expected "," or "]" after an array element'],
  ])('gives line:col of invalid JSON %#', async (text, at, reason) => {
    writeFileSync(join(ws, 'broken.avsc'), text);
    expect(await bad('--reader', 'v1.avsc', '--writer', 'broken.avsc')).toBe(
      `mesh: error INPUT_INVALID_JSON: broken.avsc:${at}: the writer schema is not valid JSON: ${reason}; an Avro schema (.avsc) is a JSON document\n`,
    );
  });

  it('gives the pointer and line:col of invalid Avro', async () => {
    writeFileSync(
      join(ws, 'bad-avro.avsc'),
      record([ID, '{ "name": "n", "type": "strng" }', '{ "name": "id", "type": "int" }']),
    );
    const err = await bad(
      '--level',
      'BACKWARD',
      '--existing',
      'v1.avsc',
      '--candidate',
      'bad-avro.avsc',
    );
    expect(err).toMatch(
      /^mesh: error AVRO_SCHEMA_INVALID: the candidate schema bad-avro\.avsc is not a valid Avro schema:\n/,
    );
    expect(err).toMatch(/\nbad-avro\.avsc:6:28: \/fields\/1\/type: unknown type "strng"/);
    expect(err).toMatch(/\nbad-avro\.avsc:7:15: \/fields\/2\/name: duplicate field "id"/);
  });

  it('names an existing version by its position', async () => {
    writeFileSync(join(ws, 'bad-avro.avsc'), '{ "type": "fixed", "name": "F" }');
    expect(
      await bad(
        '--level',
        'FULL',
        '--existing',
        'v1.avsc',
        'bad-avro.avsc',
        '--candidate',
        'v2.avsc',
      ),
    ).toMatch(
      /^mesh: error AVRO_SCHEMA_INVALID: the existing \(version 2\) schema bad-avro\.avsc is not a valid Avro schema:\nbad-avro\.avsc:1:1: \/size: fixed "F" has no "size"/,
    );
  });

  it('rejects a file that is not UTF-8, with the byte and line', async () => {
    writeFileSync(
      join(ws, 'latin1.avsc'),
      Buffer.concat([
        Buffer.from('{\n  "doc": "caf'),
        Buffer.from([0xe9]),
        Buffer.from('",\n  "type": "string"\n}'),
      ]),
    );
    expect(await bad('--reader', 'latin1.avsc', '--writer', 'v1.avsc')).toBe(
      'mesh: error INPUT_NOT_UTF8: latin1.avsc:2: the reader schema is not valid UTF-8 (byte 0xe9 at offset 15); save the file as UTF-8\n',
    );
  });

  it('rejects UTF-8-encoded surrogates and overlong forms', async () => {
    writeFileSync(join(ws, 'surrogate.avsc'), Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]));
    expect(await bad('--reader', 'surrogate.avsc', '--writer', 'v1.avsc')).toContain(
      'byte 0xed at offset 1',
    );
    writeFileSync(join(ws, 'overlong.avsc'), Buffer.from([0x22, 0xc0, 0xaf, 0x22]));
    expect(await bad('--reader', 'overlong.avsc', '--writer', 'v1.avsc')).toContain(
      'byte 0xc0 at offset 1',
    );
  });

  it('accepts a UTF-8 byte-order mark', async () => {
    writeFileSync(join(ws, 'bom.avsc'), `\uFEFF${FILES['v1.avsc']}`);
    expect((await mesh('--reader', 'bom.avsc', '--writer', 'v1.avsc')).code).toBe(0);
  });

  it('rejects an unknown level, listing the levels', async () => {
    expect(
      await bad('--level', 'SIDEWAYS', '--existing', 'v1.avsc', '--candidate', 'v2.avsc'),
    ).toBe(
      'mesh: error INPUT_USAGE: --level "SIDEWAYS" is not a compatibility level; use one of NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE\n',
    );
  });

  it('rejects an unknown opt-in rule, listing the opt-in rules', async () => {
    expect(await bad('--reader', 'v1.avsc', '--writer', 'v1.avsc', '--opt-in', 'made-up')).toBe(
      'mesh: error UNKNOWN_COMPAT_RULE: "made-up" is not an opt-in compatibility rule; use one of: decimal-precision-scale-changed\n',
    );
  });

  it.each([
    [[], 'nothing to check'],
    [['--reader', 'v1.avsc'], 'missing --writer'],
    [['--level', 'FULL', '--candidate', 'v1.avsc'], 'missing --existing'],
    [['--reader', 'v1.avsc', '--writer', 'v1.avsc', '--level', 'FULL'], 'do not mix'],
  ])('rejects incomplete or mixed options %j', async (argv, message) => {
    const err = await bad(...argv);
    expect(err).toContain(`mesh: error INPUT_USAGE: `);
    expect(err).toContain(message);
    expect(err).toContain(
      'use either --reader <file> --writer <file>, or --level <LEVEL> --existing <files...> --candidate <file>',
    );
  });

  it('rejects an unknown format', async () => {
    const err = await bad('--reader', 'v1.avsc', '--writer', 'v1.avsc', '--format', 'yaml');
    expect(err).toContain(
      "option '--format <format>' argument 'yaml' is invalid. must be one of text, json, junit, sarif, github, markdown",
    );
  });
});

describe('mesh compat internal failure', () => {
  it('exits 3 when something other than the input fails', async () => {
    const io = capture(ws);
    io.out = () => {
      throw new Error('stdout closed');
    };
    expect(await run(['compat', '--reader', 'v1.avsc', '--writer', 'v1.avsc'], io)).toBe(3);
    expect(io.stderr()).toMatch(/^mesh: internal error: stdout closed\n/);
  });
});

describe('mesh compat --help', () => {
  it('shows both forms with examples and the exit codes', async () => {
    const io = capture(ws);
    expect(await run(['compat', '--help'], io)).toBe(0);
    expect(io.stdout()).toContain('mesh compat --reader orders-v2.avsc --writer orders-v1.avsc');
    expect(io.stdout()).toContain(
      'mesh compat --level BACKWARD_TRANSITIVE --existing v1.avsc v2.avsc --candidate v3.avsc',
    );
    expect(io.stdout()).toContain('Exit codes: 0 compatible, 1 incompatible, 2 bad input');
  });
});
