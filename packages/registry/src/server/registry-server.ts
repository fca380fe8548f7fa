import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InfrastructureError, createCompatibilityChecker } from '@meshkit/core';
import { ErrorCode, RegistryHttpError, badRequest } from './registry-errors.js';
import { FileRegistryLog } from './file-registry-log.js';
import type { LogRecovery } from './file-registry-log.js';
import { MemoryRegistryLog } from './memory-registry-log.js';
import type { RegistryLog } from './registry-log.js';
import { RegistryService } from './registry-service.js';
import type { RegistryResponse } from './registry-service.js';
import type { RegistryCompatibilityChecker } from './schema-engine.js';

export const REGISTRY_CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const ACCEPTED_TYPES = [
  'application/vnd.schemaregistry.v1+json',
  'application/vnd.schemaregistry+json',
  'application/json',
  'application/octet-stream',
];

export interface RegistryServerOptions {
  /** Default 127.0.0.1: the registry has no TLS, so it is not exposed unless asked. */
  host?: string;
  /** Default 8081; 0 picks a free port. */
  port?: number;
  /** Folder of the append-only log; without it the registry lives in memory only. */
  dataDir?: string;
  /** HTTP basic auth required on every request when set. */
  auth?: { username: string; password: string };
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Default: core's engine, without a verdict cache (candidates are mostly new schemas). */
  checker?: RegistryCompatibilityChecker;
}

export interface RunningRegistryServer {
  url: string;
  host: string;
  port: number;
  /** What the data folder's log held at start (records replayed, torn bytes cut off). */
  recovery: LogRecovery;
  stats(): { subjects: number; schemas: number };
  close(): Promise<void>;
}

/**
 * Starts the Confluent-compatible registry on node:http. Resolves once it listens; every
 * acknowledged change is already fsynced in `<dataDir>/registry.log`.
 */
export const startRegistryServer = async (
  options: RegistryServerOptions,
): Promise<RunningRegistryServer> => {
  const host = options.host ?? '127.0.0.1';
  let log: RegistryLog;
  let recovery: LogRecovery = { records: 0, truncatedBytes: 0 };
  if (options.dataDir) {
    const fileLog = await FileRegistryLog.open(options.dataDir);
    recovery = fileLog.recovery;
    log = fileLog;
  } else {
    log = new MemoryRegistryLog();
  }
  const service = await RegistryService.open(
    log,
    options.checker ?? createCompatibilityChecker({ cache: false }),
  );
  const handler = createRegistryHandler(service, options);
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        send(res, {
          status: 500,
          body: { error_code: ErrorCode.StoreError, message: String(error) },
        });
      else res.destroy();
    });
  });
  try {
    await listen(server, options.port ?? 8081, host);
  } catch (error) {
    await service.close();
    throw new InfrastructureError(
      'REGISTRY_LISTEN_FAILED',
      `cannot listen on ${host}:${options.port ?? 8081}: ${(error as Error).message}; pick another --port or stop what uses it`,
      { cause: error },
    );
  }
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    recovery,
    stats: () => service.stats(),
    close: () => {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await service.close();
      })();
      return closing;
    },
  };
};

const listen = (server: Server, port: number, host: string): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

const send = (res: ServerResponse, response: RegistryResponse, close = false): void => {
  const text = JSON.stringify(response.body);
  const headers: Record<string, string | number> = {
    'Content-Type': REGISTRY_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
  };
  if (response.status === 401) headers['WWW-Authenticate'] = 'Basic realm="SchemaRegistry"';
  if (close) headers.Connection = 'close';
  res.writeHead(response.status, headers);
  res.end(text);
};

const errorResponse = (error: RegistryHttpError): RegistryResponse => ({
  status: error.status,
  body: { error_code: error.errorCode, message: error.message },
});

/** Checks auth, content type, size and JSON, then hands the request to the service. */
export const createRegistryHandler = (
  service: RegistryService,
  options: Pick<RegistryServerOptions, 'auth' | 'bodyLimit'>,
) => {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const expected = options.auth
    ? Buffer.from(
        `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`,
      )
    : undefined;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (expected) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        req.resume();
        send(
          res,
          errorResponse(
            new RegistryHttpError(
              401,
              ErrorCode.Unauthorized,
              req.headers.authorization
                ? 'Unauthorized: wrong user name or password'
                : 'Unauthorized: this registry requires HTTP basic auth (curl -u user:password, or basicAuthCredentials in the client)',
            ),
          ),
        );
        return;
      }
    }
    const method = (req.method ?? 'GET').toUpperCase();
    let segments: string[];
    let query: URLSearchParams;
    try {
      const url = new URL(req.url ?? '/', 'http://registry');
      query = url.searchParams;
      segments = url.pathname
        .split('/')
        .filter((s) => s !== '')
        .map((s) => decodeURIComponent(s));
    } catch {
      req.resume();
      send(res, errorResponse(badRequest(`Malformed request path ${JSON.stringify(req.url)}`)));
      return;
    }

    let body: unknown;
    if (method === 'POST' || method === 'PUT') {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== '' && !ACCEPTED_TYPES.includes(type)) {
        req.resume();
        send(
          res,
          errorResponse(
            new RegistryHttpError(
              415,
              415,
              `HTTP 415 Unsupported Media Type: Content-Type ${type} is not accepted; send -H 'Content-Type: ${REGISTRY_CONTENT_TYPE}' (or application/json)`,
            ),
          ),
        );
        return;
      }
      const read = await readBody(req, limit);
      if (!read.ok) {
        // The rest of an oversized body is not read: answer and drop the connection.
        send(
          res,
          errorResponse(
            new RegistryHttpError(
              413,
              413,
              `Request body is larger than the limit of ${limit} bytes; send a smaller schema or raise the server's body limit`,
            ),
          ),
          true,
        );
        req.destroy();
        return;
      }
      const text = read.text;
      if (text.trim() !== '') {
        try {
          body = JSON.parse(text);
        } catch (error) {
          send(
            res,
            errorResponse(
              badRequest(
                `Request body is not valid JSON (${(error as Error).message}); send a JSON object such as {"schema": "{\\"type\\": \\"string\\"}"}`,
              ),
            ),
          );
          return;
        }
      }
    } else {
      req.resume();
    }
    send(res, await service.handle({ method, segments, query, body }));
  };
};

const readBody = (
  req: IncomingMessage,
  limit: number,
): Promise<{ ok: true; text: string } | { ok: false }> =>
  new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      resolve({ ok: false });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve({ ok: false });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (size <= limit) resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', reject);
  });
