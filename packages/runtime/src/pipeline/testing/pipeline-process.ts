import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './pipeline-workspace.js';

export const MESH_BIN = join(REPO_ROOT, 'packages', 'cli', 'dist', 'bin.js');

export interface PipelineProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Arguments of a pipeline run over `topic` on `brokers` from the beginning, with its own group and
 * dead-letter topic, and fetches of at most `maxBatchBytes` per partition (many small batches).
 */
export const pipelineArgs = (
  brokers: readonly string[],
  topic: string,
  maxBatchBytes: number,
  logLevel: 'info' | 'warn',
): string[] => [
  '--brokers',
  brokers.join(','),
  '--topic',
  topic,
  '--dead-letter-topic',
  `${topic}.dlq`,
  '--group',
  `${topic}-group`,
  '--from-beginning',
  '--max-batch-bytes',
  String(maxBatchBytes),
  '--log-level',
  logLevel,
];

/** Starts `mesh pipeline run ...` as its own process in the workspace at `root`. */
export const startPipelineProcess = (root: string, args: readonly string[]): PipelineProcess => {
  if (!existsSync(MESH_BIN))
    throw new Error(`${MESH_BIN} is missing: build first with \`npx tsc -b tsconfig.build.json\``);
  const child = spawn(process.execPath, [MESH_BIN, 'pipeline', 'run', 'sales/orders', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    // Keep the tail only: a long run logs a lot.
    err = (err + d.toString()).slice(-20_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
};

/** Waits for the exit, killing the process (and failing) after `timeoutMs`. */
export const waitForExit = async (p: PipelineProcess, timeoutMs: number) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      p.child.kill('SIGKILL');
      reject(
        new Error(`pipeline process did not exit in ${timeoutMs} ms; stderr tail:\n${p.stderr()}`),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([p.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A small seeded generator, so a failing run can be repeated with the same kill moments. */
export const seededRandom = (seed: number) => {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
};
