import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryServer } from './registry-server.js';

const loader = fileURLToPath(new URL('../testing/ts-loader.mjs', import.meta.url));
const child = fileURLToPath(new URL('./__fixtures__/serve-child.ts', import.meta.url));
const ROUNDS = 10;
const WORKERS = 6;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mesh-registry-crash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const startChild = (dataDir: string): Promise<{ proc: ChildProcess; url: string }> =>
  new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', loader, child, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`registry child did not start within 30 s: ${stderr}`));
    }, 30_000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`registry child exited with ${code}: ${stderr}`));
    });
    createInterface({ input: proc.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ proc, url: (JSON.parse(line) as { url: string }).url });
    });
  });

interface Ack {
  subject: string;
  schema: string;
  id: number;
  version: number;
}

describe('registry durability', () => {
  it(`keeps every acknowledged registration with its id across ${ROUNDS} SIGKILLs mid-stream`, async () => {
    const acked: Ack[] = [];
    let serial = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const { proc, url } = await startChild(dir);
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      let stop = false;
      const worker = async (w: number): Promise<void> => {
        while (!stop) {
          const n = serial++;
          const subject = `crash-${w}-value`;
          const schema = JSON.stringify({
            type: 'record',
            name: 'R',
            fields: [
              { name: 'f', type: 'long' },
              { name: `x${n}`, type: 'int', default: n },
            ],
          });
          try {
            const res = await fetch(`${url}/subjects/${subject}/versions`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
              body: JSON.stringify({ schema }),
            });
            const body = (await res.json()) as { id: number; version: number };
            if (res.status === 200) acked.push({ subject, schema, ...body });
            else throw new Error(`unexpected ${res.status}: ${JSON.stringify(body)}`);
          } catch (error) {
            // The server died under the request: nothing was acknowledged.
            if (stop) return;
            throw error;
          }
        }
      };
      const before = acked.length;
      const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
      // Kill at a different moment each round, once registrations are flowing.
      while (acked.length < before + 5) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20 + ((round * 37) % 150)));
      stop = true;
      proc.kill('SIGKILL');
      await exited;
      await Promise.all(workers);
    }
    expect(acked.length).toBeGreaterThan(ROUNDS * 5);

    const server = await startRegistryServer({
      port: 0,
      dataDir: dir,
    });
    try {
      const ids = new Set(acked.map((a) => a.id));
      expect(ids.size).toBe(acked.length);
      for (const ack of acked) {
        const res = await fetch(`${server.url}/subjects/${ack.subject}/versions/${ack.version}`);
        expect(res.status).toBe(200);
        const got = (await res.json()) as { id: number; schema: string };
        expect(got.id).toBe(ack.id);
        expect(JSON.parse(got.schema)).toEqual(JSON.parse(ack.schema));
      }
    } finally {
      await server.close();
    }
  }, 240_000);
});
