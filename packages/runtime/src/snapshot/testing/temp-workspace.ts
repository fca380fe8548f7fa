import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

/**
 * Adds `count` generated products (product.yaml + one contract each, ten per domain) so a create
 * has enough files to be interrupted half-way. `tag` changes the contracts' bytes.
 */
export const addGeneratedProducts = async (
  root: string,
  count: number,
  tag = 'v1',
): Promise<void> => {
  for (let i = 0; i < count; i++) {
    const domain = `gen-${Math.floor(i / 10)}`;
    const dir = join(root, 'domains', domain, `product-${i}`);
    await mkdir(join(dir, 'contracts'), { recursive: true });
    if (i % 10 === 0)
      await writeFile(
        join(root, 'domains', domain, 'domain.yaml'),
        `apiVersion: meshkit/v1\nkind: Domain\nname: ${domain}\n`,
      );
    await writeFile(
      join(dir, 'product.yaml'),
      `apiVersion: meshkit/v1\nkind: DataProduct\ndomain: ${domain}\nname: product-${i}\noutputPorts:\n  - { name: events, version: 1.0.0, contract: contracts/events.avsc }\n`,
    );
    await writeFile(
      join(dir, 'contracts', 'events.avsc'),
      `${JSON.stringify({ type: 'record', name: 'Event', namespace: `${domain}.p${i}`, doc: `${tag} ${'x'.repeat(i % 50)}`, fields: [{ name: 'id', type: 'string' }] })}\n`,
    );
  }
};
