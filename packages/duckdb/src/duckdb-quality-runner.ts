import { availableParallelism } from 'node:os';
import { sep } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { DuckDBInstance } from '@duckdb/node-api';
import type {
  DatasetColumn,
  Finding,
  PlannedCheck,
  QualityMeasurements,
  QualityPlan,
  QualityReport,
  QualityRunInput,
  QualityRunner,
} from '@meshkit/core';
import {
  InfrastructureError,
  InputError,
  MeshError,
  ROW_COUNT_ALIAS,
  SAMPLE_KEYS_PLACEHOLDER,
  checkFindings,
  checkSchemaConformance,
  compileQualityPlan,
  contractColumns,
  evaluateQualityPlan,
  findQualityRuleProblems,
  maskPii,
  quoteIdentifier,
  quoteString,
} from '@meshkit/core';
import type { ResolvedDataset } from './dataset-source.js';
import {
  assertFilesInside,
  filterSql,
  hiveKeys,
  readFunctionSql,
  resolveDataset,
} from './dataset-source.js';
import { createTempDir } from './temp-dir.js';
import { assertPreparedSelect, assertSingleSelect } from './user-sql.js';

export interface QualityProgress {
  phase: 'open' | 'scan' | 'query' | 'sql' | 'samples' | 'done';
  /** The check a `query`/`sql` phase runs. */
  check?: string;
  /** 0-100 during the scan, when DuckDB can tell. */
  percent?: number;
}

export interface DuckDbQualityRunnerOptions {
  /** Datasets must lie inside one of these folders (symlinks resolved). */
  allowedRoots: readonly string[];
  /** DuckDB worker threads. Default: the machine's cores, at most 4. */
  threads?: number;
  /** DuckDB `memory_limit`, e.g. `1GB`. Beyond it, DuckDB spills to a temporary folder. */
  memoryLimit?: string;
  /** Failing rows kept per check. Default 5. */
  sampleSize?: number;
  /** A user SQL query is interrupted after this long. Default 60 s. */
  userSqlTimeoutMs?: number;
  /**
   * `fused` (default): one pass for all column checks. `per-check`: one query per check, the
   * baseline the fused pass is measured against.
   */
  strategy?: 'fused' | 'per-check';
  onProgress?: (progress: QualityProgress) => void;
}

const VIEW = 'dataset';
const RAW_VIEW = 'dataset_unfiltered';

const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

const toNumber = (value: DuckDBValue | undefined): number | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object' && 'toDouble' in value && typeof value.toDouble === 'function')
    return (value as { toDouble(): number }).toDouble();
  const n = Number(String(value));
  return Number.isFinite(n) ? n : null;
};

/** DuckDB's message for a file it cannot read, turned into bad input naming the dataset. */
const unreadable = (dataset: ResolvedDataset, error: unknown): MeshError => {
  const message = firstLine(error);
  if (/out of memory|could not allocate/i.test(message))
    return new InfrastructureError(
      'QUALITY_OUT_OF_MEMORY',
      `DuckDB ran out of memory reading ${dataset.label}: ${message}; raise quality.memoryLimit in mesh.config.yaml`,
      { cause: error, retriable: false },
    );
  return new InputError(
    'QUALITY_DATASET_UNREADABLE',
    `cannot read dataset ${dataset.label} as ${dataset.format}: ${message}; check that every file is valid ${dataset.format}, or pass the right --format`,
    { cause: error },
  );
};

/**
 * Runs a port's quality plan with DuckDB (@duckdb/node-api): one in-memory database per run, the
 * dataset as a view, one fused scan for the column metrics, one query per duplicate rule and per
 * user SQL rule. Before any query runs the connection is confined to the dataset's folder with
 * external access off and configuration locked, so user SQL cannot read or write elsewhere.
 */
export class DuckDbQualityRunner implements QualityRunner {
  private readonly options: Required<Omit<DuckDbQualityRunnerOptions, 'onProgress'>> &
    Pick<DuckDbQualityRunnerOptions, 'onProgress'>;

  constructor(options: DuckDbQualityRunnerOptions) {
    this.options = {
      threads: Math.max(1, Math.min(4, availableParallelism())),
      memoryLimit: '1GB',
      sampleSize: 5,
      userSqlTimeoutMs: 60_000,
      strategy: 'fused',
      ...options,
    };
  }

