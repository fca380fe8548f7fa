import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { serveRegistry } from '@meshkit/runtime';
import type { ServedRegistry } from '@meshkit/runtime';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { run } from '../program.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
// Runs the CLI from source in a child process (types stripped), so the test needs no build.
const loader = join(repo, 'packages/registry/src/testing/ts-loader.mjs');
const binSource = join(repo, 'packages/cli/src/bin.ts');

const capture = (cwd: string, env: Record<string, string> = {}) => {
  let out = '';
  let err = '';
  const io: CliIo & { stdout: () => string; stderr: () => string } = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    cwd,
    env,
    exitCode: 0,
    stdout: () => out,
    stderr: () => err,
  };
  return io;
};

let ws: string;
let server: ServedRegistry;
let serverData: string;
beforeAll(async () => {
  serverData = mkdtempSync(join(tmpdir(), 'mesh-registry-cli-data-'));
  server = await serveRegistry({ root: serverData, data: serverData, port: 0 });
});
afterAll(async () => {
  await server.close();
  rmSync(serverData, { recursive: true, force: true });
});
beforeEach(() => {
  ws = mkdtempSync(join(tmpdir(), 'mesh-registry-cli-'));
  cpSync(join(repo, 'domains'), join(ws, 'domains'), { recursive: true });
  cpSync(join(repo, 'contracts'), join(ws, 'contracts'), { recursive: true });
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

describe('mesh registry push', () => {
  it('registers every example port, then finds nothing to do', async () => {
    const first = capture(ws);
    expect(await run(['registry', 'push', '--url', server.url], first)).toBe(0);
    expect(first.stdout()).toContain(`pushed to registry ${server.url}`);
    expect(first.stdout()).toMatch(
      /sales\.orders\.orders\.v1-value\s+contract \S+\s+BACKWARD_TRANSITIVE \(was the global level\)\s+registered as id \d+, version 1/,
    );
    expect(first.stdout()).toMatch(/ports: [1-9]\d* registered, 0 unchanged, 0 refused/);
    const again = capture(ws, { MESH_REGISTRY_URL: server.url });
    expect(await run(['registry', 'push', 'sales/orders', '--format', 'json'], again)).toBe(0);
    const report = JSON.parse(again.stdout()) as { results: { status: string }[] };
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.every((r) => r.status === 'unchanged')).toBe(true);
  });

  it('writes the embedded registry in .mesh/registry when no URL is known', async () => {
    const io = capture(ws);
    expect(await run(['registry', 'push', 'sales/orders', '--dry-run'], io)).toBe(0);
    expect(io.stdout()).toContain(
      `dry run against registry embedded:${join(ws, '.mesh/registry')}`,
    );
    expect(io.stdout()).toMatch(/would be registered/);
    // A dry run leaves no registry folder behind.
    expect(existsSync(join(ws, '.mesh'))).toBe(false);
  });

  it('exits 2 on a registry URL that is not http(s)', async () => {
    const io = capture(ws);
    expect(await run(['registry', 'push', '--url', 'ftp://x'], io)).toBe(2);
    expect(io.stderr()).toContain('must start with http:// or https://');
  });

  it('exits 3 when the registry cannot be reached', async () => {
    const io = capture(ws);
    expect(await run(['registry', 'push', '--url', 'http://127.0.0.1:1'], io)).toBe(3);
    expect(io.stderr()).toContain('REGISTRY_UNREACHABLE');
  });
});

describe('mesh registry serve', () => {
  it('serves the registry API until SIGTERM, keeping its data in the workspace', async () => {
    const child = spawn(
      process.execPath,
      ['--import', loader, binSource, '-C', ws, 'registry', 'serve', '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up line: ${stderr}`)), 60_000);
      lines.once('line', (line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
    expect(first).toMatch(
      /^mesh registry listening on http:\/\/127\.0\.0\.1:\d+ \(data .*\.mesh\/registry: 0 subjects, 0 schemas\)$/,
    );
    const url = /listening on (\S+)/.exec(first)![1]!;
    const res = await fetch(`${url}/subjects/a-value/versions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema: '"string"' }),
    });
    expect(await res.json()).toEqual({ id: 1, version: 1 });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 90_000);
});
