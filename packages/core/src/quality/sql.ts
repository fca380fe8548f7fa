/**
 * SQL text building for DuckDB. Every identifier and literal that comes from a descriptor or a
 * dataset goes through these functions: column names are user data and may hold quotes, dots,
 * spaces or SQL keywords.
 */

/** `a"b` -> `"a""b"`. A NUL byte cannot be quoted safely, so it is refused. */
export const quoteIdentifier = (name: string): string => {
  if (name.includes('\u0000')) throw new TypeError('an SQL identifier must not contain a NUL byte');
  return `"${name.replace(/"/g, '""')}"`;
};

/** `it's` -> `'it''s'`. DuckDB string literals have no backslash escapes, so doubling is enough. */
export const quoteString = (value: string): string => {
  if (value.includes('\u0000')) throw new TypeError('an SQL string must not contain a NUL byte');
  return `'${value.replace(/'/g, "''")}'`;
};

/** A JS number as an SQL literal; only finite numbers have one. */
export const numberLiteral = (value: number): string => {
  if (!Number.isFinite(value)) throw new TypeError(`${value} has no SQL literal`);
  // JavaScript's shortest round-trip form (`0.1`, `1e+21`) is also a valid DuckDB literal.
  return String(value);
};

export const sqlLiteral = (value: string | number | boolean | null): string => {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return numberLiteral(value);
  return quoteString(value);
};

/** DuckDB type names as `DESCRIBE` prints them; only these may be spliced into a CAST. */
const SAFE_TYPE = /^[A-Z][A-Z0-9_]*(\(\d+(,\s*\d+)?\))?(\[\])?( WITH TIME ZONE)?$/;

export const isSafeTypeName = (type: string): boolean => SAFE_TYPE.test(type);
