import type { Sla, QualityRule } from '../model/descriptor.js';
import type { QualityFindingContext, QualityReport } from './evaluate.js';

/** A dataset to check: a file, a folder or a glob of Parquet, JSON Lines or CSV files. */
export interface DatasetRef {
  /** Absolute local path, folder or glob (after any remote fetch). */
  location: string;
  /** Taken from the file extension when left out. */
  format?: 'parquet' | 'jsonl' | 'csv';
  /** Read `key=value` folders as columns. Default true. */
  hivePartitioning?: boolean;
  /** Keep only rows whose partition columns equal these values (`--filter k=v`). */
  filter?: Record<string, string>;
  /** Shown in reports instead of `location`, e.g. the s3:// URL it was fetched from. */
  label?: string;
}

export interface QualityRunInput {
  dataset: DatasetRef;
  rules: readonly QualityRule[];
  sla?: Sla;
  /** The port's Avro contract (JSON); enables schema conformance, PII masking, column checks. */
  schema?: unknown;
  /** Partition keys the port declares; not reported as extra columns. */
  partitionBy?: readonly string[];
  now?: Date;
  product?: string;
  port?: string;
  /** Files and pointers findings point at (product.yaml, the contract). */
  findingContext?: QualityFindingContext;
}

/** Runs a port's quality plan on a dataset. Implemented by `DuckDbQualityRunner`. */
export interface QualityRunner {
  run(input: QualityRunInput): Promise<QualityReport>;
}

export interface FetchedDataset {
  /** What to read locally: the one file, the folder, or the URL's glob mapped into the folder. */
  location: string;
  /** Local folder holding the objects, keeping their key layout below the URL's prefix. */
  dir: string;
  /** Local paths of the fetched files. */
  files: string[];
  bytes: number;
}

/**
 * Copies a remote dataset (e.g. `s3://bucket/prefix/`, `s3://bucket/key.parquet`,
 * `s3://bucket/prefix/*.parquet`) into a local folder the caller owns and removes.
 * Missing buckets or objects are `InfrastructureError`s.
 */
export interface DatasetFetcher {
  /** URL schemes this fetcher handles, e.g. `['s3']`. */
  readonly schemes: readonly string[];
  fetch(
    url: string,
    targetDir: string,
    options?: {
      signal?: AbortSignal;
      /** Fetch only objects under these `key=value` folders (hive partitions), when a key has one. */
      partitions?: Record<string, string>;
    },
  ): Promise<FetchedDataset>;
}
