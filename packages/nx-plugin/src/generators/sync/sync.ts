import { formatFiles, type Tree } from '@nx/devkit';
import { writeReadmes } from '../../lib/sync-readmes.js';
import type { SyncGeneratorSchema } from './schema.js';

/** The shape Nx expects back from a sync generator (nx's SyncGeneratorResult). */
export type SyncResult = void | { outOfSyncMessage?: string; outOfSyncDetails?: string[] };

/**
 * `nx g @meshkit/nx-plugin:sync`, and the global sync generator behind `nx sync` and
 * `nx sync:check`: every product README regenerated from the descriptors. The message names the
 * READMEs whose content (after the workspace formatter) differs from what was there.
 */
export const syncGenerator = async (
  tree: Tree,
  options?: SyncGeneratorSchema,
): Promise<SyncResult> => {
  const written = writeReadmes(tree);
  if (!options?.skipFormat) await formatFiles(tree);
  // `nx g` passes the options and runs whatever comes back as a task; `nx sync` passes none and
  // reads the message. Only the latter gets one.
  if (options !== undefined) return;
  const stale = written
    .filter((w) => tree.read(w.path, 'utf-8') !== w.before)
    .map((w) => w.path)
    .sort();
  if (stale.length === 0) return;
  return {
    outOfSyncMessage: `${stale.length} product README${stale.length === 1 ? ' is' : 's are'} out of date with product.yaml; run "nx sync" and commit the result`,
    outOfSyncDetails: stale,
  };
};

export default syncGenerator;
