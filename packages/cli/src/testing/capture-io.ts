import { fileURLToPath } from 'node:url';
import type { CliIo } from '../io.js';

/** The repository root and the built binary, for whole-process tests. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const builtBin = `${repoRoot}packages/cli/dist/bin.js`;

/** A `CliIo` that keeps what a command writes, for in-process tests of `run(argv, io)`. */
export const captureIo = (
  cwd: string,
  env: Record<string, string | undefined> = {},
): CliIo & { stdout: () => string; stderr: () => string } => {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    cwd,
    env,
    exitCode: 0,
    stdout: () => out,
    stderr: () => err,
  };
};
