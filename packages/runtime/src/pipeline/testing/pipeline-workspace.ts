import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolvePipeline } from '../run-pipeline.js';

/** The repository root (tests run from src/, the built copy from dist/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

export interface PipelineWorkspace {
  root: string;
  /** The lake folder the workspace's mesh.config.yaml points at. */
  lake: string;
  /** The sink port's contract version (the highest major of the port). */
  contractVersion: string;
  cleanup: () => Promise<void>;
}

/**
 * A temporary workspace with the repository's shared contracts and the sales domain (orders
 * needs customers), so pipeline tests can change sales/orders' pipeline block freely.
 */
export const createPipelineWorkspace = async (
  options: { pipeline?: string; transform?: string; files?: Record<string, string> } = {},
): Promise<PipelineWorkspace> => {
  const root = await mkdtemp(join(tmpdir(), 'mesh-pipeline-'));
  await cp(join(REPO_ROOT, 'contracts'), join(root, 'contracts'), { recursive: true });
  await cp(join(REPO_ROOT, 'domains', 'sales'), join(root, 'domains', 'sales'), {
    recursive: true,
  });
  await writeFile(
    join(root, 'mesh.config.yaml'),
    'apiVersion: meshkit/v1\nkind: MeshConfig\nlake:\n  url: file://.mesh/lake\n',
  );
  const productFile = join(root, 'domains', 'sales', 'orders', 'product.yaml');
  if (options.pipeline) {
    const text = await readFile(productFile, 'utf8');
    const at = text.indexOf('\npipeline:');
    await writeFile(productFile, `${text.slice(0, at)}\n${options.pipeline.trim()}\n`);
  }
  if (options.transform !== undefined)
    await writeFile(join(root, 'domains', 'sales', 'orders', 'transform.ts'), options.transform);
  for (const [path, text] of Object.entries(options.files ?? {}))
    await writeFile(join(root, path), text);
  // The sink is the port's highest major, whichever the copied product has.
  let lakePath = 'sales/orders/orders/v1';
  let contractVersion = '';
  try {
    const resolved = await resolvePipeline(root, 'sales/orders');
    lakePath = resolved.names.lakePath;
    contractVersion = resolved.port.version;
  } catch {
    // A workspace without a pipeline block: nothing is written.
  }
  return {
    root,
    lake: join(root, '.mesh', 'lake', lakePath),
    contractVersion,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
};

const fixture = async (name: string): Promise<Record<string, unknown>[]> =>
  (await readFile(join(REPO_ROOT, 'domains', 'sales', 'orders', 'fixtures', name), 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** A uuid made from a number, so generated records have known, distinct ids. */
export const numberedUuid = (n: number, prefix = 'a'): string => {
  const hex = n.toString(16).padStart(12, '0');
  return `${prefix.repeat(8).slice(0, 8)}-0000-4000-8000-${hex}`;
};

/**
 * `good` valid order records with ids numberedUuid(0..good-1) and `bad` invalid ones (the bad
 * fixtures in turn), as JSON lines, interleaved deterministically.
 */
export const orderLines = async (
  good: number,
  bad: number,
  prefix = 'a',
): Promise<{ lines: string[]; goodIds: string[]; badLines: string[] }> => {
  const goods = await fixture('orders.jsonl');
  const bads = await fixture('orders.bad.jsonl');
  const goodIds: string[] = [];
  const out: string[] = [];
  const badLines: string[] = [];
  const every = bad > 0 ? Math.max(1, Math.floor((good + bad) / bad)) : Infinity;
  let g = 0;
  let b = 0;
  for (let i = 0; g < good || b < bad; i++) {
    if (b < bad && (i % every === every - 1 || g >= good)) {
      const line = JSON.stringify({ ...bads[b % bads.length]!, order_number: `SO-BAD-${b}` });
      badLines.push(line);
      out.push(line);
      b++;
    } else {
      const id = numberedUuid(g, prefix);
      goodIds.push(id);
      out.push(JSON.stringify({ ...goods[g % goods.length]!, order_id: id }));
      g++;
    }
  }
  return { lines: out, goodIds, badLines };
};

/** Every order_id in the part files under `dir`, read with DuckDB (one entry per row). */
export const lakeOrderIds = async (dir: string): Promise<string[]> => {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    const reader = await c.runAndReadAll(
      `SELECT order_id FROM read_parquet('${dir.replace(/'/g, "''")}/**/*.parquet', hive_partitioning = true)`,
    );
    return reader.getRowObjects().map((r) => String(r.order_id));
  } catch (error) {
    if (String(error).includes('No files found')) return [];
    throw error;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
};
