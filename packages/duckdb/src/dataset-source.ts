import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DatasetRef } from '@meshkit/core';
import { InputError, quoteIdentifier, quoteString, sqlLiteral } from '@meshkit/core';

export type DatasetFormat = 'parquet' | 'jsonl' | 'csv';

const EXTENSIONS: Record<string, DatasetFormat> = {
  '.parquet': 'parquet',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.csv': 'csv',
};
const PATTERN_EXT: Record<DatasetFormat, string> = {
  parquet: 'parquet',
  jsonl: 'jsonl',
  csv: 'csv',
};
const GLOB_CHARS = /[*?[{]/;

/** A dataset resolved on local disk: what DuckDB reads and the folder it may read from. */
export interface ResolvedDataset {
  /** A file path or a glob, absolute. */
  pattern: string;
  format: DatasetFormat;
  /** The folder user SQL is confined to (DuckDB `allowed_directories`). */
  baseDir: string;
  label: string;
}

const formatOf = (path: string): DatasetFormat | undefined =>
  EXTENSIONS[extname(path).toLowerCase()];

const isInside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** Finds the format of a folder from the files in it, looking at no more than a few hundred entries. */
const detectFolderFormat = async (dir: string, label: string): Promise<DatasetFormat> => {
  const seen = new Set<DatasetFormat>();
  const queue = [dir];
  let visited = 0;
  while (queue.length > 0 && visited < 500) {
    const current = queue.shift()!;
    const entries = await readdir(current, { withFileTypes: true });
    for (const e of entries) {
      visited++;
      if (e.isDirectory()) queue.push(join(current, e.name));
      else {
        const f = formatOf(e.name);
        if (f) seen.add(f);
      }
    }
  }
  if (seen.size === 1) return [...seen][0]!;
  if (seen.size === 0)
    throw new InputError(
      'QUALITY_DATASET_EMPTY',
      `dataset ${label} holds no .parquet, .jsonl or .csv files; point --data at a file, a folder of them or a glob`,
    );
  throw new InputError(
    'QUALITY_DATASET_MIXED',
    `dataset ${label} mixes ${[...seen].join(' and ')} files; pass a glob such as ${join(label, '**/*.parquet')}`,
  );
};

/**
 * Resolves a dataset to something DuckDB can read, refusing paths outside the allowed roots
 * (symlinks are followed first, so a link cannot lead out).
 */
export const resolveDataset = async (
  ref: DatasetRef,
  allowedRoots: readonly string[],
): Promise<ResolvedDataset> => {
  const label = ref.label ?? ref.location;
  const location = resolve(ref.location);
  const isGlob = GLOB_CHARS.test(location);
  // The folder part before the first wildcard must exist and be inside a root.
  const head = isGlob ? location.slice(0, location.search(GLOB_CHARS)) : location;
  const existing = isGlob ? head.slice(0, head.lastIndexOf(sep) + 1) || sep : head;
  let real: string;
  try {
    real = await realpath(existing);
  } catch {
    throw new InputError(
      'QUALITY_DATASET_NOT_FOUND',
      `dataset ${label} does not exist; check the path (relative paths are resolved from the workspace root)`,
    );
  }
  const roots = await Promise.all(allowedRoots.map((r) => realpath(r).catch(() => resolve(r))));
  if (!roots.some((root) => isInside(real, root)))
    throw new InputError(
      'QUALITY_DATASET_OUTSIDE_ROOTS',
      `dataset ${label} is outside the allowed roots (${roots.join(', ')}); move it under the workspace, or allow its folder (mesh quality --allow-root <dir>, or MESH_QUALITY_ALLOWED_ROOTS)`,
    );

  if (isGlob) {
    const format = ref.format ?? formatOf(location.replace(/[*?]+$/, ''));
    if (!format)
      throw new InputError(
        'QUALITY_DATASET_FORMAT',
        `cannot tell the format of ${label} from its extension; end the glob in .parquet, .jsonl or .csv, or pass --format`,
      );
    const rest = location.slice(existing.length);
    return { pattern: join(real, rest), format, baseDir: real, label };
  }
  const info = await stat(real);
  if (info.isDirectory()) {
    const format = ref.format ?? (await detectFolderFormat(real, label));
    return { pattern: join(real, '**', `*.${PATTERN_EXT[format]}`), format, baseDir: real, label };
  }
  const format = ref.format ?? formatOf(real);
  if (!format)
    throw new InputError(
      'QUALITY_DATASET_FORMAT',
      `cannot tell the format of ${label}; name it .parquet, .jsonl or .csv, or pass --format`,
    );
  if (info.size === 0)
    throw new InputError(
      'QUALITY_DATASET_EMPTY',
      `dataset ${label} is an empty file: there are no rows to check`,
    );
  return { pattern: real, format, baseDir: join(real, '..'), label };
};

/**
 * Every file a glob matched must itself lie inside the allowed roots: a symlink inside the dataset
 * folder must not smuggle a file from elsewhere into the view (and into samples).
 */
export const assertFilesInside = async (
  files: readonly string[],
  allowedRoots: readonly string[],
  label: string,
): Promise<void> => {
  const roots = await Promise.all(allowedRoots.map((r) => realpath(r).catch(() => resolve(r))));
  for (const file of files) {
    const real = await realpath(file).catch(() => file);
    if (!roots.some((root) => isInside(real, root)))
      throw new InputError(
        'QUALITY_DATASET_OUTSIDE_ROOTS',
        `dataset ${label} includes ${file}, which leads to ${real}, outside the allowed roots; remove the link or copy the file into the dataset`,
      );
  }
};

/** The table function reading the files, e.g. `read_parquet([...], hive_partitioning = true)`. */
export const readFunctionSql = (
  files: readonly string[],
  format: DatasetFormat,
  hivePartitioning: boolean,
): string => {
  const list = `[${files.map(quoteString).join(', ')}]`;
  const common = `hive_partitioning = ${hivePartitioning}, union_by_name = true`;
  switch (format) {
    case 'parquet':
      return `read_parquet(${list}, ${common})`;
    case 'jsonl':
      return `read_json(${list}, format = 'newline_delimited', ${common})`;
    case 'csv':
      return `read_csv(${list}, header = true, ${common})`;
  }
};

/** `WHERE "k" = 'v' AND ...` for `--filter`; values are cast by DuckDB to the column's type. */
export const filterSql = (filter: Record<string, string> | undefined): string => {
  const entries = Object.entries(filter ?? {});
  if (entries.length === 0) return '';
  return ` WHERE ${entries.map(([k, v]) => `${quoteIdentifier(k)} = ${sqlLiteral(v)}`).join(' AND ')}`;
};

/** `order_date=2026-01-01` folder names along the files' paths below the base folder. */
export const hiveKeys = (files: readonly string[], baseDir: string): string[] => {
  const keys = new Set<string>();
  for (const f of files.slice(0, 1000))
    for (const part of relative(baseDir, f).split(sep).slice(0, -1)) {
      const eq = part.indexOf('=');
      if (eq > 0) keys.add(part.slice(0, eq));
    }
  return [...keys];
};
