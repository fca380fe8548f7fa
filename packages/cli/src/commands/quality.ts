import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { QualityCheckResult, QualityReport } from '@meshkit/core';
import { formatDuration, formatLocation, InputError } from '@meshkit/core';
import { runQuality } from '@meshkit/runtime';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { formatOption } from '../options.js';
import {
  createFindingsReport,
  escapeXml,
  escapeMarkdown,
  renderContext,
  renderReport,
} from '../reporters/index.js';

const FORMATS = ['text', 'json', 'junit', 'markdown', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];
const DATA_FORMATS = ['parquet', 'jsonl', 'csv'] as const;

interface QualityOptions {
  port?: string;
  data?: string;
  dataset?: string;
  dataFormat?: (typeof DATA_FORMATS)[number];
  filter: Record<string, string>;
  format: Format;
  allowRoot: string[];
  threads?: number;
  memoryLimit?: string;
  now?: Date;
  save: boolean;
}

/** `--filter order_date=2026-11-26` (repeatable; also `a=1,b=2`). */
const collectFilter = (value: string, previous: Record<string, string>): Record<string, string> => {
  const out = { ...previous };
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0)
      throw new InvalidArgumentError(`"${part}" is not key=value, e.g. order_date=2026-11-26`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
};
const instant = (value: string): Date => {
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new InvalidArgumentError('must be an ISO-8601 time, e.g. 2026-11-26T12:00:00Z');
  return d;
};
const collect = (value: string, previous: string[]): string[] => [...previous, value];
const wholeNumber = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number >= 1');
  return n;
};

const show = (c: QualityCheckResult): string => {
  if (c.value === null) return '-';
  if (c.unit === 'ms') return formatDuration(c.value);
  if (c.unit === 'percent') return `${Number(c.value.toFixed(4))}%`;
  return String(c.value);
};

const MARK: Record<QualityCheckResult['status'], string> = {
  passed: 'ok  ',
  failed: 'FAIL',
  error: 'ERR ',
};

