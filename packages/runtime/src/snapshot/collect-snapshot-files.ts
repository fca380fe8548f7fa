import { constants } from 'node:fs';
import type { Dirent } from 'node:fs';
import { lstat, open, readdir, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { entryPathProblem } from '@meshkit/core';

/** A workspace file a snapshot holds, and the file whose bytes are read for it. */
export interface SnapshotSourceFile {
  /** Workspace-relative POSIX path, as stored in the manifest. */
  path: string;
  /** What to read: the file itself, or the target of a symlink that stays in the workspace. */
  readFrom: string;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

const DESCRIPTOR_NAMES = new Set(['domain.yaml', 'product.yaml', 'waivers.yaml']);
// Never descended into: tool output and dependencies, not declarations.
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.mesh', '.nx', 'dist', '.bench']);

const isInside = (dir: string, path: string): boolean => path === dir || path.startsWith(dir + sep);

/**
 * Which files a snapshot holds: every domain.yaml, product.yaml and waivers.yaml under the
 * domains folder, every file in a `contracts/` folder there (the Avro contracts), and everything
 * under the meta-contracts folder `contracts/` at the root.
 */
export const isSnapshotPath = (path: string, domainsDir: string): boolean => {
  if (path.startsWith('contracts/')) return true;
  if (!path.startsWith(`${domainsDir}/`)) return false;
  const segments = path.slice(domainsDir.length + 1).split('/');
  const name = segments[segments.length - 1] ?? '';
  return (
    DESCRIPTOR_NAMES.has(name) ||
    segments.slice(0, -1).includes('contracts') ||
    name.endsWith('.avsc')
  );
};

/**
 * Walks the workspace for snapshot files, sorted by path. Symlinks are never followed out of the
 * workspace; a symlink to a file inside it is read through, a symlinked folder is skipped (it
 * could loop). Both kinds of skip are reported so `create` can say what it left out.
 */
export const collectSnapshotFiles = async (
  root: string,
  domainsDir: string,
): Promise<{ files: SnapshotSourceFile[]; skipped: SkippedFile[] }> => {
  const realRoot = await realpath(root);
  const files: SnapshotSourceFile[] = [];
  const skipped: SkippedFile[] = [];
  const domains = domainsDir.replace(/\/+$/, '');

  const walk = async (relDir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(join(realRoot, relDir), { withFileTypes: true });
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (SKIPPED_DIRS.has(entry.name)) continue;
        if (relDir === '' && entry.name !== 'contracts' && entry.name !== domains.split('/')[0])
          continue;
        await walk(rel);
        continue;
      }
      if (!isSnapshotPath(rel, domains) && !entry.isSymbolicLink()) continue;
      const problem = entryPathProblem(rel);
      if (problem !== undefined) {
        skipped.push({ path: rel, reason: `its path ${problem}` });
        continue;
      }
      const absolute = join(realRoot, rel);
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(absolute);
        } catch {
          if (isSnapshotPath(rel, domains)) skipped.push({ path: rel, reason: 'broken symlink' });
          continue;
        }
        if (!isInside(realRoot, target)) {
          if (isSnapshotPath(rel, domains))
            skipped.push({ path: rel, reason: `symlink to ${target}, outside the workspace` });
          continue;
        }
        const info = await lstat(target);
        if (info.isDirectory()) {
          skipped.push({ path: rel, reason: 'symlinked folder (not followed)' });
          continue;
        }
        if (info.isFile() && isSnapshotPath(rel, domains))
          files.push({ path: rel, readFrom: target });
        continue;
      }
      if (entry.isFile()) files.push({ path: rel, readFrom: absolute });
    }
  };

  // The domains folder may be nested (domainsDir: src/domains): the walk starts at the root.
  await walk('');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
};

/**
 * Reads a collected file without following a symlink swapped in after the walk
 * (O_NOFOLLOW on the last component; the walk already resolved symlinks it accepted).
 */
export const readSnapshotFile = async (file: SnapshotSourceFile): Promise<Buffer> => {
  const handle = await open(file.readFrom, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
};