  async run(input: QualityRunInput): Promise<QualityReport> {
    const started = Date.now();
    const now = input.now ?? new Date();
    const contract = input.schema === undefined ? undefined : contractColumns(input.schema);
    const problems = findQualityRuleProblems(input.rules, contract, input.sla);
    if (problems.length > 0)
      throw new InputError(
        'QUALITY_RULE_INVALID',
        problems.map((p) => `${p.pointer}: ${p.rule}: ${p.message}`).join('\n'),
      );
    const dataset = await resolveDataset(input.dataset, this.options.allowedRoots);
    this.progress({ phase: 'open' });
    const temp = await createTempDir('meshkit-duckdb-');
    const tempDir = temp.path;
    let instance: DuckDBInstance | undefined;
    let connection: DuckDBConnection | undefined;
    try {
      instance = await DuckDBInstance.create(':memory:', {
        threads: String(this.options.threads),
        memory_limit: this.options.memoryLimit,
        temp_directory: tempDir,
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
      });
      connection = await instance.connect();
      const { columns, partitionKeys } = await this.openDataset(
        connection,
        dataset,
        input.dataset.filter,
        input.dataset.hivePartitioning,
      );
      await this.lockDown(connection, [dataset.baseDir, tempDir]);

      const planned = compileQualityPlan({
        rules: input.rules,
        ...(input.sla ? { sla: input.sla } : {}),
        dataset: columns,
        ...(contract ? { contract } : {}),
        view: VIEW,
      });
      if (!planned.ok)
        throw new InputError(
          'QUALITY_RULE_INVALID',
          planned.error.map((p) => `${p.pointer}: ${p.rule}: ${p.message}`).join('\n'),
        );
      const plan = planned.value;
      // User SQL is checked before the scan, so a bad rule fails in milliseconds, not after it.
      for (const check of plan.checks)
        if (check.source.kind === 'userSql')
          await assertSingleSelect(connection, check.source.sql, ruleWhere(check));

      const measured = await this.measure(connection, plan, dataset);
      const results = evaluateQualityPlan(plan, measured, now);
      const pii = new Set((contract ?? []).filter((c) => c.pii).map((c) => c.name));
      this.progress({ phase: 'samples' });
      for (const result of results) {
        const check = plan.checks.find((c) => c.id === result.id);
        if (result.status !== 'failed' || !check?.sampleSql) continue;
        let sampleSql = check.sampleSql;
        if (sampleSql.includes(SAMPLE_KEYS_PLACEHOLDER)) {
          const keys = measured.sampleKeys[check.id] ?? [];
          if (keys.length === 0) continue;
          sampleSql = sampleSql
            .split(SAMPLE_KEYS_PLACEHOLDER)
            .join(keys.map(keyLiteral).join(', '));
        }
        const reader = await connection.runAndReadAll(
          `${sampleSql} LIMIT ${this.options.sampleSize}`,
        );
        // The checked columns first, so a reader sees the offending value without scrolling.
        const first = new Set(check.columns);
        result.samples = reader.getRowObjectsJson().map((row) => {
          const masked = maskPii(row as Record<string, unknown>, pii);
          return Object.fromEntries([
            ...Object.entries(masked).filter(([k]) => first.has(k)),
            ...Object.entries(masked).filter(([k]) => !first.has(k)),
          ]);
        });
      }

      const findingContext = {
        ...input.findingContext,
        ...(input.product ? { product: input.product } : {}),
        ...(input.port ? { port: input.port } : {}),
      };
      const conformance: Finding[] = contract
        ? checkSchemaConformance(contract, columns, {
            strictness: dataset.format === 'parquet' ? 'strict' : 'lenient',
            ignoreExtra: [...partitionKeys, ...(input.partitionBy ?? [])],
          }).map((f) => {
            const file = findingContext.contractFile;
            const pointer = f.location?.pointer;
            const pos =
              file && pointer !== undefined ? findingContext.locate?.(file, pointer) : undefined;
            return {
              ...f,
              ...(file
                ? { location: { file, ...pos, ...(pointer !== undefined ? { pointer } : {}) } }
                : {}),
              ...(findingContext.product ? { product: findingContext.product } : {}),
              ...(findingContext.port ? { port: findingContext.port } : {}),
            };
          })
        : [];
      const findings = [...conformance, ...checkFindings(results, findingContext)];
      this.progress({ phase: 'done' });
      return {
        ...(input.product ? { product: input.product } : {}),
        ...(input.port ? { port: input.port } : {}),
        dataset: dataset.label,
        ...(input.dataset.filter && Object.keys(input.dataset.filter).length > 0
          ? { filter: input.dataset.filter }
          : {}),
        rowCount: measured.rowCount,
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        checks: results,
        findings,
        status: findings.some((f) => f.severity === 'error') ? 'failed' : 'passed',
      };
    } finally {
      connection?.closeSync();
      instance?.closeSync();
      await temp.remove();
    }
  }

