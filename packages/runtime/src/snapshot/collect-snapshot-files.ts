import { constants } from 'node:fs';
import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
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
  const topDir = domains.split('/')[0];

  const walk = async (relDir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(join(realRoot, relDir), { withFileTypes: true });
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return;
      throw error;
    }
    // Siblings are visited concurrently: on a tree of thousands of folders the walk is bound by
    // the latency of each readdir, not by the disk.
    await Promise.all(entries.map((entry) => visit(relDir, entry)));
  };

  const visit = async (relDir: string, entry: Dirent): Promise<void> => {
    const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
    if (relDir === '' && entry.name !== 'contracts' && entry.name !== topDir) return;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) await walk(rel);
      return;
    }
    if (!isSnapshotPath(rel, domains) && !entry.isSymbolicLink()) return;
    const problem = entryPathProblem(rel);
    if (problem !== undefined) {
      skipped.push({ path: rel, reason: `its path ${problem}` });
      return;
    }
    const absolute = join(realRoot, rel);
    if (!entry.isSymbolicLink()) {
      if (entry.isFile()) files.push({ path: rel, readFrom: absolute });
      return;
    }
    let target: string;
    try {
      target = await realpath(absolute);
    } catch {
      if (isSnapshotPath(rel, domains)) skipped.push({ path: rel, reason: 'broken symlink' });
      return;
    }
    if (!isInside(realRoot, target)) {
      if (isSnapshotPath(rel, domains))
        skipped.push({ path: rel, reason: `symlink to ${target}, outside the workspace` });
      return;
    }
    const info = await lstat(target);
    if (info.isDirectory()) skipped.push({ path: rel, reason: 'symlinked folder (not followed)' });
    else if (info.isFile() && isSnapshotPath(rel, domains))
      files.push({ path: rel, readFrom: target });
  };

  // The domains folder may be nested (domainsDir: src/domains): the walk starts at the root.
  await walk('');
  const byPath = (a: { path: string }, b: { path: string }): number =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  return { files: files.sort(byPath), skipped: skipped.sort(byPath) };
};

/**
 * Reads a collected file without following a symlink swapped in after the walk
 * (O_NOFOLLOW on the last component; the walk already resolved symlinks it accepted).
 */
export const readSnapshotFile = (file: SnapshotSourceFile): Promise<Buffer> =>
  readFile(file.readFrom, { flag: constants.O_RDONLY | constants.O_NOFOLLOW });
