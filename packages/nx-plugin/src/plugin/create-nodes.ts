import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * Infers one Nx project per data product from its product.yaml (the v2 `createNodes` form: all
 * matching files at once, so lineage between products can be resolved in the same pass).
 */
export const createNodes: CreateNodes<TargetOptions> = [
  PRODUCT_GLOB,
  (files, options, context) => {
    const summaries = new Map<string, ProductSummary>();
    for (const file of files) {
      const root = file.slice(0, -'/product.yaml'.length);
      const text = readText(join(context.workspaceRoot, file));
      const summary = text === undefined ? undefined : summarizeProduct(root, text);
      if (summary) summaries.set(`${summary.domain}/${summary.name}`, summary);
    }
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
