import type { Tree } from '@nx/devkit';
import { readAllProducts, readDomain } from './read-descriptors.js';
import { renderProductReadme } from './render-readme.js';

export interface WrittenReadme {
  path: string;
  /** The content before, or null when there was no README. */
  before: string | null;
}

/**
 * Writes the README of the given products (default: all) from their descriptors, and returns
 * what each held before, so a caller can tell (after formatting) which ones really changed.
 */
export const writeReadmes = (tree: Tree, only?: ReadonlySet<string>): WrittenReadme[] => {
  const all = readAllProducts(tree);
  const written: WrittenReadme[] = [];
  const domains = new Map<string, ReturnType<typeof readDomain>>();
  for (const p of all) {
    if (only && !only.has(p.id)) continue;
    if (!domains.has(p.domain)) domains.set(p.domain, readDomain(tree, p.domain));
    const path = `${p.dir}/README.md`;
    written.push({ path, before: tree.read(path, 'utf-8') });
    tree.write(path, renderProductReadme(p, all, domains.get(p.domain)));
  }
  return written;
};
