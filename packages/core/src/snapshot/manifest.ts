import { InputError } from '../errors/mesh-error.js';
import type { Result } from '../errors/result.js';
import { err, ok } from '../errors/result.js';
import { isSha256Hex, isSnapshotId } from './snapshot-keys.js';
import { isJsonObject } from '../model/json.js';

/** One file of a snapshot: its workspace-relative POSIX path, size in bytes and sha256. */
export interface SnapshotEntry {
  path: string;
  size: number;
  sha256: string;
}

/**
 * What a snapshot is. Written as JSON after every blob it names, so its presence in a store
 * means the snapshot is whole.
 */
export interface SnapshotManifest {
  apiVersion: 'meshkit/v1';
  kind: 'SnapshotManifest';
  id: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  tool: { name: string; version: string };
  /** `commit` is null outside a git work tree; `dirty` says whether it had uncommitted changes. */
  git: { commit: string | null; dirty: boolean };
  /** Sorted by path, no duplicates. */
  entries: SnapshotEntry[];
  /** The schema registry's subjects, as one blob, when a registry was configured. */
  registry?: SnapshotRegistryRef;
}

/** Names the blob holding a registry backup (every subject, version, id and level). */
export interface SnapshotRegistryRef {
  /** The registry the subjects were read from. */
  url: string;
  sha256: string;
  size: number;
  subjects: number;
}

const MAX_PATH_LENGTH = 1024;

/**
 * Why a manifest entry path is unsafe to restore, or `undefined` when it is fine. Paths must be
 * canonical relative POSIX paths: a restore joins them to the target folder, so anything that
 * could climb out of it (`..`, absolute paths, drive letters, backslashes, NUL) is refused rather
 * than normalised.
 */
export const entryPathProblem = (path: unknown): string | undefined => {
  if (typeof path !== 'string' || path.length === 0) return 'must be a non-empty string';
  if (path.length > MAX_PATH_LENGTH) return `is longer than ${MAX_PATH_LENGTH} characters`;
  if (path.includes('\0')) return 'contains a NUL character';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'contains a control character';
  if (path.includes('\\')) return 'contains a backslash; paths use forward slashes';
  if (path.startsWith('/')) return 'is absolute; paths are relative to the workspace root';
  if (/^[a-zA-Z]:/.test(path)) return 'starts with a drive letter; paths are relative';
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty segment (a leading, trailing or double slash)';
    if (segment === '.' || segment === '..') return `has a "${segment}" segment`;
  }
  return undefined;
};

const invalid = (where: string, problem: string): InputError =>
  new InputError(
    'SNAPSHOT_MANIFEST_INVALID',
    `${where}: ${problem}; the manifest is corrupt or was not written by mesh — restore an older copy of it or delete it from the store`,
  );

/**
 * Checks a decoded manifest. `where` names it in messages (e.g. `manifest "<id>" in
 * file:///repo/.mesh/snapshots`); `expectedId` is the id it was stored under.
 */
