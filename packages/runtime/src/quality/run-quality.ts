import { access } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type {
  DatasetFetcher,
  DatasetRef,
  Finding,
  LoadedPort,
  LoadedProduct,
  OutputPort,
  QualityReport,
} from '@meshkit/core';
import {
  InputError,
  contractColumns,
  findQualityRuleProblems,
  findingProductId,
  formatLocation,
  parseProductId,
  validateName,
  withPiiFlags,
} from '@meshkit/core';
import type { QualityProgress, TempDir } from '@meshkit/duckdb';
import { loadMeshConfig } from '../config/mesh-config.js';
import { openWorkspace } from '../workspace/open-workspace.js';
import { storeQualityRun, toStoredRun } from './quality-results.js';

export interface RunQualityOptions {
  /** Workspace root. */
  root: string;
  /** `<domain>/<product>` or `<domain>/<product>/<port>`; unset: every product. */
  product?: string;
  port?: string;
  /**
   * A file, folder, glob or `s3://bucket/prefix` URL; relative paths are resolved from `cwd`.
   * Unset: the product's fixtures (`fixtures/<port>.jsonl` must pass, `fixtures/<port>.bad.jsonl`
   * must fail). SLAs are checked on given datasets only: fixtures are frozen in time, so their
   * freshness says nothing.
   */
  dataset?: string;
  format?: DatasetRef['format'];
  filter?: Record<string, string>;
  cwd?: string;
  now?: Date;
  env?: Record<string, string | undefined>;
  /** Folders datasets may come from besides the workspace (and MESH_QUALITY_ALLOWED_ROOTS). */
  allowedRoots?: string[];
  threads?: number;
  memoryLimit?: string;
  /** Keep each run in `.mesh/quality/` for the catalog. Default true. */
  keepResults?: boolean;
  onProgress?: (portId: string, progress: QualityProgress) => void;
  /** For s3:// datasets; default: built from mesh.config.yaml `aws` and the environment. */
  fetcher?: DatasetFetcher;
}

export interface RunQualityResult {
  reports: QualityReport[];
  findings: Finding[];
  status: 'passed' | 'failed';
}

const positive = (raw: string | undefined, name: string): number | undefined => {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new InputError('INPUT_QUALITY_OPTION', `${name}="${raw}" must be a whole number >= 1`);
  return n;
};

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** Picks the products and ports a run covers, with messages that list what exists. */
const select = (
  products: readonly LoadedProduct[],
  loadFindings: readonly Finding[],
  id: string | undefined,
  portName: string | undefined,
): { product: LoadedProduct; port: LoadedPort; decl: OutputPort }[] => {
  let chosen = [...products];
  let port = portName;
  if (id !== undefined) {
    const parts = id.split('/');
    if (parts.length === 3) {
      if (port !== undefined && port !== parts[2])
        throw new InputError(
          'INPUT_QUALITY_PORT',
          `"${id}" names port ${parts[2]} but --port says ${port}; give one`,
        );
      port = parts[2];
    }
    const parsed = parseProductId(parts.slice(0, 2).join('/'));
    if (!parsed.ok) throw new InputError('INPUT_PRODUCT_ID', parsed.error);
    const productId = `${parsed.value.domain}/${parsed.value.product}`;
    const product = products.find((p) => p.id === productId);
    if (!product) {
      const broken = loadFindings.filter(
        (f) => f.severity === 'error' && findingProductId(f) === productId,
      );
      if (broken.length > 0)
        throw new InputError(
          'INPUT_PRODUCT_INVALID',
          `product ${productId} cannot be checked until its descriptor is fixed:\n${broken
            .map((f) => `${formatLocation(f.location)}: ${f.message}`)
            .join('\n')}`,
        );
      throw new InputError(
        'INPUT_PRODUCT_NOT_FOUND',
        `product ${productId} not found; products: ${products.map((p) => p.id).join(', ') || 'none'}`,
      );
    }
    chosen = [product];
  }
  if (port !== undefined) {
    const v = validateName('port', port);
    if (!v.ok) throw new InputError('INPUT_QUALITY_PORT', v.error);
  }
  const out: { product: LoadedProduct; port: LoadedPort; decl: OutputPort }[] = [];
  for (const product of chosen) {
    const ports = product.ports.filter((p) => port === undefined || p.name === port);
    if (ports.length === 0 && port !== undefined && id !== undefined)
      throw new InputError(
        'INPUT_QUALITY_PORT',
        `product ${product.id} has no output port "${port}"; ports: ${product.ports.map((p) => p.name).join(', ')}`,
      );
    for (const p of ports) out.push({ product, port: p, decl: p.descriptor });
  }
  return out;
};

