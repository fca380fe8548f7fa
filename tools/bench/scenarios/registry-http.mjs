// Registrations per second and compatibility checks per second against `mesh registry serve` over
// HTTP on loopback, with p50/p99 latency. The registry runs as its own process (the built CLI);
// this process is the load generator, with keep-alive connections and a fixed concurrency.
// Registrations are durable when answered (group-committed fdatasync), so the figure includes
// the disk. Every subject is at BACKWARD, so each registration also runs a compatibility check.
// Baseline: the same requests handed straight to the registry service in this process (no HTTP,
// no disk), so the ratio is what the network and fsync cost.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { row } from '../lib.mjs';

const SCENARIO = 'registry-http';
const CONCURRENCY = 16;
const SUBJECTS = 40;
const REGISTRATIONS = 2_000;
const CHECKS = 3_000;
const WARMUP = 200;

/** A 30-field record, version `v` of subject `s`: each version adds a field with a default. */
const schemaFor = (s, v) =>
  JSON.stringify({
    type: 'record',
    name: `Event${s}`,
    namespace: 'bench.registry',
    fields: [
      { name: 'id', type: 'string' },
      ...Array.from({ length: 29 }, (_, i) => ({
        name: `f${i}`,
        type: ['long', 'string', ['null', 'double'], { type: 'array', items: 'int' }][i % 4],
        ...(i % 4 === 2 ? { default: null } : {}),
      })),
      ...Array.from({ length: v }, (_, i) => ({ name: `added${i}`, type: 'string', default: '' })),
    ],
  });

const startServer = (meshBin, dataDir) =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [meshBin, 'registry', 'serve', '--port', '0', '--data', dataDir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mesh registry serve did not start in 30 s: ${stderr}`));
    }, 30_000);
    child.once('exit', (code) =>
      reject(new Error(`mesh registry serve exited with ${code}: ${stderr}`)),
    );
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (!m) reject(new Error(`unexpected start-up line: ${line}`));
      else resolve({ child, url: new URL(m[1]) });
    });
  });

const registry = await import(new URL('../../../packages/registry/dist/index.js', import.meta.url));
const core = await import(new URL('../../../packages/core/dist/index.js', import.meta.url));

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

const post = (url, path, body) =>
  new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        headers: {
          'Content-Type': 'application/vnd.schemaregistry.v1+json',
          'Content-Length': data.length,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });

/** Runs `jobs` (functions returning a promise) `CONCURRENCY` at a time; returns latencies and wall time. */
const drive = async (jobs) => {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const t0 = performance.now();
      await job();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const wallMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const pct = (p) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { perSecond: (jobs.length / wallMs) * 1000, p50: pct(50), p99: pct(99) };
};

const expectStatus = (res, status, what) => {
  if (res.status !== status)
    throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res;
};

/** The request mix: registrations, then compatibility checks, through `send(path, body)`. */
const workload = async (send) => {
  const versions = new Array(SUBJECTS).fill(0);
  const registration = (i) => {
    const s = i % SUBJECTS;
    const v = versions[s]++;
    return async () =>
      expectStatus(
        await send(`/subjects/bench-${s}-value/versions`, { schema: schemaFor(s, v) }),
        200,
        'register',
      );
  };
  await drive(Array.from({ length: WARMUP }, (_, i) => registration(i)));
  const reg = await drive(
    Array.from({ length: REGISTRATIONS }, (_, i) => registration(WARMUP + i)),
  );
  // Half compatible (one more field with a default), half not (a required field added).
  const check = (i) => {
    const s = i % SUBJECTS;
    const next = JSON.parse(schemaFor(s, versions[s]));
    if (i % 2 === 1) next.fields.push({ name: 'required', type: 'long' });
    const body = { schema: JSON.stringify(next) };
    return async () => {
      const res = expectStatus(
        await send(`/compatibility/subjects/bench-${s}-value/versions/latest?verbose=true`, body),
        200,
        'compatibility check',
      );
      if (res.body.is_compatible !== (i % 2 === 0))
        throw new Error(`unexpected verdict for check ${i}`);
    };
  };
  await drive(Array.from({ length: WARMUP }, (_, i) => check(i)));
  const compat = await drive(Array.from({ length: CHECKS }, (_, i) => check(i)));
  return { reg, compat };
};

const inProcess = async () => {
  const service = await registry.RegistryService.open(
    new registry.MemoryRegistryLog(),
    core.createCompatibilityChecker({ cache: false }),
  );
  return workload(async (path, body) => {
    const url = new URL(path, 'http://x');
    const res = await service.handle({
      method: 'POST',
      segments: url.pathname.split('/').filter(Boolean),
      query: url.searchParams,
      // As the server does: the body arrives as text.
      body: JSON.parse(JSON.stringify(body)),
    });
    return { status: res.status, body: res.body };
  });
};

export const run = async ({ benchDir, meshBin }) => {
  const baseline = await inProcess();
  const dataDir = mkdtempSync(join(benchDir, 'registry-http-'));
  const { child, url } = await startServer(meshBin, dataDir);
  try {
    const { reg, compat } = await workload((path, body) => post(url, path, body));
    const base = { scenario: SCENARIO, baseline: 'in-process service, no HTTP, no fsync' };
    const figure = (metric, value, baselineValue, unit) =>
      row({ ...base, metric, value, baselineValue, unit, lowerIsBetter: unit !== 'ops/s' });
    return [
      figure('registrations_per_s', reg.perSecond, baseline.reg.perSecond, 'ops/s'),
      figure('registration_p50', reg.p50, baseline.reg.p50, 'ms'),
      figure('registration_p99', reg.p99, baseline.reg.p99, 'ms'),
      figure('compat_checks_per_s', compat.perSecond, baseline.compat.perSecond, 'ops/s'),
      figure('compat_check_p50', compat.p50, baseline.compat.p50, 'ms'),
      figure('compat_check_p99', compat.p99, baseline.compat.p99, 'ms'),
    ];
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
};
