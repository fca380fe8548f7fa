import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface TempDir {
  path: string;
  /** Removes the folder; safe to call twice. */
  remove(): Promise<void>;
}

/**
 * A temporary folder that is removed when the caller is done, and also when the process is
 * interrupted (Ctrl-C, SIGTERM) or exits before that: a killed run must not leave gigabytes of
 * fetched data or DuckDB spill files behind. The signal is re-raised after cleaning up.
 */
export const createTempDir = async (prefix: string): Promise<TempDir> => {
  const path = await mkdtemp(join(tmpdir(), prefix));
  const removeNow = (): void => rmSync(path, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals): void => {
    removeNow();
    detach();
    process.kill(process.pid, signal);
  };
  const detach = (): void => {
    for (const s of SIGNALS) process.off(s, onSignal);
    process.off('exit', removeNow);
  };
  for (const s of SIGNALS) process.once(s, onSignal);
  process.once('exit', removeNow);
  let removed = false;
  return {
    path,
    remove: async () => {
      if (removed) return;
      removed = true;
      detach();
      await rm(path, { recursive: true, force: true });
    },
  };
};
