import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isJsonObject } from '@meshkit/core';
import type { QualityRunInput } from '@meshkit/catalog';
import type { Finding } from '@meshkit/core';

/** Where `mesh quality` and the gate leave their latest results (relative to the workspace root). */
export const QUALITY_RESULTS_DIR = '.mesh/quality';
export const GATE_RESULTS_FILE = '.mesh/gate/latest.json';

const MAX_HISTORY_FILES = 200;

const readJson = async (file: string): Promise<unknown> => {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined; // missing or unreadable results only mean "no status yet"
  }
};

const SLA_KINDS = new Set(['freshness', 'retention', 'availability', 'latency']);

/**
 * Accepts a run as `{product, port, major?, at, results: [{rule|name, index?, passed|status,
 * value?, message?}], sla?: [...]}`; `product` may also be the full port id
 * `<domain>/<product>/<port>`. Anything else is skipped.
 */
const toRun = (v: unknown, fallbackAt: string | undefined): QualityRunInput | undefined => {
  if (!isJsonObject(v)) return undefined;
  let product = typeof v.product === 'string' ? v.product : undefined;
  let port = typeof v.port === 'string' ? v.port : undefined;
  if (product && !port && product.split('/').length === 3)
    [product, port] = [product.split('/').slice(0, 2).join('/'), product.split('/')[2]];
  const at =
    typeof v.at === 'string'
      ? v.at
      : typeof v.finishedAt === 'string'
        ? v.finishedAt
        : typeof v.startedAt === 'string'
          ? v.startedAt
          : fallbackAt;
  const list = Array.isArray(v.results) ? v.results : Array.isArray(v.rules) ? v.rules : undefined;
  if (!product || !port || !at || !list) return undefined;
  const results: QualityRunInput['results'] = [];
  for (const r of list) {
    if (!isJsonObject(r)) continue;
    const passed =
      typeof r.passed === 'boolean'
        ? r.passed
        : r.status === 'passed' || r.status === 'pass' || r.status === 'ok';
    const rule =
      typeof r.rule === 'string' ? r.rule : typeof r.name === 'string' ? r.name : undefined;
    results.push({
      passed,
      ...(rule !== undefined ? { rule } : {}),
      ...(typeof r.index === 'number' ? { index: r.index } : {}),
      ...(typeof r.value === 'number' || typeof r.value === 'string' ? { value: r.value } : {}),
      ...(typeof r.message === 'string' ? { message: r.message } : {}),
    });
  }
  const sla: NonNullable<QualityRunInput['sla']> = [];
  for (const s of Array.isArray(v.sla) ? v.sla : []) {
    if (!isJsonObject(s) || typeof s.kind !== 'string' || !SLA_KINDS.has(s.kind)) continue;
    sla.push({
      kind: s.kind as 'freshness',
      passed: s.passed === true,
      ...(typeof s.measured === 'string' ? { measured: s.measured } : {}),
    });
  }
  return {
    product,
    port,
    at,
    results,
    ...(typeof v.major === 'number' ? { major: v.major } : {}),
    ...(sla.length > 0 ? { sla } : {}),
  };
};

const runsOf = (doc: unknown, fallbackAt: string | undefined): QualityRunInput[] => {
  const items = Array.isArray(doc)
    ? doc
    : isJsonObject(doc) && Array.isArray(doc.runs)
      ? doc.runs
      : isJsonObject(doc) && Array.isArray(doc.ports)
        ? doc.ports
        : [doc];
  const at = isJsonObject(doc) && typeof doc.at === 'string' ? doc.at : fallbackAt;
  return items.map((x) => toRun(x, at)).filter((x): x is QualityRunInput => x !== undefined);
};

const mtime = async (file: string): Promise<string | undefined> => {
  try {
    return (await stat(file)).mtime.toISOString();
  } catch {
    return undefined;
  }
};

/** Quality runs from `.mesh/quality/latest.json` and `.mesh/quality/history/*.json`; none is fine. */
export const readQualityRuns = async (root: string): Promise<QualityRunInput[]> => {
  const dir = join(root, QUALITY_RESULTS_DIR);
  const runs: QualityRunInput[] = [];
  const latest = join(dir, 'latest.json');
  runs.push(...runsOf(await readJson(latest), await mtime(latest)));
  let names: string[] = [];
  try {
    names = (await readdir(join(dir, 'history')))
      .filter((n) => n.endsWith('.json'))
      .sort()
      .slice(-MAX_HISTORY_FILES);
  } catch {
    names = [];
  }
  for (const n of names) {
    const file = join(dir, 'history', n);
    runs.push(...runsOf(await readJson(file), await mtime(file)));
  }
  const seen = new Set<string>();
  return runs.filter((r) => {
    const key = `${r.product}/${r.port}@${r.major ?? ''}@${r.at}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** The latest gate report (the JSON reporter's shape, `{findings, ...}`), when there is one. */
export const readGateResult = async (
  root: string,
): Promise<{ at?: string; findings: Finding[] } | undefined> => {
  const file = join(root, GATE_RESULTS_FILE);
  const doc = await readJson(file);
  if (!isJsonObject(doc) || !Array.isArray(doc.findings)) return undefined;
  const findings = doc.findings.filter(
    (f): f is Finding =>
      isJsonObject(f) &&
      typeof f.ruleId === 'string' &&
      typeof f.message === 'string' &&
      (f.severity === 'error' || f.severity === 'warning' || f.severity === 'info'),
  );
  const at =
    typeof doc.at === 'string'
      ? doc.at
      : typeof doc.generatedAt === 'string'
        ? doc.generatedAt
        : await mtime(file);
  return { findings, ...(at ? { at } : {}) };
};
