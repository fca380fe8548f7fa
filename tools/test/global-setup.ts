// vitest globalSetup of the `integration` project: starts Kafka and moto through
// tools/services/*.sh (idempotent) and, on teardown, stops only the services it started.
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

function runScript(service: ServiceName, action: 'start' | 'stop'): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${SERVICES_DIR}${service}.sh`, [action], {
      stdio: ['ignore', 'pipe', 'pipe'],
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
      reject(new Error(`could not run tools/services/${service}.sh ${action}: ${error.message}`));
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

  const started: ServiceName[] = [];
  const results = await Promise.all(
    wanted.map(async (service) => {
      const result = await runScript(service, 'start');
      // The script says "starting" only when it launched the server itself, under its lock; a
      // server that was already up (another run's, or the developer's) is left running.
      if (/^\w+: starting /m.test(result.output)) started.push(service);
      return { service, result };
    }),
  );

  const teardown = async (): Promise<void> => {
    if (process.env['MESH_KEEP_SERVICES'] === '1') return;
    for (const service of started) await runScript(service, 'stop');
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
