import { InputError } from '../errors/mesh-error.js';
import type { Result } from '../errors/result.js';
import { err, ok } from '../errors/result.js';

/**
 * A parsed `--store` / `snapshots.store` value. A `file` path is absolute when it started with
 * `file:///`, otherwise relative to the workspace root.
 */
export type StoreUrl =
  | { kind: 'file'; path: string; absolute: boolean }
  | { kind: 's3'; bucket: string; prefix: string };

// S3's bucket naming rules, minus the legacy uppercase names no region accepts any more.
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** What a store URL is for, in its error: the code, and the message from the problem found. */
export interface StoreUrlUse {
  code: string;
  message(url: string, problem: string): string;
}

const SNAPSHOT_STORE: StoreUrlUse = {
  code: 'SNAPSHOT_STORE_URL_INVALID',
  message: (url, problem) =>
    `snapshot store "${url}" ${problem}; use file://<dir> (relative to the workspace root), file:///<absolute dir> or s3://<bucket>/<prefix>`,
};

/**
 * A store URL (`snapshots.store`, `lake.url` and the flags that override them): `file://<dir>`,
 * `file:///<absolute dir>` or `s3://<bucket>/<prefix>`. `use` words the error for its setting.
 */
export const parseStoreUrl = (
  url: string,
  use: StoreUrlUse = SNAPSHOT_STORE,
): Result<StoreUrl, InputError> => {
  const bad = (problem: string): InputError =>
    new InputError(use.code, use.message(url.slice(0, 200), problem));
  if (url.includes('\0') || url.includes('\\')) return err(bad('contains a NUL or backslash'));
  const match = /^([a-z0-9]+):\/\/(.*)$/.exec(url);
  if (!match) return err(bad('is not a URL'));
  const [, scheme, rest = ''] = match;
  if (scheme === 'file') {
    if (rest.length === 0 || rest === '/') return err(bad('names no folder'));
    if (/[?#]/.test(rest)) return err(bad('has a query or fragment'));
    let path: string;
    try {
      path = decodeURIComponent(rest);
    } catch {
      return err(bad('has a malformed %-escape'));
    }
    const absolute = path.startsWith('/');
    return ok({
      kind: 'file',
      path: absolute ? path.replace(/\/+$/, '') || '/' : path.replace(/\/+$/, ''),
      absolute,
    });
  }
  if (scheme === 's3') {
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const rawPrefix = slash < 0 ? '' : rest.slice(slash + 1);
    if (bucket.length === 0) return err(bad('names no bucket'));
    if (!BUCKET_PATTERN.test(bucket) || bucket.includes('..'))
      return err(
        bad(
          `has an invalid bucket name "${bucket.slice(0, 80)}" (3-63 lowercase letters, digits, dots, dashes)`,
        ),
      );
    if (/[?#]/.test(rawPrefix)) return err(bad('has a query or fragment'));
    const prefix = rawPrefix.replace(/^\/+|\/+$/g, '');
    if (prefix.length > 0 && prefix.split('/').some((s) => s === '' || s === '.' || s === '..'))
      return err(bad('has an empty, "." or ".." segment in its prefix'));
    return ok({ kind: 's3', bucket, prefix });
  }
  return err(bad(`has the unsupported scheme "${scheme}"`));
};

export const formatStoreUrl = (url: StoreUrl): string =>
  url.kind === 'file'
    ? `file://${url.path}`
    : `s3://${url.bucket}${url.prefix.length > 0 ? `/${url.prefix}` : ''}`;
