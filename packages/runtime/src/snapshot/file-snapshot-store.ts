import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BlobInfo, SnapshotStore } from '@meshkit/core';
import {
  assertSha256,
  assertSnapshotId,
  InfrastructureError,
  isSha256Hex,
  isSnapshotId,
} from '@meshkit/core';

/** Flushes the whole file system holding `dir` (Linux syncfs through coreutils' `sync -f`). */
export const syncFileSystem = (dir: string): Promise<void> =>
  new Promise((resolve, reject) => {
    execFile('sync', ['-f', dir], { timeout: 120_000 }, (error) =>
      error ? reject(error) : resolve(),
    );
  });

const errnoCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;

/**
 * A snapshot store in a local folder:
 *
 *     blobs/sha256/<first two hex digits>/<sha256>
 *     manifests/<snapshot id>.json
 *     tmp/                      files being written
 *
 * Every file is written to tmp/ and renamed into place, so a reader sees a whole file or none.
 * Durability: before a manifest is written, the whole file system is flushed once with syncfs
 * (`sync -f`), which covers every blob written before it — by this process or by a create that
 * was killed — so after a power loss a manifest never names a lost blob. One flush replaces an
 * fsync per blob, which dominates a first snapshot of thousands of small files. Where `sync -f`
 * is not available, each blob is fsynced as it is written, and its folder before the manifest.
 */
export class FileSnapshotStore implements SnapshotStore {
  readonly location: string;
  private readonly madeDirs = new Set<string>();
  private readonly unsyncedDirs = new Set<string>();
  private syncMode: Promise<'syncfs' | 'fsync'> | undefined;
  private readonly syncFileSystem: (dir: string) => Promise<void>;

  constructor(
    readonly root: string,
    options: { syncFileSystem?: (dir: string) => Promise<void> } = {},
  ) {
    this.location = pathToFileURL(root).href;
    this.syncFileSystem = options.syncFileSystem ?? syncFileSystem;
  }

  /** Probed once: a working syncfs lets blobs skip their own fsync. */
  private mode(): Promise<'syncfs' | 'fsync'> {
    this.syncMode ??= mkdir(this.root, { recursive: true })
      .then(() => this.syncFileSystem(this.root))
      .then(
        () => 'syncfs' as const,
        () => 'fsync' as const,
      );
    return this.syncMode;
  }

  private blobPath(sha256: string): string {
    return join(this.root, 'blobs', 'sha256', sha256.slice(0, 2), sha256);
  }

  private manifestPath(id: string): string {
    return join(this.root, 'manifests', `${id}.json`);
  }

  private ioError(action: string, path: string, error: unknown): InfrastructureError {
    return new InfrastructureError(
      'SNAPSHOT_STORE_IO',
      `cannot ${action} ${path} in snapshot store ${this.location} (${errnoCode(error) ?? String(error)}); check that the folder exists, is writable and has free space`,
      { cause: error },
    );
  }

