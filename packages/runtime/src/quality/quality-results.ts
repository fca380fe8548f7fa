import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { QualityReport } from '@meshkit/core';
import { formatDuration } from '@meshkit/core';

/** Where runs are kept, relative to the workspace root (read by the catalog). */
export const QUALITY_RESULTS_FOLDER = '.mesh/quality';
const KEEP_HISTORY = 200;

/** One run of one port as the catalog reads it (`readQualityRuns`). */
export interface StoredQualityRun {
  product: string;
  port: string;
  major?: number;
  at: string;
  dataset: string;
  filter?: Record<string, string>;
  rowCount: number;
  durationMs: number;
  status: 'passed' | 'failed';
  results: {
    id: string;
    index: number;
    rule: string;
    metric: string;
    passed: boolean;
    status: string;
    value: number | null;
    unit: string;
    expectation: string;
    message: string;
  }[];
  sla: { kind: string; passed: boolean; measured?: string; message: string }[];
  findings: QualityReport['findings'];
}

export const toStoredRun = (report: QualityReport, major?: number): StoredQualityRun => ({
  product: report.product ?? '',
  port: report.port ?? '',
  ...(major !== undefined ? { major } : {}),
  at: report.startedAt,
  dataset: report.dataset,
  ...(report.filter ? { filter: report.filter } : {}),
  rowCount: report.rowCount,
  durationMs: report.durationMs,
  status: report.status,
  results: report.checks
    .filter((c) => c.family === 'quality')
    .map((c) => ({
      id: c.id,
      index: Number(/\[(\d+)\]/.exec(c.id)?.[1] ?? -1),
      rule: c.label,
      metric: c.metric,
      passed: c.status === 'passed',
      status: c.status,
      value: c.value,
      unit: c.unit,
      expectation: c.expectation,
      message: c.message,
    })),
  sla: report.checks
    .filter((c) => c.family === 'sla')
    .map((c) => ({
      kind: c.metric,
      passed: c.status === 'passed',
      ...(c.value !== null ? { measured: formatDuration(c.value) } : {}),
      message: c.message,
    })),
  findings: report.findings,
});

const writeAtomic = async (file: string, text: string): Promise<void> => {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
};

/**
 * Keeps a run: one file under `history/` and the port's entry in `latest.json` (other ports'
 * entries stay). Only the newest runs are kept in history.
 */
export const storeQualityRun = async (root: string, run: StoredQualityRun): Promise<string> => {
  const dir = join(root, QUALITY_RESULTS_FOLDER);
  const history = join(dir, 'history');
  await mkdir(history, { recursive: true });
  const name = `${run.at.replace(/[:.]/g, '-')}-${run.product.replace('/', '.')}.${run.port}.json`;
  const file = join(history, name);
  await writeAtomic(file, `${JSON.stringify(run, null, 2)}\n`);

  const latestFile = join(dir, 'latest.json');
  let runs: StoredQualityRun[] = [];
  try {
    const doc = JSON.parse(await readFile(latestFile, 'utf8')) as { runs?: StoredQualityRun[] };
    runs = Array.isArray(doc.runs) ? doc.runs : [];
  } catch {
    runs = []; // no latest file yet, or an unreadable one that this run replaces
  }
  runs = runs.filter((r) => !(r.product === run.product && r.port === run.port));
  runs.push(run);
  runs.sort((a, b) => `${a.product}/${a.port}`.localeCompare(`${b.product}/${b.port}`));
  await writeAtomic(latestFile, `${JSON.stringify({ runs }, null, 2)}\n`);

  const names = (await readdir(history)).filter((n) => n.endsWith('.json')).sort();
  for (const old of names.slice(0, Math.max(0, names.length - KEEP_HISTORY)))
    await rm(join(history, old), { force: true });
  return file;
};
