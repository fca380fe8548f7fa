/** One entry of a folder listing. Symlinks are reported as such and never followed by listing. */
export interface DirEntry {
  name: string;
  kind: 'file' | 'dir' | 'symlink' | 'other';
}

/**
 * The file access the workspace loader needs, relative to the workspace root with `/` separators.
 * Core stays free of `node:fs`: runtime passes a disk implementation, tests an in-memory one.
 */
export interface WorkspaceFs {
  /** Shown in messages, e.g. the absolute root folder. */
  readonly root: string;
  /** The bytes of a file, or `undefined` when there is no such file. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** The entries of a folder, or `undefined` when there is no such folder. */
  list(dir: string): Promise<DirEntry[] | undefined>;
  /**
   * The path with every symlink resolved, relative to the root, or `undefined` when the target
   * is missing or lies outside the root.
   */
  realpath(path: string): Promise<string | undefined>;
}
