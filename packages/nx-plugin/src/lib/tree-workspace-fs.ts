import type { Tree } from '@nx/devkit';
import { normalizeRelative, type DirEntry, type WorkspaceFs } from '@meshkit/core';

/**
 * Core's `WorkspaceFs` over an Nx `Tree`, so a generator can validate what it is about to write
 * with the same loader `mesh validate` uses, before anything reaches the disk.
 */
export const treeWorkspaceFs = (tree: Tree): WorkspaceFs => {
  const inside = (path: string): string | undefined => (path === '' ? '' : normalizeRelative(path));
  return {
    root: tree.root,
    readFile: async (path) => {
      const p = inside(path);
      if (!p || !tree.isFile(p)) return undefined;
      const bytes = tree.read(p);
      return bytes ? new Uint8Array(bytes) : undefined;
    },
    list: async (dir) => {
      const d = inside(dir);
      if (d === undefined || (d !== '' && (!tree.exists(d) || tree.isFile(d)))) return undefined;
      return tree
        .children(d)
        .map((name): DirEntry => {
          const full = d === '' ? name : `${d}/${name}`;
          return { name, kind: tree.isFile(full) ? 'file' : 'dir' };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    // A tree has no symlinks of its own; `mesh validate` on disk refuses the ones it finds.
    realpath: async (path) => {
      const p = inside(path);
      return p && tree.exists(p) ? p : undefined;
    },
  };
};
