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

const bad = (url: string, problem: string): InputError =>
  new InputError(
    'SNAPSHOT_STORE_URL_INVALID',
    `snapshot store "${url.slice(0, 200)}" ${problem}; use file://<dir> (relative to the workspace root), file:///<absolute dir> or s3://<bucket>/<prefix>`,
  );

export const parseStoreUrl = (url: string): Result<StoreUrl, InputError> => {
  if (url.includes('\0') || url.includes('\\')) return err(bad(url, 'contains a NUL or backslash'));
  const match = /^([a-z0-9]+):\/\/(.*)$/.exec(url);
  if (!match) return err(bad(url, 'is not a URL'));
  const [, scheme, rest = ''] = match;
  if (scheme === 'file') {
    if (rest.length === 0 || rest === '/') return err(bad(url, 'names no folder'));
    if (/[?#]/.test(rest)) return err(bad(url, 'has a query or fragment'));
    let path: string;
    try {
      path = decodeURIComponent(rest);
    } catch {
      return err(bad(url, 'has a malformed %-escape'));
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
    if (bucket.length === 0) return err(bad(url, 'names no bucket'));
    if (!BUCKET_PATTERN.test(bucket) || bucket.includes('..'))
      return err(
        bad(
          url,
          `has an invalid bucket name "${bucket.slice(0, 80)}" (3-63 lowercase letters, digits, dots, dashes)`,
        ),
      );
    if (/[?#]/.test(rawPrefix)) return err(bad(url, 'has a query or fragment'));
    const prefix = rawPrefix.replace(/^\/+|\/+$/g, '');
    if (prefix.length > 0 && prefix.split('/').some((s) => s === '' || s === '.' || s === '..'))
      return err(bad(url, 'has an empty, "." or ".." segment in its prefix'));
    return ok({ kind: 's3', bucket, prefix });
  }
  return err(bad(url, `has the unsupported scheme "${scheme}"`));
};

export const formatStoreUrl = (url: StoreUrl): string =>
  url.kind === 'file'
    ? `file://${url.path}`
    : `s3://${url.bucket}${url.prefix.length > 0 ? `/${url.prefix}` : ''}`;
