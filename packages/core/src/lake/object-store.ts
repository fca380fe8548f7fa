/**
 * A flat store of whole objects under one prefix (an S3 bucket and prefix, in practice). An
 * object appears only when `put` completes, so readers never see half of one: what a lake of
 * part files needs when it cannot rename.
 */
export interface ObjectStore {
  /** Where the objects live, for messages, e.g. `s3://lake/prod`. */
  readonly location: string;
  /** Writes the object at `key` (relative to the store's prefix), replacing any earlier one. */
  put(key: string, body: Uint8Array): Promise<void>;
  /** Every key below `prefix` (relative to the store's prefix). */
  list(prefix: string): Promise<string[]>;
  /** Deletes the keys; missing ones are ignored. */
  delete(keys: readonly string[]): Promise<void>;
}