  private progress(p: QualityProgress): void {
    this.options.onProgress?.(p);
  }

  /** Registers the dataset as a view (filtered by `--filter`) and describes it. */
  private async openDataset(
    connection: DuckDBConnection,
    dataset: ResolvedDataset,
    filter: Record<string, string> | undefined,
    hive: boolean | undefined,
  ): Promise<{ columns: DatasetColumn[]; partitionKeys: string[] }> {
    const globbed = await connection.runAndReadAll(
      `SELECT file FROM glob(${quoteString(dataset.pattern)}) ORDER BY file`,
    );
    const files = globbed.getRowObjects().map((r) => String(r.file));
    if (files.length === 0)
      throw new InputError(
        'QUALITY_DATASET_EMPTY',
        `dataset ${dataset.label} matched no ${dataset.format} files; check the path or glob`,
      );
    await assertFilesInside(files, this.options.allowedRoots, dataset.label);
    const partitionKeys = hiveKeys(files, dataset.baseDir);
    const read = readFunctionSql(files, dataset.format, hive ?? partitionKeys.length > 0);
    let all: DatasetColumn[];
    try {
      await connection.run(`CREATE VIEW ${quoteIdentifier(RAW_VIEW)} AS SELECT * FROM ${read}`);
      all = await describe(connection, RAW_VIEW);
    } catch (error) {
      throw unreadable(dataset, error);
    }
    const names = new Set(all.map((c) => c.name));
    for (const key of Object.keys(filter ?? {}))
      if (!names.has(key))
        throw new InputError(
          'QUALITY_FILTER_UNKNOWN',
          `--filter ${key}=...: dataset ${dataset.label} has no column "${key}" (partition columns: ${partitionKeys.join(', ') || 'none'})`,
        );
    await connection.run(
      `CREATE VIEW ${quoteIdentifier(VIEW)} AS SELECT * FROM ${quoteIdentifier(RAW_VIEW)}${filterSql(filter)}`,
    );
    return { columns: all, partitionKeys };
  }

  /** Confines the connection: only the given folders, no external access, no more SET. */
  private async lockDown(connection: DuckDBConnection, dirs: readonly string[]): Promise<void> {
    const list = dirs.map((d) => quoteString(d.endsWith(sep) ? d : `${d}${sep}`)).join(', ');
    await connection.run(`SET allowed_directories = [${list}]`);
    await connection.run('SET enable_external_access = false');
    await connection.run('SET lock_configuration = true');
  }

  private async measure(
    connection: DuckDBConnection,
    plan: QualityPlan,
    dataset: ResolvedDataset,
  ): Promise<QualityMeasurements & { sampleKeys: Record<string, unknown[]> }> {
    const values: Record<string, number | null> = {};
    const errors: Record<string, string> = {};
    const sampleKeys: Record<string, unknown[]> = {};
    const fusedChecks = plan.checks.filter((c) => c.source.kind === 'fused');
    let rowCount: number;
    try {
      this.progress({ phase: 'scan', percent: 0 });
      if (this.options.strategy === 'fused') {
        const row = await this.withScanProgress(connection, () =>
          connection.runAndReadAll(plan.fusedSql),
        );
        const obj = row.getRowObjects()[0] ?? {};
        rowCount = toNumber(obj[ROW_COUNT_ALIAS]) ?? 0;
        for (const c of fusedChecks)
          if (c.source.kind === 'fused') values[c.id] = toNumber(obj[c.source.alias]);
      } else {
        rowCount = await this.scalar(connection, `SELECT count(*) FROM ${plan.view}`);
        for (const c of fusedChecks) {
          if (c.source.kind !== 'fused') continue;
          values[c.id] =
            c.source.alias === ROW_COUNT_ALIAS
              ? rowCount
              : await this.scalar(connection, `SELECT ${c.source.expression} FROM ${plan.view}`);
        }
      }
    } catch (error) {
      if (error instanceof MeshError) throw error;
      throw unreadable(dataset, error);
    }
    if (rowCount === 0)
      throw new InputError(
        'QUALITY_DATASET_EMPTY',
        `dataset ${dataset.label} has no rows; no rule can be judged on it (check the path and --filter)`,
      );

    for (const check of plan.checks) {
      if (check.source.kind === 'query') {
        this.progress({ phase: 'query', check: check.label });
        try {
          const reader = await connection.runAndReadAll(check.source.sql);
          const row = reader.getRowsJson()[0] ?? [];
          values[check.id] = toNumber(reader.getRows()[0]?.[0]) ?? 0;
          // A second column holds repeated keys (as text) for the samples.
          if (Array.isArray(row[1])) sampleKeys[check.id] = row[1];
        } catch (error) {
          throw unreadable(dataset, error);
        }
      } else if (check.source.kind === 'userSql') {
        this.progress({ phase: 'sql', check: check.label });
        values[check.id] = await this.runUserSql(connection, check, errors);
      }
    }
    return { rowCount, values, errors, sampleKeys };
  }

