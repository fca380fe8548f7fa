// Shared pieces of the bench harness: whole-process timing with peak memory, and result rows.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const benchDir = `${repoRoot}.bench`;
export const meshBin = `${repoRoot}packages/cli/dist/bin.js`;

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a command to completion and measures it from outside, as a user would: wall time, and
 * peak resident memory (from GNU time when the machine has it).
 */
export const timeProcess = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    const useTime = existsSync(GNU_TIME);
    const file = useTime ? GNU_TIME : command;
    const argv = useTime ? ['-f', '__bench_rss_kb=%M', command, ...args] : args;
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const m = /__bench_rss_kb=(\d+)/.exec(stderr);
      resolve({
        ms,
        status,
        stdout,
        stderr: stderr.replace(/__bench_rss_kb=\d+\n?/, ''),
        peakRssMb: m ? Number(m[1]) / 1024 : undefined,
      });
    });
  });

/** Best of `n` runs: the least disturbed measurement on a shared machine. */
export const bestOf = async (n, fn) => {
  let best;
  for (let i = 0; i < n; i++) {
    const r = await fn();
    if (!best || r.ms < best.ms) best = r;
  }
  return best;
};

/** One result row, in the harness's fixed shape. */
export const row = ({
  scenario,
  metric,
  value,
  unit,
  baseline = null,
  baselineValue = null,
  target = null,
  lowerIsBetter = true,
}) => {
  const round = (x) => (x === null || x === undefined ? null : Math.round(x * 1000) / 1000);
  const ratio = baselineValue ? round(value / baselineValue) : null;
  const meetsTarget = target === null ? null : lowerIsBetter ? value <= target : value >= target;
  return {
    scenario,
    metric,
    value: round(value),
    unit,
    baseline,
    baselineValue: round(baselineValue),
    ratio,
    target,
    meetsTarget,
  };
};

export const assertOk = (result, what) => {
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${what} exited with ${result.status}: ${result.stderr.slice(0, 2000)}`);
  return result;
};

/** For baselines, which must succeed: any non-zero exit is a broken measurement. */
export const exactlyOk = (result, what) => {
  if (result.status !== 0)
    throw new Error(`${what} exited with ${result.status}: ${result.stderr.slice(0, 2000)}`);
  return result;
};
