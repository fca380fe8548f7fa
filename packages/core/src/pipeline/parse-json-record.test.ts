import { describe, expect, it } from 'vitest';
import { parseJsonRecord } from './parse-json-record.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const code = (r: ReturnType<typeof parseJsonRecord>) => (r.ok ? 'ok' : r.error.code);

describe('parseJsonRecord', () => {
  it('parses a JSON object', () => {
    const r = parseJsonRecord(bytes('{"a": 1, "b": ["x"]}'));
    expect(r).toEqual({ ok: true, value: { a: 1, b: ['x'] } });
  });

  it('refuses __proto__, constructor and prototype keys, also behind escapes, and pollutes nothing', () => {
    for (const text of [
      '{"__proto__": {"polluted": true}}',
      '{"a": {"constructor": {"prototype": {"polluted": true}}}}',
      '{"\\u005f_proto__": {"polluted": true}}',
      '{"a": [{"prototype": 1}]}',
    ])
      expect(code(parseJsonRecord(bytes(text)))).toBe('RECORD_FORBIDDEN_KEY');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps the words as values: only keys are refused', () => {
    expect(
      code(parseJsonRecord(bytes('{"note": "__proto__ constructor prototype \\u00e9"}'))),
    ).toBe('ok');
  });

  it('refuses invalid UTF-8, with the reason', () => {
    const r = parseJsonRecord(
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'RECORD_INVALID_UTF8', pointer: '' });
  });

  it('refuses nesting 10,000 deep without parsing it', () => {
    const deep = `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const r = parseJsonRecord(bytes(deep));
    expect(code(r)).toBe('RECORD_TOO_DEEP');
    if (!r.ok) expect(r.error.message).toContain('limit of 64');
  });

  it('does not count brackets inside strings as nesting', () => {
    expect(code(parseJsonRecord(bytes(`{"a": "${'['.repeat(500)}\\"{"}`)))).toBe('ok');
  });

  it('refuses a record larger than the limit before decoding it', () => {
    const big = bytes(`{"a": "${'x'.repeat(2 * 1024 * 1024)}"}`);
    const r = parseJsonRecord(big);
    expect(code(r)).toBe('RECORD_TOO_LARGE');
    if (!r.ok) expect(r.error.message).toMatch(/larger than the limit of 1048576 bytes/);
    expect(code(parseJsonRecord(big, { maxBytes: 3 * 1024 * 1024 }))).toBe('ok');
  });

  it('refuses bad JSON and values that are not objects', () => {
    expect(code(parseJsonRecord(bytes('{"a": 1,}')))).toBe('RECORD_INVALID_JSON');
    expect(code(parseJsonRecord(Buffer.from([0, 1, 2, 250])))).toBe('RECORD_INVALID_UTF8');
    expect(code(parseJsonRecord(bytes('[1]')))).toBe('RECORD_NOT_AN_OBJECT');
    expect(code(parseJsonRecord(bytes('null')))).toBe('RECORD_NOT_AN_OBJECT');
  });
});
