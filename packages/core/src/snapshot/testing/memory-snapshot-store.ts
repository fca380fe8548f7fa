import { assertSha256, assertSnapshotId } from '../snapshot-keys.js';
import type { BlobInfo, SnapshotStore } from '../snapshot-store.js';

interface Stored {
  bytes: Uint8Array;
  lastModified: Date;
}

/** The in-memory fake of `SnapshotStore`. `blobs` and `manifests` are open so tests can tamper. */
export class MemorySnapshotStore implements SnapshotStore {
  readonly location: string;
  readonly blobs = new Map<string, Stored>();
  readonly manifests = new Map<string, Stored>();

  constructor(
    location = 'memory://snapshots',
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.location = location;
  }

  async putBlob(sha256: string, bytes: Uint8Array): Promise<'written' | 'skipped'> {
    assertSha256(sha256, this.location);
    if (this.blobs.has(sha256)) return 'skipped';
    this.blobs.set(sha256, { bytes: Uint8Array.from(bytes), lastModified: this.clock() });
    return 'written';
  }

  async hasBlob(sha256: string): Promise<boolean> {
    assertSha256(sha256, this.location);
    return this.blobs.has(sha256);
  }

  async getBlob(sha256: string): Promise<Uint8Array | undefined> {
    assertSha256(sha256, this.location);
    const stored = this.blobs.get(sha256);
    return stored && Uint8Array.from(stored.bytes);
  }

  async listBlobs(): Promise<BlobInfo[]> {
    return [...this.blobs].map(([sha256, s]) => ({
      sha256,
      size: s.bytes.length,
      lastModified: s.lastModified,
    }));
  }

  async deleteBlob(sha256: string): Promise<void> {
    assertSha256(sha256, this.location);
    this.blobs.delete(sha256);
  }

  async putManifest(id: string, bytes: Uint8Array): Promise<void> {
    assertSnapshotId(id, this.location);
    this.manifests.set(id, { bytes: Uint8Array.from(bytes), lastModified: this.clock() });
  }

  async getManifest(id: string): Promise<Uint8Array | undefined> {
    assertSnapshotId(id, this.location);
    const stored = this.manifests.get(id);
    return stored && Uint8Array.from(stored.bytes);
  }

  async listManifests(): Promise<string[]> {
    return [...this.manifests.keys()].sort();
  }

  async deleteManifest(id: string): Promise<void> {
    assertSnapshotId(id, this.location);
    this.manifests.delete(id);
  }
}