  private async scalar(connection: DuckDBConnection, sql: string): Promise<number> {
    const reader = await connection.runAndReadAll(sql);
    return toNumber(reader.getRows()[0]?.[0]) ?? 0;
  }

  /** Reports the scan's progress while it runs; DuckDB computes it, this only polls. */
  private async withScanProgress<T>(
    connection: DuckDBConnection,
    run: () => Promise<T>,
  ): Promise<T> {
    if (!this.options.onProgress) return run();
    const timer = setInterval(() => {
      const p = connection.progress;
      if (p.percentage >= 0) this.progress({ phase: 'scan', percent: Math.round(p.percentage) });
    }, 250);
    try {
      return await run();
    } finally {
      clearInterval(timer);
    }
  }

  /** One user SELECT on the locked connection, with a timeout, returning its one number. */
  private async runUserSql(
    connection: DuckDBConnection,
    check: PlannedCheck,
    errors: Record<string, string>,
  ): Promise<number | null> {
    if (check.source.kind !== 'userSql') return null;
    const where = ruleWhere(check);
    let prepared;
    try {
      prepared = await connection.prepare(check.source.sql);
    } catch (error) {
      throw new InputError('QUALITY_SQL_REFUSED', `${where}: ${firstLine(error)}`, {
        cause: error,
      });
    }
    assertPreparedSelect(prepared.statementType, where);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      connection.interrupt();
    }, this.options.userSqlTimeoutMs);
    try {
      const reader = await prepared.runAndReadAll();
      const rows = reader.getRows();
      if (rows.length !== 1 || reader.columnCount !== 1)
        throw new InputError(
          'QUALITY_SQL_SHAPE',
          `${where}: the query must return one row with one number, not ${rows.length} row(s) of ${reader.columnCount} column(s)`,
        );
      const value = toNumber(rows[0]![0]);
      if (value === null && rows[0]![0] !== null)
        throw new InputError(
          'QUALITY_SQL_SHAPE',
          `${where}: the query returned ${String(rows[0]![0])}, not a number`,
        );
      return value;
    } catch (error) {
      if (error instanceof MeshError) throw error;
      if (timedOut)
        throw new InputError(
          'QUALITY_SQL_TIMEOUT',
          `${where}: the query ran longer than ${this.options.userSqlTimeoutMs} ms and was stopped`,
          { cause: error },
        );
      const message = firstLine(error);
      if (/Permission Error/i.test(message))
        throw new InputError('QUALITY_SQL_REFUSED', `${where}: ${message}`, { cause: error });
      // The query is allowed but failed on this data (a cast, a division by zero): the check
      // cannot be measured, which is a finding about the data, not bad input.
      errors[check.id] = `${where} failed on this dataset: ${message}`;
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A repeated key as returned by a duplicate query (text, or a list of texts) as SQL. */
const keyLiteral = (key: unknown): string =>
  Array.isArray(key)
    ? `[${key.map(keyLiteral).join(', ')}]`
    : key === null || key === undefined
      ? 'NULL'
      : quoteString(String(key));

const ruleWhere = (check: PlannedCheck): string =>
  `sql rule ${check.id} ${check.label}`.replace(/ sql$/, '');

const describe = async (connection: DuckDBConnection, view: string): Promise<DatasetColumn[]> => {
  const reader = await connection.runAndReadAll(`DESCRIBE ${quoteIdentifier(view)}`);
  return reader
    .getRowObjects()
    .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
};