/** One block per port run: every check with its measured value, samples under failures. */
const renderQualityText = (reports: readonly QualityReport[]): string => {
  const lines: string[] = [];
  for (const r of reports) {
    const head = `${r.product}/${r.port}  ${r.dataset}${
      r.filter
        ? ` [${Object.entries(r.filter)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}]`
        : ''
    }`;
    lines.push(
      `${head}  ${r.rowCount} rows  ${(r.durationMs / 1000).toFixed(2)}s${r.expect === 'fail' ? '  (bad fixture: must fail)' : ''}`,
    );
    const shown = r.checks.filter((c) => c.family !== 'schema' || c.status !== 'passed');
    const width = Math.max(10, ...shown.map((c) => c.label.length));
    for (const c of shown) {
      const mark = r.expect === 'fail' && c.status === 'failed' ? 'fail' : MARK[c.status];
      lines.push(
        `  ${mark}  ${c.label.padEnd(width)}  ${show(c).padStart(10)}  ${c.status === 'error' ? c.message : c.expectation}`,
      );
      for (const s of c.samples ?? []) {
        const json = JSON.stringify(s);
        lines.push(`          ${json.length > 160 ? `${json.slice(0, 157)}...` : json}`);
      }
    }
    for (const f of r.findings.filter(
      (f) =>
        (f.ruleId.startsWith('schema/') && f.ruleId !== 'schema/required-field-null') ||
        f.ruleId.startsWith('quality/bad-fixture') ||
        f.ruleId === 'quality/dataset-unreadable',
    )) {
      const where = formatLocation(f.location);
      lines.push(
        `  ${f.severity === 'error' ? 'FAIL' : f.severity === 'warning' ? 'warn' : 'info'}  ${where ? `${where}: ` : ''}${f.message} [${f.ruleId}]`,
      );
    }
    lines.push('');
  }
  const all = reports.flatMap((r) => r.findings);
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  const checks = reports.reduce((n, r) => n + r.checks.length, 0);
  lines.push(
    `${errors === 0 ? 'ok' : 'failed'}: ${checks} checks on ${reports.length} dataset${reports.length === 1 ? '' : 's'}, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
  );
  return `${lines.join('\n')}\n`;
};

/** A testsuite per port run, a testcase per check, so CI shows every rule with its value. */
const renderQualityJunit = (reports: readonly QualityReport[]): string => {
  const a = (t: string) => escapeXml(t).replace(/\n/g, '&#10;');
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failing = (r: QualityReport, c: QualityCheckResult) =>
    r.expect !== 'fail' &&
    (c.status === 'error' || (c.status === 'failed' && c.severity === 'error'));
  const total = reports.reduce((n, r) => n + r.checks.length, 0);
  const failures = reports.reduce((n, r) => n + r.checks.filter((c) => failing(r, c)).length, 0);
  out.push(
    `<testsuites name="mesh quality" tests="${total}" failures="${failures}" errors="0" time="${(reports.reduce((n, r) => n + r.durationMs, 0) / 1000).toFixed(3)}">`,
  );
  for (const r of reports) {
    const name = `${r.product}/${r.port} ${r.dataset}`;
    out.push(
      `  <testsuite name="${a(name)}" tests="${r.checks.length}" failures="${r.checks.filter((c) => failing(r, c)).length}" errors="0" skipped="0" time="${(r.durationMs / 1000).toFixed(3)}">`,
    );
    for (const c of r.checks) {
      const open = `    <testcase name="${a(`${c.id} ${c.label}`)}" classname="${a(`${r.product}/${r.port}`)}" time="0"`;
      if (!failing(r, c)) {
        out.push(
          `${open}><system-out>${escapeXml(`${show(c)}; ${c.expectation}`)}</system-out></testcase>`,
        );
        continue;
      }
      const detail = [c.message, ...(c.samples ?? []).map((s) => JSON.stringify(s))].join('\n');
      out.push(
        `${open}><failure message="${a(c.message)}" type="${a(c.metric)}">${escapeXml(detail)}</failure></testcase>`,
      );
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
};

const renderQualityMarkdown = (reports: readonly QualityReport[]): string => {
  const lines: string[] = ['## mesh quality', ''];
  for (const r of reports) {
    lines.push(
      `### ${escapeMarkdown(`${r.product}/${r.port}`)}: ${escapeMarkdown(r.dataset)} (${r.rowCount} rows)${r.expect === 'fail' ? ', bad fixture' : ''}`,
      '',
    );
    lines.push('| | check | value | expectation |', '| --- | --- | ---: | --- |');
    for (const c of r.checks.filter((x) => x.family !== 'schema' || x.status !== 'passed'))
      lines.push(
        `| ${c.status === 'passed' ? '✅' : c.severity === 'warning' && c.status === 'failed' ? '⚠️' : '❌'} | ${escapeMarkdown(c.label)} | ${escapeMarkdown(show(c))} | ${escapeMarkdown(c.status === 'error' ? c.message : c.expectation)} |`,
      );
    for (const f of r.findings.filter(
      (x) => x.ruleId.startsWith('schema/') && x.ruleId !== 'schema/required-field-null',
    ))
      lines.push(
        `| ${f.severity === 'error' ? '❌' : '⚠️'} | ${escapeMarkdown(f.ruleId)} | | ${escapeMarkdown(f.message)} |`,
      );
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
};

