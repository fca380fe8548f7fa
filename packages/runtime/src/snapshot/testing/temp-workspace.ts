import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The small workspace the snapshot tests copy: two products, their contracts, a waiver file. */
export const SNAPSHOT_FIXTURE = fileURLToPath(
  new URL('../__fixtures__/workspace', import.meta.url),
);

export interface TempWorkspace {
  /** The temporary folder; the workspace is `root`, a sibling `scratch` is free for stores. */
  base: string;
  root: string;
  cleanup: () => Promise<void>;
}

/** Copies the fixture workspace into a fresh folder under the OS temp directory. */
export const createTempWorkspace = async (prefix = 'mesh-snapshot-'): Promise<TempWorkspace> => {
  const base = await mkdtemp(join(tmpdir(), prefix));
  const root = join(base, 'workspace');
  // The fixture lives under src/ in tests and is not copied to dist/; read it from src either way.
  const source = SNAPSHOT_FIXTURE.replace(`${join('runtime', 'dist')}`, join('runtime', 'src'));
  await cp(source, root, { recursive: true });
  return { base, root, cleanup: () => rm(base, { recursive: true, force: true }) };
};

/** Every regular file under `dir` with its bytes, keyed by POSIX path relative to `dir`. */
export const readTree = async (dir: string): Promise<Map<string, Buffer>> => {
  const out = new Map<string, Buffer>();
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile())
        out.set(relative(dir, path).split('\\').join('/'), await readFile(path));
    }
  };
  await walk(dir);
  return out;
};
