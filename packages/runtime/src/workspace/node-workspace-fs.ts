import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { DirEntry, WorkspaceFs } from '@meshkit/core';

const isMissing = (error: unknown): boolean => {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP' || code === 'EISDIR';
};

/** Runs `fn`, turning "no such file" into `undefined` and rethrowing anything else. */
const orMissing = <T>(fn: () => T): T | undefined => {
  try {
    return fn();
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
};

/**
 * The workspace on local disk. Paths are relative to `root`; nothing outside it is read.
 * The calls are synchronous on purpose: a workspace is thousands of small files, and the
 * thread-pool round trip of the async API costs more than the reads themselves.
 */
export const createNodeWorkspaceFs = (root: string): WorkspaceFs => {
  const absRoot = resolve(root);
  let realRoot: string | undefined;
  const abs = (path: string) => resolve(absRoot, path);
  return {
    root: absRoot,
    readFile: async (path) => orMissing(() => readFileSync(abs(path))),
    list: async (dir) =>
      orMissing(() =>
        readdirSync(abs(dir), { withFileTypes: true })
          .map((e): DirEntry => ({
            name: e.name,
            kind: e.isSymbolicLink()
              ? 'symlink'
              : e.isDirectory()
                ? 'dir'
                : e.isFile()
                  ? 'file'
                  : 'other',
          }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      ),
    realpath: async (path) =>
      orMissing(() => {
        realRoot ??= realpathSync.native(absRoot);
        const target = realpathSync.native(abs(path));
        const rel = relative(realRoot, target);
        if (rel === '' || rel.startsWith('..') || resolve(realRoot, rel) !== target)
          return undefined;
        return rel.split(sep).join('/');
      }),
  };
};
