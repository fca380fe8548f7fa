// vitest globalSetup of the `integration` project: starts Kafka and moto through
// tools/services/*.sh (idempotent) and, on teardown, stops only what test runs started.
// Several runs may share the servers at once, so each start takes a lease (this process's pid)
// and each teardown releases it: the last run out stops a server launched for tests, and a
// server someone started by hand stays up. MESH_KEEP_SERVICES=1 leaves the servers running.
// A missing prerequisite fails the run naming it: integration tests never pass by skipping.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolveServices } from './services.js';

const SERVICES_DIR = fileURLToPath(new URL('../services/', import.meta.url));
// Above the scripts' own bounds (Kafka waits 120 s for readiness; a first run also downloads).
const SCRIPT_TIMEOUT_MS = 600_000;

export type ServiceName = 'kafka' | 'moto';

interface Prerequisite {
  readonly command: string;
  readonly service: ServiceName;
  readonly fix: string;
}

const PREREQUISITES: readonly Prerequisite[] = [
  {
    command: 'java',
    service: 'kafka',
    fix: 'install Java 17 or newer (Debian: apt-get install openjdk-17-jre-headless)',
  },
  {
    command: 'mvn',
    service: 'kafka',
    fix: 'install Maven (Debian: apt-get install maven); it fetches the Kafka jars once',
  },
  {
    command: 'python3',
    service: 'moto',
    fix: 'install Python 3 with venv (Debian: apt-get install python3 python3-venv)',
  },
];

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** The prerequisites of `services` that `isOnPath` cannot find, each with its fix. */
export function missingPrerequisites(
  services: readonly ServiceName[],
  isOnPath: (command: string) => boolean = onPath,
): string[] {
  return PREREQUISITES.filter((p) => services.includes(p.service) && !isOnPath(p.command)).map(
    (p) => `'${p.command}' (needed for ${p.service}) is not on PATH: ${p.fix}`,
  );
}

interface ScriptResult {
  readonly code: number | null;
  readonly output: string;
}

function runScript(
  service: ServiceName,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${SERVICES_DIR}${service}.sh`, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      // Progress matters on a first run, which downloads for a while.
      process.stderr.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGTERM'), SCRIPT_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(
        new Error(`could not run tools/services/${service}.sh ${args.join(' ')}: ${error.message}`),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export default async function setup(): Promise<() => Promise<void>> {
  const addresses = resolveServices();
  const wanted: ServiceName[] = [];
  // An address given in the environment is someone else's service: use it, do not start one.
  if (!addresses.kafkaExternal) wanted.push('kafka');
  if (!addresses.motoExternal) wanted.push('moto');

  const missing = missingPrerequisites(wanted);
  if (missing.length > 0) {
    throw new Error(
      `integration tests need real services, and their prerequisites are missing:\n  ${missing.join('\n  ')}`,
    );
  }

  const lease = String(process.pid);
  const keep = process.env['MESH_KEEP_SERVICES'] === '1';
  // Without a lease a start counts as by hand, so nothing stops the server afterwards.
  const env: NodeJS.ProcessEnv = keep
    ? { ...process.env, MESH_SERVICE_LEASE: '' }
    : { ...process.env, MESH_SERVICE_LEASE: lease };
  const results = await Promise.all(
    wanted.map(async (service) => ({ service, result: await runScript(service, ['start'], env) })),
  );

  const teardown = async (): Promise<void> => {
    if (keep) return;
    for (const service of wanted) await runScript(service, ['release', lease]);
  };

  const failed = results.filter((r) => r.result.code !== 0);
  if (failed.length > 0) {
    await teardown();
    throw new Error(
      failed
        .map(
          (f) =>
            `tools/services/${f.service}.sh start failed (exit ${String(f.result.code)}):\n${f.result.output.trim()}`,
        )
        .join('\n\n'),
    );
  }
  return teardown;
}
