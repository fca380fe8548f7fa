import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Catalog } from '@meshkit/catalog';
import { InputError, type Finding } from '@meshkit/core';
import { loadMeshConfig } from '../config/mesh-config.js';
import { openWorkspace } from '../workspace/open-workspace.js';
import { readGateResult, readQualityRuns } from './catalog-results.js';
import { coreSchemaComparer } from './compat-adapter.js';
import { startContractHistory, type GitHistoryOptions } from './git-history.js';

export interface BuildCatalogSiteOptions {
  /** Workspace root. */
  root: string;
  /** Output folder, relative to the root or absolute. */
  out: string;
  /** Build time written into catalog.json; default now, or SOURCE_DATE_EPOCH when set. */
  generatedAt?: string;
  git?: GitHistoryOptions;
}

export interface BuildCatalogSiteResult {
  catalog: Catalog;
  /** Workspace findings: products with errors are left out of the catalog. */
  findings: Finding[];
  outDir: string;
  files: number;
}

const exists = async (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

const buildTime = (): string => {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch)
    ? new Date(Number(epoch) * 1000).toISOString()
    : new Date().toISOString();
};

/** Loads the workspace and every optional input, and returns the catalog (no files written). */
export const collectCatalog = async (
  root: string,
  options: { generatedAt?: string; git?: GitHistoryOptions } = {},
) => {
  const config = await loadMeshConfig(root);
  // Git reads the log while the workspace loads.
  const started = startContractHistory(config.root, config.domainsDir, options.git);
  // The catalog reads schemas as JSON and never encodes a record: no avsc types.
  const { workspace, findings } = await openWorkspace(root, { types: 'lazy', config });
  const [history, quality, gate] = await Promise.all([
    started.then((h) => h.read(workspace)),
    readQualityRuns(config.root),
    readGateResult(config.root),
  ]);
  const compare = coreSchemaComparer();
  const { buildCatalog } = await import('@meshkit/catalog');
  const catalog = buildCatalog(workspace, {
    generatedAt: options.generatedAt ?? buildTime(),
    history,
    quality,
    ...(gate ? { gate } : {}),
    compare,
  });
  return { catalog, findings, workspace, config };
};

/**
 * `mesh catalog build`: catalog.json and the static site in `out`. Pages of a previous build are
 * replaced; a non-empty folder that is not a catalog is refused rather than overwritten.
 */
export const buildCatalogSite = async (
  options: BuildCatalogSiteOptions,
): Promise<BuildCatalogSiteResult> => {
  const root = resolve(options.root);
  const outDir = resolve(root, options.out);
  if (outDir === root)
    throw new InputError(
      'INPUT_USAGE',
      `--out ${options.out} is the workspace root; choose a folder for the site, e.g. --out dist/catalog`,
    );
  const reuse = await exists(outDir);
  if (reuse) {
    const entries = await readdir(outDir);
    if (entries.length > 0 && !entries.includes('catalog.json'))
      throw new InputError(
        'INPUT_USAGE',
        `${outDir} is not empty and holds no catalog.json; choose an empty folder or a previous catalog output`,
      );
  }
  const { catalog, findings } = await collectCatalog(root, options);
  // Stale pages of products that no longer exist must go.
  if (reuse)
    await Promise.all(
      ['products', 'domains'].map((d) => rm(join(outDir, d), { recursive: true, force: true })),
    );
  // Written as they are rendered, a bounded batch at a time: memory and file handles stay flat.
  let files = 0;
  const made = new Set<string>();
  let batch: [string, string][] = [];
  const flush = async () => {
    const dirs = [...new Set(batch.map(([path]) => dirname(join(outDir, path))))].filter(
      (d) => !made.has(d),
    );
    for (const d of dirs) {
      await mkdir(d, { recursive: true });
      made.add(d);
    }
    await Promise.all(batch.map(([path, text]) => writeFile(join(outDir, path), text)));
    files += batch.length;
    batch = [];
  };
  const { renderSiteFiles } = await import('@meshkit/catalog');
  for (const file of renderSiteFiles(catalog)) {
    batch.push(file);
    if (batch.length >= 32) await flush();
  }
  await flush();
  return { catalog, findings, outDir, files };
};
