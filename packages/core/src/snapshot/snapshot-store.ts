/** A blob as a store lists it: its hash, its size and when it was last written. */
export interface BlobInfo {
  sha256: string;
  size: number;
  lastModified: Date;
}

/**
 * Where snapshots live: content-addressed blobs plus one manifest per snapshot. Adapters
 * (`FileSnapshotStore`, `S3SnapshotStore`) implement it; `MemorySnapshotStore` is the fake.
 *
 * Stores move bytes only. Hashing, manifest parsing and validation happen in the caller, so a
 * corrupt or hostile store is caught by the same code whichever adapter served it.
 * Every method refuses a malformed hash or id with an `InputError` (`SNAPSHOT_KEY_INVALID`),
 * since both end up in file names and object keys.
 */
export interface SnapshotStore {
  /** Where the store is, for messages: `file:///abs/dir` or `s3://bucket/prefix`. */
  readonly location: string;
  /** Writes the blob unless one with this hash is already there; a blob is never half-visible. */
  putBlob(sha256: string, bytes: Uint8Array): Promise<'written' | 'skipped'>;
  hasBlob(sha256: string): Promise<boolean>;
  /** The stored bytes, or `undefined` when the blob is missing. Bytes are returned unchecked. */
  getBlob(sha256: string): Promise<Uint8Array | undefined>;
  listBlobs(): Promise<BlobInfo[]>;
  /** The hashes alone, for stores that can list them more cheaply than `listBlobs` (no stat). */
  listBlobHashes?(): Promise<string[]>;
  /** Deleting a missing blob is not an error. */
  deleteBlob(sha256: string): Promise<void>;
  /** Writes (or replaces) a manifest atomically. Callers write it after every blob it names. */
  putManifest(id: string, bytes: Uint8Array): Promise<void>;
  /** The stored manifest bytes, or `undefined` when there is no such manifest. */
  getManifest(id: string): Promise<Uint8Array | undefined>;
  /** Manifest ids, oldest first (ids sort by time). */
  listManifests(): Promise<string[]>;
  /** Deleting a missing manifest is not an error. */
  deleteManifest(id: string): Promise<void>;
}