/**
 * `mesh quality`: loads the workspace, and for each selected port runs its quality rules and
 * SLAs on a dataset with DuckDB: the one given (a path, or an s3:// URL fetched to a temporary
 * folder that is always removed), or the product's fixtures. Results are kept for the catalog.
 */
export const runQuality = async (options: RunQualityOptions): Promise<RunQualityResult> => {
  const env = options.env ?? process.env;
  const root = resolve(options.root);
  const cwd = options.cwd ?? root;
  const config = await loadMeshConfig(root, env);
  const { workspace, findings: loadFindings } = await openWorkspace(root, { config });
  const targets = select(workspace.products, loadFindings, options.product, options.port);
  if (targets.length === 0)
    throw new InputError('INPUT_QUALITY_NOTHING', 'no output ports to check in this workspace');
  if (options.dataset !== undefined && targets.length > 1)
    throw new InputError(
      'INPUT_QUALITY_DATA_NEEDS_PORT',
      `--data names one dataset but ${targets.length} ports are selected (${targets
        .map((t) => `${t.product.id}/${t.port.name}`)
        .join(', ')}); name one product and --port`,
    );

  // Rules are checked against the contract before any data is read, with file:line:column.
  const problems: string[] = [];
  for (const { product, port, decl } of targets)
    for (const p of findQualityRuleProblems(
      decl.quality ?? [],
      contractColumns(port.schema),
      decl.sla,
    )) {
      const pos = product.source.locate(`${port.pointer}${p.pointer}`);
      problems.push(`${product.file}:${pos.line}:${pos.column}: ${p.rule}: ${p.message}`);
    }
  if (problems.length > 0) throw new InputError('QUALITY_RULE_INVALID', problems.join('\n'));

  const extraRoots = [
    ...(options.allowedRoots ?? []),
    ...(env.MESH_QUALITY_ALLOWED_ROOTS?.split(':').filter(Boolean) ?? []),
  ].map((r) => resolve(cwd, r));
  const threads = options.threads ?? positive(env.MESH_QUALITY_THREADS, 'MESH_QUALITY_THREADS');
  const memoryLimit = options.memoryLimit ?? env.MESH_QUALITY_MEMORY_LIMIT;

  const reports: QualityReport[] = [];
  for (const { product, port, decl } of targets) {
    const portId = `${product.id}/${port.name}`;
    const datasets: { ref: DatasetRef; expect: 'pass' | 'fail'; url?: string }[] = [];
    if (options.dataset !== undefined) {
      const given = options.dataset.startsWith('file://')
        ? options.dataset.slice(7)
        : options.dataset;
      datasets.push(
        /^[a-z][a-z0-9+.-]*:\/\//i.test(given)
          ? { ref: { location: '', label: given }, expect: 'pass', url: given }
          : {
              ref: { location: isAbsolute(given) ? given : resolve(cwd, given), label: given },
              expect: 'pass',
            },
      );
    } else {
      const good = join(root, product.dir, 'fixtures', `${port.name}.jsonl`);
      if (!(await exists(good)))
        throw new InputError(
          'INPUT_QUALITY_NO_DATASET',
          `no dataset for ${portId}: ${product.dir}/fixtures/${port.name}.jsonl does not exist; add the fixture or pass --data <path|s3://...>`,
        );
      datasets.push({
        ref: {
          location: good,
          format: 'jsonl',
          label: `${product.dir}/fixtures/${port.name}.jsonl`,
        },
        expect: 'pass',
      });
      const bad = join(root, product.dir, 'fixtures', `${port.name}.bad.jsonl`);
      if (await exists(bad))
        datasets.push({
          ref: {
            location: bad,
            format: 'jsonl',
            label: `${product.dir}/fixtures/${port.name}.bad.jsonl`,
          },
          expect: 'fail',
        });
    }

    for (const d of datasets) {
      let temp: TempDir | undefined;
      try {
        const ref: DatasetRef = {
          ...d.ref,
          ...(options.format ? { format: options.format } : {}),
          ...(options.filter ? { filter: options.filter } : {}),
        };
        if (d.url !== undefined) {
          const scheme = d.url.slice(0, d.url.indexOf(':')).toLowerCase();
          const fetcher =
            options.fetcher ??
            (scheme === 's3'
              ? (await import('@meshkit/s3')).createS3DatasetFetcher({
                  region: config.aws.region,
                  ...(config.aws.endpoint ? { endpoint: config.aws.endpoint } : {}),
                })
              : undefined);
          if (!fetcher || !fetcher.schemes.includes(scheme))
            throw new InputError(
              'INPUT_QUALITY_DATA_URL',
              `--data ${d.url}: only local paths and s3:// URLs are supported`,
            );
          temp = await (await import('@meshkit/duckdb')).createTempDir('meshkit-dataset-');
          const fetched = await fetcher.fetch(
            d.url,
            temp.path,
            options.filter ? { partitions: options.filter } : {},
          );
          ref.location = fetched.location;
        }
        // Adapters load on use: every other mesh command starts without DuckDB.
        const { DuckDbQualityRunner } = await import('@meshkit/duckdb');
        const runner = new DuckDbQualityRunner({
          allowedRoots: [root, ...extraRoots, ...(temp ? [temp.path] : [])],
          ...(threads ? { threads } : {}),
          ...(memoryLimit ? { memoryLimit } : {}),
          ...(options.onProgress
            ? { onProgress: (p: QualityProgress) => options.onProgress?.(portId, p) }
            : {}),
        });
        const contractFile = port.contractFile;
        const report = await runner
          .run({
            dataset: ref,
            rules: decl.quality ?? [],
            ...(decl.sla && options.dataset !== undefined ? { sla: decl.sla } : {}),
            schema: withPiiFlags(port.schema, port.contractSource.value),
            partitionBy: decl.partitionBy ?? [],
            ...(options.now ? { now: options.now } : {}),
            product: product.id,
            port: port.name,
            findingContext: {
              descriptorFile: product.file,
              portPointer: port.pointer,
              contractFile,
              locate: (file, pointer) =>
                file === product.file
                  ? product.source.locate(pointer)
                  : file === contractFile
                    ? port.contractSource.locate(pointer)
                    : undefined,
            },
          })
          .catch((error: unknown) => {
            // A bad fixture may be bad enough not to load at all; that is what it is for.
            if (d.expect === 'fail' && error instanceof InputError)
              return failedToLoad(product.id, port.name, d.ref.label ?? '', error);
            throw error;
          });
        if (d.expect === 'fail')
          reports.push(asBadFixture(report, product.file, `${port.pointer}`));
        else {
          reports.push(report);
          if (options.keepResults !== false)
            await storeQualityRun(root, toStoredRun(report, port.major));
        }
      } finally {
        await temp?.remove();
      }
    }
  }
  const findings = reports.flatMap((r) => r.findings);
  return {
    reports,
    findings,
    status: findings.some((f) => f.severity === 'error') ? 'failed' : 'passed',
  };
};

