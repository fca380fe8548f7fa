/**
 * POSIX path arithmetic for workspace-relative paths, kept here so core needs no `node:path`.
 * Returns `undefined` for anything that is absolute or climbs above its base.
 */
export const normalizeRelative = (path: string): string | undefined => {
  if (path.length === 0 || path.startsWith('/') || path.includes('\\') || path.includes('\0'))
    return undefined;
  if (/^[a-zA-Z]:/.test(path)) return undefined;
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.length === 0 ? undefined : out.join('/');
};

export const joinPath = (...parts: string[]): string => parts.filter((p) => p.length > 0).join('/');

/** True when `path` is `dir` itself or lies below it (both normalized, relative). */
export const isInside = (dir: string, path: string): boolean =>
  path === dir || path.startsWith(`${dir}/`);

export const dirname = (path: string): string => {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
};
