import { posix } from 'node:path';
import { memoryWorkspaceFs, type MemoryEntry, type WorkspaceFs } from '@meshkit/core';
import { git, readObjects } from './git.js';

/**
 * The workspace as it was at a commit, read from git's object store (the working tree is not
 * touched). Only the folders the loader reads are fetched, in one batch.
 */
export const createGitWorkspaceFs = async (
  root: string,
  commit: string,
  folders: readonly string[],
): Promise<WorkspaceFs> => (await startGitWorkspaceFs(root, commit, folders)).read();

/**
 * `createGitWorkspaceFs` in two steps: this lists the tree and starts fetching the files, and
 * git works on while the caller does something else; `read` waits for the files.
 */
export const startGitWorkspaceFs = async (
  root: string,
  commit: string,
  folders: readonly string[],
): Promise<{ read: () => Promise<WorkspaceFs> }> => {
  // The workspace may be a folder inside the repository: paths are taken relative to it.
  const prefix = (await git(root, ['rev-parse', '--show-prefix'])).toString('utf8').trim();
  const listing = (
    await git(root, [
      'ls-tree',
      '-r',
      '-z',
      '--full-tree',
      commit,
      '--',
      ...folders.map((f) => `${prefix}${f}`),
    ])
  ).toString('utf8');
  const entries: { mode: string; sha: string; path: string }[] = [];
  for (const line of listing.split('\0')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const [mode = '', type = '', sha = ''] = line.slice(0, tab).split(' ');
    const path = line.slice(tab + 1);
    if (type !== 'blob' || !path.startsWith(prefix)) continue;
    entries.push({ mode, sha, path: path.slice(prefix.length) });
  }
  const fetching = readObjects(
    root,
    entries.map((e) => e.sha),
  );
  // Settled here too, so a failure is not unhandled while the caller is busy; `read` rethrows it.
  fetching.catch(() => undefined);
  const read = async (): Promise<WorkspaceFs> => {
    const blobs = await fetching;
    const files: Record<string, MemoryEntry> = {};
    entries.forEach((e, i) => {
      const content = blobs[i] ?? Buffer.alloc(0);
      if (e.mode === '120000') {
        // A symlink's blob is its target, relative to the link's folder (or absolute: outside).
        const target = content.toString('utf8');
        files[e.path] = {
          symlink: target.startsWith('/')
            ? target
            : posix.normalize(posix.join(posix.dirname(e.path), target)),
        };
      } else files[e.path] = content;
    });
    return memoryWorkspaceFs(files, `${root}@${commit.slice(0, 12)}`);
  };
  return { read };
};
