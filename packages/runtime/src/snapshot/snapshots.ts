import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import type {
  ContractCompatibility,
  SnapshotRegistryRef,
  EntryDiff,
  Finding,
  PrunePolicy,
  SnapshotEntry,
  SnapshotManifest,
  SnapshotStore,
} from '@meshkit/core';
import {
  appendTo,
  compareContractVersions,
  createManifest,
  createSnapshotId,
  diffEntries,
  entryPathProblem,
  InfrastructureError,
  InputError,
  isEmptyDiff,
  isSnapshotId,
  manifestSize,
  parseManifest,
  planPrune,
  serializeManifest,
  snapshotIdTime,
  unreferencedBlobs,
} from '@meshkit/core';
import type { SkippedFile } from './collect-snapshot-files.js';
import { collectSnapshotFiles, readSnapshotFile } from './collect-snapshot-files.js';
import { FileSnapshotStore, syncFileSystem } from './file-snapshot-store.js';
import { readGitState } from './git-state.js';
import { HashCache, readStamp } from './hash-cache.js';
import { mapLimit } from './map-limit.js';
import type { RegistryBackup } from './registry-backup.js';
import { importRegistry, parseRegistryBackup, readRegistry } from './registry-backup.js';

const TOOL_VERSION = ((): string => {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

export const sha256Hex = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

const DEFAULT_CONCURRENCY = 16;

// ---------------------------------------------------------------------------------------------
// reading manifests

/** Reads and validates one manifest; a missing or corrupt one is an InputError naming the fix. */
export const readManifest = async (store: SnapshotStore, id: string): Promise<SnapshotManifest> => {
  const bytes = await store.getManifest(id);
  if (!bytes)
    throw new InputError(
      'SNAPSHOT_NOT_FOUND',
      `snapshot "${id}" is not in ${store.location}; see \`mesh snapshot list\` for the ids there`,
    );
  const parsed = parseManifest(bytes, `manifest "${id}" in ${store.location}`, id);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
};

/**
 * Finds the snapshot `at` names: `latest`, a full id, an unambiguous id prefix, or a time
 * (ISO 8601), meaning the newest snapshot taken at or before it.
 */
export const resolveSnapshotId = async (store: SnapshotStore, at: string): Promise<string> => {
  const ids = await store.listManifests();
  const none = (why: string): InputError =>
    new InputError('SNAPSHOT_NOT_FOUND', `${why} in ${store.location}; see \`mesh snapshot list\``);
  if (ids.length === 0)
    throw new InputError(
      'SNAPSHOT_NOT_FOUND',
      `there are no snapshots in ${store.location}; take one with \`mesh snapshot create\``,
    );
  if (at === 'latest') return ids[ids.length - 1] as string;
  if (isSnapshotId(at)) {
    if (ids.includes(at)) return at;
    throw none(`there is no snapshot "${at}"`);
  }
  if (/^\d{8}T[0-9a-fZ-]*$/.test(at)) {
    const matches = ids.filter((id) => id.startsWith(at));
    if (matches.length === 1) return matches[0] as string;
    if (matches.length > 1)
      throw new InputError(
        'SNAPSHOT_AMBIGUOUS',
        `"${at}" matches ${matches.length} snapshots (${matches.slice(0, 3).join(', ')}...); give more of the id`,
      );
  }
  const time = Date.parse(at);
  if (Number.isNaN(time))
    throw new InputError(
      'SNAPSHOT_AT_INVALID',
      `"${at}" is neither a snapshot id nor a time; use an id from \`mesh snapshot list\`, "latest", or an ISO 8601 time such as 2026-11-26T12:00:00Z`,
    );
  const before = ids.filter((id) => (snapshotIdTime(id)?.getTime() ?? Infinity) <= time);
  const found = before[before.length - 1];
  if (found === undefined)
    throw none(
      `there is no snapshot taken at or before ${new Date(time).toISOString()} (the oldest is ${ids[0]})`,
    );
  return found;
};

// ---------------------------------------------------------------------------------------------
// create

export interface CreateSnapshotOptions {
  root: string;
  store: SnapshotStore;
  domainsDir?: string;
  /** Parallel reads and uploads. */
  concurrency?: number;
  /** Write no snapshot when the files equal the newest one. */
  ifChanged?: boolean;
  now?: () => Date;
  toolVersion?: string;
  /**
   * Reuse hashes of files whose size, times and inode are unchanged since the last create
   * (kept in .mesh/cache/). Default true; false reads and hashes every file.
   */
  hashCache?: boolean;
  /** A Confluent-compatible registry whose subjects the snapshot also holds. */
  registryUrl?: string;
}

export interface CreateSnapshotResult {
  /** Undefined when `ifChanged` found nothing new. */
  id: string | undefined;
  created: boolean;
  /** The newest snapshot, when `ifChanged` found the files equal to it. */
  sameAs?: string;
  store: string;
  files: number;
  bytes: number;
  blobsWritten: number;
  blobsSkipped: number;
  bytesWritten: number;
  skippedFiles: SkippedFile[];
  git: { commit: string | null; dirty: boolean };
  /** Subjects read from the registry, when one was given. */
  registrySubjects: number | undefined;
}

/** Hashes the snapshot files of a working tree without storing anything. */
export const hashWorkingTree = async (
  root: string,
  domainsDir = 'domains',
  concurrency = DEFAULT_CONCURRENCY,
): Promise<{ entries: SnapshotEntry[]; skipped: SkippedFile[] }> => {
  const { files, skipped } = await collectSnapshotFiles(root, domainsDir);
  const entries = await mapLimit(files, concurrency, async (file) => {
    const bytes = await readSnapshotFile(file);
    return { path: file.path, size: bytes.length, sha256: sha256Hex(bytes) };
  });
  return { entries, skipped };
};

/**
 * Takes a snapshot: uploads the blobs the store lacks, then writes the manifest. The manifest
 * goes last, so a create that dies half-way leaves only unreferenced blobs behind and every
 * earlier snapshot whole.
 */
export const createSnapshot = async (
  options: CreateSnapshotOptions,
): Promise<CreateSnapshotResult> => {
  const { root, store } = options;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const now = options.now ?? (() => new Date());
  if (store instanceof FileSnapshotStore) await store.removeStaleTempFiles(3_600_000);

  const [{ files, skipped }, git, existing] = await Promise.all([
    collectSnapshotFiles(root, options.domainsDir ?? 'domains'),
    readGitState(root),
    store.listBlobHashes
      ? store.listBlobHashes()
      : store.listBlobs().then((l) => l.map((b) => b.sha256)),
  ]);
  // One listing replaces a HEAD request per blob; putBlob still checks the rest itself.
  const present = new Set(existing);
  let blobsWritten = 0;
  let blobsSkipped = 0;
  let bytesWritten = 0;
  const inFlight = new Map<string, Promise<'written' | 'skipped'>>();
  const cache = options.hashCache === false ? undefined : await HashCache.open(root);
  const entries = await mapLimit(files, concurrency, async (file): Promise<SnapshotEntry> => {
    const stamp = cache && (await readStamp(file.readFrom));
    const known = stamp && cache?.lookup(file.path, stamp);
    if (stamp && known && present.has(known)) {
      cache?.reuse(file.path);
      blobsSkipped++;
      return { path: file.path, size: stamp.size, sha256: known };
    }
    const hashedAt = Date.now();
    const bytes = await readSnapshotFile(file);
    const sha256 = sha256Hex(bytes);
    if (stamp) cache?.remember(file.path, stamp, sha256, hashedAt);
    const entry = { path: file.path, size: bytes.length, sha256 };
    if (present.has(sha256)) {
      blobsSkipped++;
      return entry;
    }
    let upload = inFlight.get(sha256);
    if (upload) {
      await upload;
      blobsSkipped++;
      return entry;
    }
    upload = store.putBlob(sha256, bytes);
    inFlight.set(sha256, upload);
    if ((await upload) === 'written') {
      blobsWritten++;
      bytesWritten += bytes.length;
    } else blobsSkipped++;
    return entry;
  });

  await cache?.save();
  let registry: SnapshotRegistryRef | undefined;
  if (options.registryUrl !== undefined) {
    const backup = await readRegistry(options.registryUrl);
    const bytes = new TextEncoder().encode(`${JSON.stringify(backup, null, 2)}\n`);
    const sha256 = sha256Hex(bytes);
    if ((await store.putBlob(sha256, bytes)) === 'written') {
      blobsWritten++;
      bytesWritten += bytes.length;
    } else blobsSkipped++;
    registry = {
      url: options.registryUrl,
      sha256,
      size: bytes.length,
      subjects: backup.subjects.length,
    };
  }
  const base = {
    store: store.location,
    files: entries.length,
    bytes: entries.reduce((sum, e) => sum + e.size, 0),
    blobsWritten,
    blobsSkipped,
    bytesWritten,
    skippedFiles: skipped,
    git,
    registrySubjects: registry?.subjects,
  };
  if (options.ifChanged) {
    const ids = await store.listManifests();
    const latest = ids[ids.length - 1];
    if (latest !== undefined) {
      const previous = await readManifest(store, latest);
      if (
        isEmptyDiff(diffEntries(previous.entries, entries)) &&
        previous.registry?.sha256 === registry?.sha256
      )
        return { ...base, id: undefined, created: false, sameAs: latest };
    }
  }
  const createdAt = now();
  const manifest = createManifest({
    id: createSnapshotId(createdAt, randomBytes(4).toString('hex')),
    createdAt: createdAt.toISOString(),
    tool: { name: 'meshkit', version: options.toolVersion ?? TOOL_VERSION },
    git,
    entries,
    ...(registry ? { registry } : {}),
  });
  await store.putManifest(manifest.id, serializeManifest(manifest));
  return { ...base, id: manifest.id, created: true };
};

// ---------------------------------------------------------------------------------------------
// list / show

export interface SnapshotSummary {
  id: string;
  createdAt: string | undefined;
  files: number | undefined;
  bytes: number | undefined;
  git: { commit: string | null; dirty: boolean } | undefined;
  toolVersion: string | undefined;
  /** Set when the manifest cannot be read; `verify` reports it as a finding. */
  problem?: string;
}

export const listSnapshots = async (store: SnapshotStore): Promise<SnapshotSummary[]> => {
  const ids = await store.listManifests();
  return mapLimit(ids, 8, async (id): Promise<SnapshotSummary> => {
    try {
      const m = await readManifest(store, id);
      return {
        id,
        createdAt: m.createdAt,
        files: m.entries.length,
        bytes: manifestSize(m),
        git: m.git,
        toolVersion: m.tool.version,
      };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return {
        id,
        createdAt: undefined,
        files: undefined,
        bytes: undefined,
        git: undefined,
        toolVersion: undefined,
        problem: error.message,
      };
    }
  });
};

export const showSnapshot = async (store: SnapshotStore, at: string): Promise<SnapshotManifest> =>
  readManifest(store, await resolveSnapshotId(store, at));

// ---------------------------------------------------------------------------------------------
// verify

export interface VerifyResult {
  store: string;
  snapshots: { id: string; files: number; ok: boolean }[];
  blobsChecked: number;
  findings: Finding[];
}

type BlobState =
  { state: 'ok' } | { state: 'missing' } | { state: 'corrupt'; actual: string; size: number };

/** Re-hashes every blob the chosen manifests (all by default) name; each blob is read once. */
export const verifySnapshots = async (options: {
  store: SnapshotStore;
  at?: string;
  concurrency?: number;
}): Promise<VerifyResult> => {
  const { store } = options;
  const ids =
    options.at === undefined
      ? await store.listManifests()
      : [await resolveSnapshotId(store, options.at)];
  const findings: Finding[] = [];
  const checks = new Map<string, Promise<BlobState>>();
  const check = (sha256: string): Promise<BlobState> => {
    let pending = checks.get(sha256);
    if (!pending) {
      pending = store.getBlob(sha256).then((bytes): BlobState => {
        if (!bytes) return { state: 'missing' };
        const actual = sha256Hex(bytes);
        return actual === sha256
          ? { state: 'ok' }
          : { state: 'corrupt', actual, size: bytes.length };
      });
      checks.set(sha256, pending);
    }
    return pending;
  };
  const snapshots: VerifyResult['snapshots'] = [];
  for (const id of ids) {
    const file = `manifests/${id}.json`;
    let manifest: SnapshotManifest;
    try {
      manifest = await readManifest(store, id);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      findings.push({
        ruleId: 'snapshot-manifest-invalid',
        severity: 'error',
        message: error.message,
        location: { file },
        hint: 'delete the manifest, or restore an older copy of it (S3 keeps earlier object versions)',
        data: { snapshot: id, store: store.location },
      });
      snapshots.push({ id, files: 0, ok: false });
      continue;
    }
    const before = findings.length;
    const states = await mapLimit(manifest.entries, options.concurrency ?? 8, (e) =>
      check(e.sha256),
    );
    manifest.entries.forEach((entry, i) => {
      const state = states[i] as BlobState;
      const data = { snapshot: id, path: entry.path, sha256: entry.sha256, store: store.location };
      if (state.state === 'missing')
        findings.push({
          ruleId: 'snapshot-blob-missing',
          severity: 'error',
          message: `snapshot ${id}: blob ${entry.sha256} for ${entry.path} is missing from ${store.location}`,
          location: { file, pointer: `/entries/${i}` },
          hint: 'if the file is unchanged in the working tree, `mesh snapshot create` uploads the blob again',
          data,
        });
      else if (state.state === 'corrupt')
        findings.push({
          ruleId: 'snapshot-blob-corrupt',
          severity: 'error',
          message: `snapshot ${id}: blob ${entry.sha256} for ${entry.path} in ${store.location} hashes to ${state.actual} (${state.size} bytes, expected ${entry.size})`,
          location: { file, pointer: `/entries/${i}` },
          hint: 'delete the corrupt blob; if the file is unchanged in the working tree, `mesh snapshot create` uploads it again',
          data: { ...data, actual: state.actual },
        });
    });
    if (manifest.registry) {
      const state = await check(manifest.registry.sha256);
      if (state.state !== 'ok')
        findings.push({
          ruleId: state.state === 'missing' ? 'snapshot-blob-missing' : 'snapshot-blob-corrupt',
          severity: 'error',
          message: `snapshot ${id}: the blob ${manifest.registry.sha256} holding the registry subjects is ${state.state} in ${store.location}`,
          location: { file, pointer: '/registry' },
          data: { snapshot: id, sha256: manifest.registry.sha256, store: store.location },
        });
    }
    snapshots.push({ id, files: manifest.entries.length, ok: findings.length === before });
  }
  return { store: store.location, snapshots, blobsChecked: checks.size, findings };
};

// ---------------------------------------------------------------------------------------------
// diff

export interface ContractChange {
  path: string;
  change: 'added' | 'removed' | 'changed';
  /** For a changed contract: what the compatibility engine says about old versus new. */
  compatibility?: ContractCompatibility;
}

export interface SnapshotDiffResult {
  from: string;
  /** A snapshot id, or `working tree`. */
  to: string;
  diff: EntryDiff;
  contracts: ContractChange[];
}

/** Compares two snapshots, or a snapshot and the working tree when `to` is omitted. */
export const diffSnapshots = async (options: {
  store: SnapshotStore;
  from: string;
  to?: string;
  root: string;
  domainsDir?: string;
}): Promise<SnapshotDiffResult> => {
  const { store } = options;
  const from = await showSnapshot(store, options.from);
  let to: string;
  let entries: SnapshotEntry[];
  if (options.to === undefined) {
    to = 'working tree';
    entries = (await hashWorkingTree(options.root, options.domainsDir)).entries;
  } else {
    const other = await showSnapshot(store, options.to);
    to = other.id;
    entries = other.entries;
  }
  const diff = diffEntries(from.entries, entries);
  const isContract = (path: string): boolean => path.endsWith('.avsc');
  const text = async (sha256: string, path: string, side: 'store' | 'tree'): Promise<string> => {
    const bytes =
      side === 'tree'
        ? await readFile(join(options.root, ...path.split('/')))
        : await store.getBlob(sha256);
    if (!bytes) throw new Error(`blob ${sha256} for ${path} is missing from ${store.location}`);
    return new TextDecoder().decode(bytes);
  };
  const changed = await mapLimit(
    diff.changed.filter((e) => isContract(e.path)),
    8,
    async (e): Promise<ContractChange> => {
      let compatibility: ContractCompatibility;
      try {
        compatibility = compareContractVersions(
          await text(e.before.sha256, e.path, 'store'),
          await text(e.after.sha256, e.path, options.to === undefined ? 'tree' : 'store'),
        );
      } catch (error) {
        compatibility = { error: (error as Error).message };
      }
      return { path: e.path, change: 'changed', compatibility };
    },
  );
  const contracts: ContractChange[] = [
    ...diff.added
      .filter((e) => isContract(e.path))
      .map((e) => ({ path: e.path, change: 'added' as const })),
    ...diff.removed
      .filter((e) => isContract(e.path))
      .map((e) => ({ path: e.path, change: 'removed' as const })),
    ...changed,
  ].sort((a, b) => (a.path < b.path ? -1 : 1));
  return { from: from.id, to, diff, contracts };
};

// ---------------------------------------------------------------------------------------------
// restore

export interface RestoreOptions {
  store: SnapshotStore;
  at: string;
  /** Absolute folder to write into; the workspace root for an in-place restore. */
  to: string;
  /** Allow writing into a folder that is not empty (required in place). */
  force?: boolean;
  concurrency?: number;
  /** Also import the snapshot's registry subjects, with their ids, into this (empty) registry. */
  registryUrl?: string;
}

export interface RestoreResult {
  id: string;
  to: string;
  files: number;
  bytes: number;
  registry?: { url: string; subjects: number; versions: number };
}

const unsafe = (message: string): InputError => new InputError('SNAPSHOT_RESTORE_UNSAFE', message);

/**
 * Makes every folder the entries need below `base`, parents first, refusing a folder that is a
 * symlink or a file: a restore must never write through a link out of its target folder.
 */
const prepareFolders = async (
  base: string,
  paths: readonly string[],
  concurrency: number,
): Promise<void> => {
  const folders = new Set<string>();
  for (const path of paths) {
    const segments = path.split('/');
    for (let n = 1; n < segments.length; n++) folders.add(segments.slice(0, n).join('/'));
  }
  const byDepth = new Map<number, string[]>();
  for (const folder of folders) {
    const depth = folder.split('/').length;
    appendTo(byDepth, depth, folder);
  }
  const check = async (rel: string): Promise<void> => {
    const dir = join(base, ...rel.split('/'));
    let info;
    try {
      info = await lstat(dir);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
      try {
        await mkdir(dir);
        return;
      } catch (mkdirError) {
        if ((mkdirError as { code?: string }).code !== 'EEXIST') throw mkdirError;
        info = await lstat(dir);
      }
    }
    if (info.isSymbolicLink())
      throw unsafe(
        `${rel} in the restore folder ${base} is a symlink; refusing to write through it — remove the link or restore into an empty folder`,
      );
    if (!info.isDirectory())
      throw unsafe(
        `${rel} in the restore folder ${base} is a file, but the snapshot needs a folder there`,
      );
  };
  for (const depth of [...byDepth.keys()].sort((x, y) => x - y))
    await mapLimit(byDepth.get(depth) ?? [], concurrency, check);
};

/** Writes every file of a snapshot, byte-identical, after checking every blob against its hash. */
export const restoreSnapshot = async (options: RestoreOptions): Promise<RestoreResult> => {
  const { store } = options;
  const id = await resolveSnapshotId(store, options.at);
  const manifest = await readManifest(store, id);
  // parseManifest already refused these; checked again because this is where it matters.
  for (const entry of manifest.entries) {
    const problem = entryPathProblem(entry.path);
    if (problem !== undefined) throw unsafe(`snapshot ${id}: entry "${entry.path}" ${problem}`);
  }

  let target: string;
  try {
    await mkdir(options.to, { recursive: true });
    target = await realpath(options.to);
  } catch (error) {
    throw new InputError(
      'SNAPSHOT_RESTORE_TARGET_INVALID',
      `cannot use ${options.to} as the restore folder: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!options.force && (await readdir(target)).length > 0)
    throw new InputError(
      'SNAPSHOT_RESTORE_TARGET_NOT_EMPTY',
      `restore folder ${target} is not empty; pass --force to overwrite the snapshot's files in it, or choose an empty folder with --to`,
    );

  // Fetch and check everything before writing anything, so a damaged store leaves the target alone.
  const blobs = new Map<string, Uint8Array>();
  await mapLimit(manifest.entries, options.concurrency ?? 16, async (entry) => {
    if (blobs.has(entry.sha256)) return;
    const bytes = await store.getBlob(entry.sha256);
    if (!bytes)
      throw new InfrastructureError(
        'SNAPSHOT_BLOB_MISSING',
        `snapshot ${id}: blob ${entry.sha256} for ${entry.path} is missing from ${store.location}; run \`mesh snapshot verify\``,
        { retriable: false },
      );
    if (sha256Hex(bytes) !== entry.sha256)
      throw new InfrastructureError(
        'SNAPSHOT_BLOB_CORRUPT',
        `snapshot ${id}: blob ${entry.sha256} for ${entry.path} in ${store.location} does not match its hash; run \`mesh snapshot verify\``,
        { retriable: false },
      );
    blobs.set(entry.sha256, bytes);
  });

  let registryBackup: RegistryBackup | undefined;
  if (options.registryUrl !== undefined) {
    const ref = manifest.registry;
    if (!ref)
      throw new InputError(
        'SNAPSHOT_REGISTRY_ABSENT',
        `snapshot ${id} holds no registry subjects (it was taken without a registry); leave out --registry`,
      );
    const bytes = await store.getBlob(ref.sha256);
    if (!bytes || sha256Hex(bytes) !== ref.sha256)
      throw new InfrastructureError(
        bytes ? 'SNAPSHOT_BLOB_CORRUPT' : 'SNAPSHOT_BLOB_MISSING',
        `snapshot ${id}: the blob ${ref.sha256} holding the registry subjects is ${bytes ? 'corrupt' : 'missing'} in ${store.location}; run \`mesh snapshot verify\``,
        { retriable: false },
      );
    registryBackup = parseRegistryBackup(bytes, `registry blob of snapshot ${id}`);
  }

  const concurrency = options.concurrency ?? 16;
  await prepareFolders(
    target,
    manifest.entries.map((e) => e.path),
    concurrency,
  );
  await mapLimit(manifest.entries, concurrency, async (entry) => {
    const final = join(target, ...entry.path.split('/'));
    const existing = await lstat(final).catch(() => undefined);
    if (existing?.isDirectory())
      throw unsafe(
        `${entry.path} in the restore folder ${target} is a folder; the snapshot has a file there`,
      );
    // Written beside the target and renamed over it: a symlink at the target is replaced, not followed.
    const tmp = join(final, '..', `.${randomBytes(6).toString('hex')}.mesh-restore`);
    try {
      await writeFile(tmp, blobs.get(entry.sha256) as Uint8Array, { flag: 'wx', mode: 0o644 });
      await rename(tmp, final);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  });
  // One flush of the file system makes every restored file durable; without syncfs, one by one.
  await syncFileSystem(target).catch(() =>
    mapLimit(manifest.entries, concurrency, async (entry) => {
      const handle = await open(join(target, ...entry.path.split('/')), 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }),
  );
  const bytes = manifestSize(manifest);
  if (registryBackup && options.registryUrl !== undefined) {
    const imported = await importRegistry(options.registryUrl, registryBackup);
    return {
      id,
      to: target,
      files: manifest.entries.length,
      bytes,
      registry: { url: options.registryUrl, ...imported },
    };
  }
  return { id, to: target, files: manifest.entries.length, bytes };
};

// ---------------------------------------------------------------------------------------------
// prune

export interface PruneOptions extends PrunePolicy {
  store: SnapshotStore;
  dryRun?: boolean;
  now?: Date;
  /** Blobs younger than this are kept even when unreferenced (a create may be uploading). */
  minBlobAgeMs?: number;
}

export interface PruneResult {
  store: string;
  kept: string[];
  removed: string[];
  blobsRemoved: number;
  bytesFreed: number;
  dryRun: boolean;
}

/**
 * Removes the snapshots the policy does not keep, then the blobs no kept snapshot names.
 * Manifests go first, so an interrupted prune leaves unreferenced blobs, never a manifest
 * without its blobs. Refuses to run while any manifest is unreadable: its blobs are unknown.
 */
export const pruneSnapshots = async (options: PruneOptions): Promise<PruneResult> => {
  const { store } = options;
  const now = options.now ?? new Date();
  const ids = await store.listManifests();
  const manifests = await mapLimit(ids, 8, (id) => readManifest(store, id));
  const policy: PrunePolicy = {
    ...(options.keepLast !== undefined ? { keepLast: options.keepLast } : {}),
    ...(options.keepDays !== undefined ? { keepDays: options.keepDays } : {}),
  };
  const plan = planPrune(
    manifests.map((m) => ({ id: m.id, createdAt: new Date(m.createdAt) })),
    policy,
    now,
  );
  const dryRun = options.dryRun ?? false;
  if (!dryRun) for (const id of plan.remove) await store.deleteManifest(id);

  // Snapshots written while this prune ran keep their blobs too.
  const keptIds = new Set(plan.keep);
  const kept = manifests.filter((m) => keptIds.has(m.id));
  const removedIds = new Set(plan.remove);
  for (const id of await store.listManifests())
    if (!keptIds.has(id) && !removedIds.has(id)) kept.push(await readManifest(store, id));

  const doomed = unreferencedBlobs(
    kept,
    await store.listBlobs(),
    now,
    options.minBlobAgeMs ?? 15 * 60_000,
  );
  if (!dryRun) await mapLimit(doomed, 8, (b) => store.deleteBlob(b.sha256));
  return {
    store: store.location,
    kept: plan.keep,
    removed: plan.remove,
    blobsRemoved: doomed.length,
    bytesFreed: doomed.reduce((sum, b) => sum + b.size, 0),
    dryRun,
  };
};
