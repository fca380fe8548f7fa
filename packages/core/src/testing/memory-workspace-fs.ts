import type { DirEntry, WorkspaceFs } from '../workspace/workspace-fs.js';
import { normalizeRelative } from '../workspace/paths.js';

/**
 * An in-memory `WorkspaceFs` for tests. Keys are relative paths; a value is file text or bytes,
 * or `{ symlink: target }` where target is relative to the root (or absolute to mean "outside").
 */
export type MemoryEntry = string | Uint8Array | { symlink: string };

export const memoryWorkspaceFs = (
  files: Record<string, MemoryEntry>,
  root = '/workspace',
): WorkspaceFs => {
  const encoder = new TextEncoder();
  const entries = new Map(Object.entries(files));
  const dirs = new Set<string>(['']);
  for (const path of entries.keys()) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const resolve = (path: string, depth = 0): string | undefined => {
    if (depth > 20) return undefined;
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      const entry = entries.get(prefix);
      if (entry !== undefined && typeof entry === 'object' && 'symlink' in entry) {
        if (entry.symlink.startsWith('/')) return undefined;
        const rest = parts.slice(i).join('/');
        const target = normalizeRelative([entry.symlink, rest].filter(Boolean).join('/'));
        return target === undefined ? undefined : resolve(target, depth + 1);
      }
    }
    return entries.has(path) || dirs.has(path) ? path : undefined;
  };
  return {
    root,
    readFile: async (path) => {
      const real = resolve(path);
      const entry = real === undefined ? undefined : entries.get(real);
      if (entry === undefined || (typeof entry === 'object' && 'symlink' in entry))
        return undefined;
      return typeof entry === 'string' ? encoder.encode(entry) : entry;
    },
    list: async (dir) => {
      if (!dirs.has(dir)) return undefined;
      const prefix = dir === '' ? '' : `${dir}/`;
      const seen = new Map<string, DirEntry>();
      for (const path of [...entries.keys(), ...dirs]) {
        if (!path.startsWith(prefix) || path === dir) continue;
        const name = path.slice(prefix.length).split('/')[0];
        if (!name || seen.has(name)) continue;
        const full = prefix + name;
        const entry = entries.get(full);
        const kind =
          entry !== undefined && typeof entry === 'object' && 'symlink' in entry
            ? 'symlink'
            : dirs.has(full)
              ? 'dir'
              : 'file';
        seen.set(name, { name, kind });
      }
      return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
    },
    realpath: async (path) => resolve(path),
  };
};
