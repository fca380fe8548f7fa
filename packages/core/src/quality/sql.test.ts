import { describe, expect, it } from 'vitest';
import { numberLiteral, quoteIdentifier, quoteString, sqlLiteral } from './sql.js';

describe('quoteIdentifier', () => {
  it('doubles embedded double quotes so a hostile column name stays one identifier', () => {
    expect(quoteIdentifier('a"; DROP TABLE x; --')).toBe('"a""; DROP TABLE x; --"');
    expect(quoteIdentifier('order id')).toBe('"order id"');
  });
  it('refuses a NUL byte', () => {
    expect(() => quoteIdentifier('a\u0000b')).toThrow(/NUL/);
  });
});

describe('quoteString', () => {
  it('doubles single quotes and leaves backslashes alone (DuckDB has no backslash escapes)', () => {
    expect(quoteString("it's")).toBe("'it''s'");
    expect(quoteString('a\\')).toBe("'a\\'");
  });
});

describe('sqlLiteral', () => {
  it('writes numbers, booleans and NULL', () => {
    expect(sqlLiteral(3)).toBe('3');
    expect(sqlLiteral(-0.5)).toBe('-0.5');
    expect(sqlLiteral(true)).toBe('TRUE');
    expect(sqlLiteral(null)).toBe('NULL');
    expect(numberLiteral(1e21)).toBe('1e+21');
  });
  it('refuses numbers without a literal', () => {
    expect(() => numberLiteral(Number.NaN)).toThrow();
  });
});
