import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** What identifies a file's bytes without reading them (git's index keeps the same facts). */
export interface FileStamp {
  size: number;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
}

interface CacheEntry extends FileStamp {
  sha256: string;
  /** When the bytes were hashed, in ms since the epoch. */
  hashedAt: number;
}

export const HASH_CACHE_FILE = join('.mesh', 'cache', 'snapshot-hashes.json');

// A file changed again within the file system's timestamp granularity (coarse on ext4, 2 s on
// FAT) could keep its stamp. Only stamps older than this margin before hashing are trusted.
const RACY_MARGIN_MS = 3_000;

export const readStamp = async (path: string): Promise<FileStamp> => {
  const s = await stat(path, { bigint: true });
  return {
    size: Number(s.size),
    mtimeNs: s.mtimeNs.toString(),
    ctimeNs: s.ctimeNs.toString(),
    ino: s.ino.toString(),
  };
};

/**
 * Remembers the sha256 of each snapshot file by its stamp, in the workspace's .mesh/ folder, so
 * an unchanged create stats the files instead of reading them. Any mismatch or doubt means the
 * file is read and hashed again; a missing or unreadable cache is just empty.
 */
export class HashCache {
  private readonly next = new Map<string, CacheEntry>();

  private constructor(
    private readonly file: string,
    private readonly previous: Map<string, CacheEntry>,
  ) {}

  static async open(root: string): Promise<HashCache> {
    const file = join(root, HASH_CACHE_FILE);
    const previous = new Map<string, CacheEntry>();
    try {
      const doc = JSON.parse(await readFile(file, 'utf8')) as {
        version?: unknown;
        entries?: unknown;
      };
      if (doc.version === 1 && typeof doc.entries === 'object' && doc.entries !== null)
        for (const [path, e] of Object.entries(doc.entries as Record<string, CacheEntry>))
          if (typeof e?.sha256 === 'string' && /^[0-9a-f]{64}$/.test(e.sha256))
            previous.set(path, e);
    } catch {
      // No cache yet, or a damaged one: every file is hashed.
    }
    return new HashCache(file, previous);
  }

  /** The cached hash when the stamp is identical and was taken well before the hashing. */
  lookup(path: string, stamp: FileStamp): string | undefined {
    const e = this.previous.get(path);
    if (
      !e ||
      e.size !== stamp.size ||
      e.mtimeNs !== stamp.mtimeNs ||
      e.ctimeNs !== stamp.ctimeNs ||
      e.ino !== stamp.ino
    )
      return undefined;
    const changedAt = Number(BigInt(stamp.mtimeNs) / 1_000_000n);
    if (e.hashedAt - changedAt < RACY_MARGIN_MS) return undefined;
    return e.sha256;
  }

  /** Records a hash for the next run. */
  remember(path: string, stamp: FileStamp, sha256: string, hashedAt: number): void {
    this.next.set(path, { ...stamp, sha256, hashedAt });
  }

  reuse(path: string): void {
    const e = this.previous.get(path);
    if (e) this.next.set(path, e);
  }

  /** Writes the cache atomically; failing to write it never fails a snapshot. */
  async save(): Promise<void> {
    const tmp = `${this.file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(tmp, JSON.stringify({ version: 1, entries: Object.fromEntries(this.next) }));
      await rename(tmp, this.file);
    } catch {
      await rm(tmp, { force: true }).catch(() => undefined);
    }
  }
}
