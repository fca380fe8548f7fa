import type { DuckDBConnection } from '@duckdb/node-api';
import { StatementType } from '@duckdb/node-api';
import { InputError } from '@meshkit/core';

const firstLine = (message: string): string => message.split('\n')[0] ?? message;

/**
 * Checks that user SQL is exactly one read-only SELECT, with DuckDB's own parser (no regexes over
 * SQL text, which comments and string literals defeat). Only parses: nothing is bound or run.
 * `where` names the rule in messages, e.g. `quality[4] no-negative-totals`.
 */
export const assertSingleSelect = async (
  connection: DuckDBConnection,
  sql: string,
  where: string,
): Promise<void> => {
  const fix =
    'write one SELECT that returns one number, e.g. "SELECT count(*) FROM {dataset} WHERE total < 0"';
  let count: number;
  try {
    count = (await connection.extractStatements(sql)).count;
  } catch (error) {
    throw new InputError(
      'QUALITY_SQL_INVALID',
      `${where}: the query does not parse: ${firstLine(error instanceof Error ? error.message : String(error))}`,
      { cause: error },
    );
  }
  if (count !== 1)
    throw new InputError(
      'QUALITY_SQL_NOT_SELECT',
      `${where}: the query holds ${count} statements; only one SELECT may run; ${fix}`,
    );
  // json_serialize_sql serialises SELECT statements only; anything else comes back as an error.
  const reader = await connection.runAndReadAll(
    'SELECT json_serialize_sql(CAST($1 AS VARCHAR)) AS j',
    [sql],
  );
  const json = String(reader.getRowObjects()[0]?.j ?? '');
  let parsed: { error?: boolean; error_message?: string; statements?: unknown[] };
  try {
    parsed = JSON.parse(json) as typeof parsed;
  } catch {
    parsed = { error: true, error_message: 'unreadable parse tree' };
  }
  if (parsed.error || parsed.statements?.length !== 1)
    throw new InputError(
      'QUALITY_SQL_NOT_SELECT',
      `${where}: only a read-only SELECT may run (${parsed.error_message ?? 'not a SELECT'}); ${fix}`,
    );
};

/** The statement type after binding, as a second opinion once the connection is locked down. */
export const assertPreparedSelect = (type: StatementType, where: string): void => {
  if (type !== StatementType.SELECT)
    throw new InputError(
      'QUALITY_SQL_NOT_SELECT',
      `${where}: only a read-only SELECT may run, not a ${StatementType[type] ?? 'statement'} statement`,
    );
};