export const registerQuality = (program: Command, io: CliIo): void => {
  program
    .command('quality')
    .description("run a product's quality rules and SLAs on its data with DuckDB")
    .argument(
      '[target]',
      '<domain>/<product> or <domain>/<product>/<port> (default: every product)',
    )
    .option('--port <name>', 'check only this output port')
    .option('--data <path|glob|s3://bucket/prefix>', 'dataset to check (default: the fixtures)')
    .option('--dataset <path|glob|s3://bucket/prefix>', 'same as --data')
    .option(
      '--data-format <format>',
      `dataset format: ${DATA_FORMATS.join(', ')} (default: from the extension)`,
      formatOption(DATA_FORMATS),
    )
    .option(
      '--filter <key=value>',
      'check only rows (partitions) where key=value; repeatable',
      collectFilter,
      {},
    )
    .option(
      '--format <format>',
      `output format: ${FORMATS.join(', ')}`,
      formatOption(FORMATS),
      'text',
    )
    .option('--allow-root <dir>', 'also allow datasets under this folder (repeatable)', collect, [])
    .option('--threads <n>', 'DuckDB threads (default: cores, at most 4)', wholeNumber)
    .option('--memory-limit <size>', 'DuckDB memory limit, e.g. 2GB (default 1GB)')
    .option(
      '--now <time>',
      'judge freshness and retention as of this ISO-8601 time (default: now)',
      instant,
    )
    .option('--no-save', 'do not keep the results in .mesh/quality')
    .addHelpText(
      'after',
      '\nWithout --data, fixtures/<port>.jsonl must pass and fixtures/<port>.bad.jsonl (if any) must fail;\nSLAs (freshness, retention) are checked on --data datasets only.\nExit codes: 0 passed (warnings allowed), 1 a rule failed or could not be measured, 2 bad input, 3 infrastructure (S3, DuckDB).',
    )
    .action(async (target: string | undefined, opts: QualityOptions) => {
      if (opts.data !== undefined && opts.dataset !== undefined && opts.data !== opts.dataset)
        throw new InputError(
          'INPUT_USAGE',
          '--data and --dataset name different datasets; give one',
        );
      const data = opts.data ?? opts.dataset;
      if (
        opts.memoryLimit !== undefined &&
        !/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(opts.memoryLimit)
      )
        throw new InputError(
          'INPUT_USAGE',
          `--memory-limit "${opts.memoryLimit}" is not a size such as 512MB or 2GB`,
        );
      const progress = process.stderr.isTTY && !io.env.CI && opts.format === 'text';
      let last = '';
      const result = await runQuality({
        root: io.cwd,
        cwd: io.cwd,
        env: io.env,
        ...(target !== undefined ? { product: target } : {}),
        ...(opts.port !== undefined ? { port: opts.port } : {}),
        ...(data !== undefined ? { dataset: data } : {}),
        ...(opts.dataFormat ? { format: opts.dataFormat } : {}),
        ...(Object.keys(opts.filter).length > 0 ? { filter: opts.filter } : {}),
        allowedRoots: opts.allowRoot,
        ...(opts.threads ? { threads: opts.threads } : {}),
        ...(opts.memoryLimit ? { memoryLimit: opts.memoryLimit } : {}),
        keepResults: opts.save,
        ...(opts.now ? { now: opts.now } : {}),
        ...(progress
          ? {
              onProgress: (
                port: string,
                p: { phase: string; percent?: number; check?: string },
              ) => {
                const line = `${port}: ${p.phase}${p.percent !== undefined ? ` ${p.percent}%` : ''}${p.check ? ` ${p.check}` : ''}`;
                if (line === last) return;
                last = line;
                io.err(`\r\u001b[2K${p.phase === 'done' ? '' : line}`);
              },
            }
          : {}),
      });
      const report = {
        ...createFindingsReport('quality', result.reports.length, result.findings),
        reports: result.reports,
      };
      switch (opts.format) {
        case 'text':
          io.out(renderQualityText(result.reports));
          break;
        case 'json':
          io.out(`${JSON.stringify(report, null, 2)}\n`);
          break;
        case 'junit':
          io.out(renderQualityJunit(result.reports));
          break;
        case 'markdown':
          io.out(renderQualityMarkdown(result.reports));
          break;
        case 'sarif':
        case 'github':
          io.out(
            renderReport(opts.format, report, {
              noun: 'dataset',
              ...renderContext(io.cwd, io.env),
            }),
          );
          break;
      }
      io.exitCode = result.status === 'passed' ? ExitCode.Ok : ExitCode.Findings;
    });
};