const failedToLoad = (
  product: string,
  port: string,
  dataset: string,
  error: InputError,
): QualityReport => ({
  product,
  port,
  dataset,
  rowCount: 0,
  startedAt: new Date().toISOString(),
  durationMs: 0,
  checks: [],
  findings: [
    {
      ruleId: 'quality/dataset-unreadable',
      severity: 'error',
      message: error.message,
      product,
      port,
    },
  ],
  status: 'failed',
});

/**
 * A bad fixture must fail: its findings become info, and a bad fixture that passes everything
 * is itself an error (it no longer proves the rules catch anything).
 */
const asBadFixture = (report: QualityReport, file: string, pointer: string): QualityReport => {
  const failed = report.findings.some((f) => f.severity === 'error');
  const findings: Finding[] = report.findings.map((f) => ({ ...f, severity: 'info' }));
  if (!failed)
    findings.push({
      ruleId: 'quality/bad-fixture-passed',
      severity: 'error',
      message: `the bad fixture ${report.dataset} passes every rule of ${report.product}/${report.port}; it must break at least one`,
      location: { file, pointer },
      ...(report.product ? { product: report.product } : {}),
      ...(report.port ? { port: report.port } : {}),
      hint: 'make the bad fixture break the rules it documents, or tighten the rules',
    });
  return { ...report, expect: 'fail', findings, status: failed ? 'passed' : 'failed' };
};