export const validateManifest = (
  value: unknown,
  where: string,
  expectedId?: string,
): Result<SnapshotManifest, InputError> => {
  if (!isJsonObject(value)) return err(invalid(where, 'is not a JSON object'));
  if (value['apiVersion'] !== 'meshkit/v1' || value['kind'] !== 'SnapshotManifest')
    return err(invalid(where, 'apiVersion/kind must be meshkit/v1 SnapshotManifest'));
  const { id, createdAt, tool, git, entries } = value;
  if (typeof id !== 'string' || !isSnapshotId(id))
    return err(invalid(where, `/id "${String(id).slice(0, 80)}" is not a snapshot id`));
  if (expectedId !== undefined && id !== expectedId)
    return err(invalid(where, `/id is "${id}" but it is stored as "${expectedId}"`));
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt)))
    return err(invalid(where, '/createdAt must be an ISO 8601 time'));
  if (
    !isJsonObject(tool) ||
    typeof tool['name'] !== 'string' ||
    typeof tool['version'] !== 'string'
  )
    return err(invalid(where, '/tool must have string name and version'));
  if (
    !isJsonObject(git) ||
    !(git['commit'] === null || typeof git['commit'] === 'string') ||
    typeof git['dirty'] !== 'boolean'
  )
    return err(invalid(where, '/git must have commit (string or null) and dirty (boolean)'));
  if (!Array.isArray(entries)) return err(invalid(where, '/entries must be an array'));

  const out: SnapshotEntry[] = [];
  const paths = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    const at = `/entries/${i}`;
    if (!isJsonObject(entry)) return err(invalid(where, `${at} is not an object`));
    const { path, size, sha256 } = entry;
    const problem = entryPathProblem(path);
    if (problem !== undefined || typeof path !== 'string')
      return err(
        invalid(where, `${at}/path ${JSON.stringify(String(path).slice(0, 120))} ${problem ?? ''}`),
      );
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
      return err(invalid(where, `${at}/size must be a non-negative integer`));
    if (typeof sha256 !== 'string' || !isSha256Hex(sha256))
      return err(invalid(where, `${at}/sha256 must be 64 lowercase hex digits`));
    if (paths.has(path)) return err(invalid(where, `${at}/path "${path}" appears twice`));
    paths.add(path);
    out.push({ path, size, sha256 });
  }
  // A path that is also the folder of another path cannot be restored as both a file and a folder.
  for (const path of paths) {
    const segments = path.split('/');
    for (let n = 1; n < segments.length; n++) {
      const parent = segments.slice(0, n).join('/');
      if (paths.has(parent))
        return err(
          invalid(where, `entry "${parent}" is a file but "${path}" needs it as a folder`),
        );
    }
  }
  out.sort((a, b) => compareStrings(a.path, b.path));
  let registry: SnapshotRegistryRef | undefined;
  if (value['registry'] !== undefined) {
    const r = value['registry'];
    if (
      !isJsonObject(r) ||
      typeof r['url'] !== 'string' ||
      typeof r['sha256'] !== 'string' ||
      !isSha256Hex(r['sha256']) ||
      typeof r['size'] !== 'number' ||
      !Number.isSafeInteger(r['size']) ||
      r['size'] < 0 ||
      typeof r['subjects'] !== 'number' ||
      !Number.isSafeInteger(r['subjects'])
    )
      return err(invalid(where, '/registry must have url, sha256, size and subjects'));
    registry = { url: r['url'], sha256: r['sha256'], size: r['size'], subjects: r['subjects'] };
  }
  return ok({
    apiVersion: 'meshkit/v1',
    kind: 'SnapshotManifest',
    id,
    createdAt: new Date(createdAt).toISOString(),
    tool: { name: tool['name'] as string, version: tool['version'] as string },
    git: { commit: git['commit'] as string | null, dirty: git['dirty'] as boolean },
    entries: out,
    ...(registry ? { registry } : {}),
  });
};

/** Decodes and validates stored manifest bytes. */
export const parseManifest = (
  bytes: Uint8Array,
  where: string,
  expectedId?: string,
): Result<SnapshotManifest, InputError> => {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    return err(
      invalid(
        where,
        `is not valid UTF-8 JSON (${cause instanceof Error ? cause.message : 'unreadable'})`,
      ),
    );
  }
  return validateManifest(value, where, expectedId);
};

/** The stored form: stable key order, entries sorted, one trailing newline. */
export const serializeManifest = (manifest: SnapshotManifest): Uint8Array => {
  const entries = [...manifest.entries].sort((a, b) => compareStrings(a.path, b.path));
  const doc = {
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
    id: manifest.id,
    createdAt: manifest.createdAt,
    tool: { name: manifest.tool.name, version: manifest.tool.version },
    git: { commit: manifest.git.commit, dirty: manifest.git.dirty },
    entries: entries.map((e) => ({ path: e.path, size: e.size, sha256: e.sha256 })),
    ...(manifest.registry
      ? {
          registry: {
            url: manifest.registry.url,
            sha256: manifest.registry.sha256,
            size: manifest.registry.size,
            subjects: manifest.registry.subjects,
          },
        }
      : {}),
  };
  return new TextEncoder().encode(`${JSON.stringify(doc, null, 2)}\n`);
};

/** Builds a manifest, refusing entries that `validateManifest` would refuse on the way back. */
export const createManifest = (
  init: Omit<SnapshotManifest, 'apiVersion' | 'kind'>,
): SnapshotManifest => {
  const manifest: SnapshotManifest = {
    apiVersion: 'meshkit/v1',
    kind: 'SnapshotManifest',
    ...init,
  };
  const checked = validateManifest(
    JSON.parse(new TextDecoder().decode(serializeManifest(manifest))) as unknown,
    `new manifest "${init.id}"`,
  );
  if (!checked.ok) throw checked.error;
  return checked.value;
};

/** Code-unit order, so sorting is the same on every machine and locale. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const manifestSize = (manifest: SnapshotManifest): number =>
  manifest.entries.reduce((sum, e) => sum + e.size, 0);
