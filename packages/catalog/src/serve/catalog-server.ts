import { createServer, type Server } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface CatalogServer {
  server: Server;
  /** e.g. `http://127.0.0.1:4400/` */
  url: string;
  close: () => Promise<void>;
}

export type ResolvedPath =
  { kind: 'file'; path: string } | { kind: 'missing' } | { kind: 'outside' };

/**
 * Resolves a request path inside `root`. Anything that would leave it is `outside`: `..`
 * segments (also percent-encoded), backslashes, NUL bytes, and symlinks pointing outside.
 */
export const resolveInside = async (root: string, urlPath: string): Promise<ResolvedPath> => {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return { kind: 'outside' };
  }
  if (path.includes('\0') || path.includes('\\')) return { kind: 'outside' };
  const segments = path.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'outside' };
  const absRoot = resolve(root);
  let target = resolve(absRoot, ...segments);
  if (target !== absRoot && !target.startsWith(absRoot + sep)) return { kind: 'outside' };
  try {
    if ((await stat(target)).isDirectory()) target = resolve(target, 'index.html');
    const real = await realpath(target);
    const realRoot = await realpath(absRoot);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) return { kind: 'outside' };
    return { kind: 'file', path: real };
  } catch {
    return { kind: 'missing' };
  }
};

/**
 * Serves the built site from `dir` on 127.0.0.1 only (GET and HEAD). Files are read per request,
 * so a rebuild shows on the next reload.
 */
export const startCatalogServer = async (dir: string, port: number): Promise<CatalogServer> => {
  const server = createServer((req, res) => {
    const send = (status: number, text: string) => {
      res.writeHead(status, {
        'content-type': 'text/plain; charset=utf-8',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    resolveInside(dir, req.url ?? '/')
      .then(async (found) => {
        if (found.kind === 'outside') return send(403, 'path outside the catalog refused\n');
        if (found.kind === 'missing') return send(404, 'not found\n');
        const file = found.path;
        const body = await readFile(file);
        res.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      })
      .catch(() => send(500, 'could not read the file\n'));
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePromise());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    url: `http://127.0.0.1:${actual}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
};
