import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { loadMeshConfig } from '../config/mesh-config.js';
import { buildCatalogSite, type BuildCatalogSiteResult } from './build-catalog-site.js';

export interface ServeCatalogOptions {
  root: string;
  out: string;
  port: number;
  /** Quiet time after the last change before a rebuild. */
  debounceMs?: number;
  onBuild?: (result: BuildCatalogSiteResult) => void;
  onError?: (error: unknown) => void;
}

export interface ServedCatalog {
  url: string;
  /** Resolves when the rebuild in progress (if any) and any queued one are done. */
  settled: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * `mesh catalog serve`: builds, serves on 127.0.0.1 and rebuilds when domains/ or contracts/
 * change. Changes during a rebuild queue exactly one more.
 */
export const serveCatalog = async (o: ServeCatalogOptions): Promise<ServedCatalog> => {
  const first = await buildCatalogSite({ root: o.root, out: o.out });
  o.onBuild?.(first);
  const { startCatalogServer } = await import('@meshkit/catalog');
  const server = await startCatalogServer(first.outDir, o.port);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let queued = false;
  let busy = false;
  const rebuild = (): void => {
    if (busy) {
      queued = true;
      return;
    }
    busy = true;
    running = buildCatalogSite({ root: o.root, out: o.out })
      .then(
        (r) => o.onBuild?.(r),
        (e: unknown) => o.onError?.(e),
      )
      .finally(() => {
        busy = false;
        if (queued) {
          queued = false;
          rebuild();
        }
      });
  };
  const onChange = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      rebuild();
    }, o.debounceMs ?? 250);
  };
  const watchers: FSWatcher[] = [];
  const config = await loadMeshConfig(o.root);
  for (const dir of [config.domainsDir, 'contracts']) {
    try {
      const w = watch(join(o.root, dir), { recursive: true }, onChange);
      w.on('error', (e) => o.onError?.(e));
      watchers.push(w);
    } catch {
      // A workspace without contracts/ has nothing there to watch.
    }
  }
  return {
    url: server.url,
    settled: async () => {
      for (let i = 0; i < 600 && (busy || timer || queued); i++)
        await new Promise((r) => setTimeout(r, 50));
      await running;
    },
    close: async () => {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
      await running;
      await server.close();
    },
  };
};
