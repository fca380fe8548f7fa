import type { Tree } from '@nx/devkit';
import { readAllProducts, readDomain, type ProductDoc } from './read-descriptors.js';
import { renderProductReadme } from './render-readme.js';

/**
 * Writes the README of the given products (default: all) from their descriptors. The tree only
 * records a change when the content differs, so a clean workspace stays clean.
 */
export const writeReadmes = (tree: Tree, only?: ReadonlySet<string>): ProductDoc[] => {
  const all = readAllProducts(tree);
  const written: ProductDoc[] = [];
  const domains = new Map<string, ReturnType<typeof readDomain>>();
  for (const p of all) {
    if (only && !only.has(p.id)) continue;
    if (!domains.has(p.domain)) domains.set(p.domain, readDomain(tree, p.domain));
    tree.write(`${p.dir}/README.md`, renderProductReadme(p, all, domains.get(p.domain)));
    written.push(p);
  }
  return written;
};