  private async ensureDir(dir: string): Promise<void> {
    if (this.madeDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.madeDirs.add(dir);
  }

  /** Writes `bytes` to `final` through a temporary file (fsynced when asked) and a rename. */
  private async writeAtomically(final: string, bytes: Uint8Array, fsync: boolean): Promise<void> {
    const tmpDir = join(this.root, 'tmp');
    await this.ensureDir(tmpDir);
    await this.ensureDir(dirname(final));
    const tmp = join(tmpDir, `${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
      if (fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(tmp, final);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    this.unsyncedDirs.add(dirname(final));
  }

  private async syncDirs(): Promise<void> {
    const dirs = [...this.unsyncedDirs];
    this.unsyncedDirs.clear();
    for (const dir of dirs) {
      const handle = await open(dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  }

  async putBlob(sha256: string, bytes: Uint8Array): Promise<'written' | 'skipped'> {
    assertSha256(sha256, this.location);
    const final = this.blobPath(sha256);
    try {
      if (await this.exists(final)) return 'skipped';
      await this.writeAtomically(final, bytes, (await this.mode()) === 'fsync');
      return 'written';
    } catch (error) {
      throw this.ioError('write blob', sha256, error);
    }
  }

  private async exists(path: string): Promise<boolean> {
    try {
      await stat(path);
      return true;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return false;
      throw error;
    }
  }

  async hasBlob(sha256: string): Promise<boolean> {
    assertSha256(sha256, this.location);
    try {
      return await this.exists(this.blobPath(sha256));
    } catch (error) {
      throw this.ioError('read blob', sha256, error);
    }
  }

  async getBlob(sha256: string): Promise<Uint8Array | undefined> {
    assertSha256(sha256, this.location);
    return this.readOptional(this.blobPath(sha256), 'blob', sha256);
  }

  private async readOptional(
    path: string,
    kind: string,
    name: string,
  ): Promise<Uint8Array | undefined> {
    try {
      return await readFile(path);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw this.ioError(`read ${kind}`, name, error);
    }
  }

  private async readdirOptional(dir: string): Promise<string[]> {
    try {
      return await readdir(dir);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw this.ioError('list', dir, error);
    }
  }

  async listBlobHashes(): Promise<string[]> {
    const base = join(this.root, 'blobs', 'sha256');
    const fans = (await this.readdirOptional(base)).filter((fan) => /^[0-9a-f]{2}$/.test(fan));
    const lists = await Promise.all(
      fans.map(async (fan) =>
        (await this.readdirOptional(join(base, fan))).filter(
          (name) => isSha256Hex(name) && name.startsWith(fan),
        ),
      ),
    );
    return lists.flat();
  }

  async listBlobs(): Promise<BlobInfo[]> {
    const base = join(this.root, 'blobs', 'sha256');
    const fans = (await this.readdirOptional(base)).filter((fan) => /^[0-9a-f]{2}$/.test(fan));
    const lists = await Promise.all(
      fans.map(async (fan) => {
        const names = (await this.readdirOptional(join(base, fan))).filter(
          (name) => isSha256Hex(name) && name.startsWith(fan),
        );
        const infos = await Promise.all(
          names.map(async (name): Promise<BlobInfo | undefined> => {
            try {
              const s = await stat(join(base, fan, name));
              return { sha256: name, size: s.size, lastModified: s.mtime };
            } catch (error) {
              // Deleted between readdir and stat by a concurrent prune: gone, so not listed.
              if (errnoCode(error) === 'ENOENT') return undefined;
              throw this.ioError('stat blob', name, error);
            }
          }),
        );
        return infos.filter((i): i is BlobInfo => i !== undefined);
      }),
    );
    return lists.flat();
  }

  async deleteBlob(sha256: string): Promise<void> {
    assertSha256(sha256, this.location);
    await this.unlinkOptional(this.blobPath(sha256), 'blob', sha256);
  }

  private async unlinkOptional(path: string, kind: string, name: string): Promise<void> {
    try {
      await unlink(path);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw this.ioError(`delete ${kind}`, name, error);
    }
  }

  async putManifest(id: string, bytes: Uint8Array): Promise<void> {
    assertSnapshotId(id, this.location);
    try {
      if ((await this.mode()) === 'syncfs') {
        await this.syncFileSystem(this.root);
        this.unsyncedDirs.clear();
      } else await this.syncDirs();
      await this.writeAtomically(this.manifestPath(id), bytes, true);
      await this.syncDirs();
    } catch (error) {
      throw this.ioError('write manifest', id, error);
    }
  }

  async getManifest(id: string): Promise<Uint8Array | undefined> {
    assertSnapshotId(id, this.location);
    return this.readOptional(this.manifestPath(id), 'manifest', id);
  }

  async listManifests(): Promise<string[]> {
    return (await this.readdirOptional(join(this.root, 'manifests')))
      .filter((name) => name.endsWith('.json') && isSnapshotId(name.slice(0, -5)))
      .map((name) => name.slice(0, -5))
      .sort();
  }

  async deleteManifest(id: string): Promise<void> {
    assertSnapshotId(id, this.location);
    await this.unlinkOptional(this.manifestPath(id), 'manifest', id);
  }

  /** Removes temporary files a killed writer left behind; younger ones may still be in use. */
  async removeStaleTempFiles(olderThanMs: number, now = new Date()): Promise<number> {
    const dir = join(this.root, 'tmp');
    let removed = 0;
    for (const name of await this.readdirOptional(dir)) {
      try {
        const s = await stat(join(dir, name));
        if (now.getTime() - s.mtime.getTime() >= olderThanMs) {
          await unlink(join(dir, name));
          removed++;
        }
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') throw this.ioError('clean', join('tmp', name), error);
      }
    }
    return removed;
  }
}
