import { readdir, readFile, realpath } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { DirEntry, WorkspaceFs } from '@meshkit/core';

const isMissing = (error: unknown): boolean => {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP';
};

/** The workspace on local disk. Paths are relative to `root`; nothing outside it is read. */
export const createNodeWorkspaceFs = (root: string): WorkspaceFs => {
  const absRoot = resolve(root);
  let realRoot: Promise<string> | undefined;
  const abs = (path: string) => resolve(absRoot, path);
  return {
    root: absRoot,
    readFile: async (path) => {
      try {
        return await readFile(abs(path));
      } catch (error) {
        if (isMissing(error) || (error as { code?: string }).code === 'EISDIR') return undefined;
        throw error;
      }
    },
    list: async (dir) => {
      try {
        const entries = await readdir(abs(dir), { withFileTypes: true });
        return entries
          .map(
            (e): DirEntry => ({
              name: e.name,
              kind: e.isSymbolicLink() ? 'symlink' : e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other',
            }),
          )
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    realpath: async (path) => {
      try {
        realRoot ??= realpath(absRoot);
        const [base, target] = await Promise.all([realRoot, realpath(abs(path))]);
        const rel = relative(base, target);
        if (rel === '' || rel.startsWith('..') || resolve(base, rel) !== target) return undefined;
        return rel.split(sep).join('/');
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
  };
};
