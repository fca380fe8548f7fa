import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CreateNodes, CreateNodesResult } from '@nx/devkit';
import {
  productProject,
  summarizeProduct,
  type ProductSummary,
  type TargetOptions,
} from './product-projects.js';

export const PRODUCT_GLOB = 'domains/*/*/product.yaml';

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

// Bump when ProductSummary changes shape, so old cache files are ignored.
const CACHE_FORMAT = 1;
const CACHE_FILE = 'meshkit-product-summaries.json';

interface SummaryCache {
  format: number;
  entries: Record<string, { hash: string; summary: ProductSummary | null }>;
}

/** Nx's workspace data folder: NX_WORKSPACE_DATA_DIRECTORY (relative to the root) or the default. */
const cacheDir = (workspaceRoot: string): string =>
  resolve(workspaceRoot, process.env['NX_WORKSPACE_DATA_DIRECTORY'] ?? '.nx/workspace-data');

const readCache = (path: string): SummaryCache['entries'] => {
  try {
    const cache = JSON.parse(readFileSync(path, 'utf8')) as SummaryCache;
    return cache.format === CACHE_FORMAT && cache.entries ? cache.entries : {};
  } catch {
    return {};
  }
};

/** Written beside and renamed into place, so a concurrent reader never sees half a file. */
const writeCache = (path: string, entries: SummaryCache['entries']): void => {
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ format: CACHE_FORMAT, entries } satisfies SummaryCache));
    renameSync(temp, path);
  } catch {
    // A cache that cannot be written only costs time on the next run.
  }
};

const hashOf = (text: string): string => createHash('sha1').update(text).digest('hex');

/**
 * Infers one Nx project per data product from its product.yaml (the v2 `createNodes` form: all
 * matching files at once, so lineage between products can be resolved in the same pass).
 */
export const createNodes: CreateNodes<TargetOptions> = [
  PRODUCT_GLOB,
  (files, options, context) => {
    // Parsing YAML is most of the plugin's time with many products: summaries are cached by the
    // hash of each product.yaml, as Nx's own plugins cache their inferred targets.
    const cachePath = join(cacheDir(context.workspaceRoot), CACHE_FILE);
    const cached = readCache(cachePath);
    const next: SummaryCache['entries'] = {};
    let changed = false;
    const summaries = new Map<string, ProductSummary>();
    for (const file of files) {
      const root = file.slice(0, -'/product.yaml'.length);
      const text = readText(join(context.workspaceRoot, file));
      if (text === undefined) continue;
      const hash = hashOf(text);
      const hit = cached[file];
      const summary =
        hit && hit.hash === hash ? (hit.summary ?? undefined) : summarizeProduct(root, text);
      if (!hit || hit.hash !== hash) changed = true;
      next[file] = { hash, summary: summary ?? null };
      if (summary) summaries.set(`${summary.domain}/${summary.name}`, summary);
    }
    if (changed || Object.keys(cached).length !== Object.keys(next).length)
      writeCache(cachePath, next);
    const read = (path: string) => readText(join(context.workspaceRoot, path));
    return files.map((file): readonly [string, CreateNodesResult] => {
      const root = file.slice(0, -'/product.yaml'.length);
      const id = root.split('/').slice(-2).join('/');
      const summary = summaries.get(id);
      if (!summary) return [file, {}];
      return [
        file,
        { projects: { [root]: productProject(summary, summaries, read, options ?? {}) } },
      ];
    });
  },
];

/** The same, under the name older Nx versions look for. */
export const createNodesV2 = createNodes;
