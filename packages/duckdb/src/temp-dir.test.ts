import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTempDir } from './temp-dir.js';

// Signals are tested in a child process running the built module (`npx tsc -b packages/duckdb`).
const built = fileURLToPath(new URL('../dist/temp-dir.js', import.meta.url));

describe('createTempDir', () => {
  it('removes the folder when done, once', async () => {
    const t = await createTempDir('meshkit-test-');
    expect(existsSync(t.path)).toBe(true);
    await t.remove();
    await t.remove();
    expect(existsSync(t.path)).toBe(false);
  });

  it('removes the folder when the process is killed with SIGTERM, and still dies of it', () => {
    expect(existsSync(built), 'build packages/duckdb first: npx tsc -b packages/duckdb').toBe(true);
    const child = spawnSync(
      'node',
      [
        '--input-type=module',
        '-e',
        `const { createTempDir } = await import(${JSON.stringify(built)});
         const t = await createTempDir('meshkit-test-');
         process.stdout.write(t.path);
         process.kill(process.pid, 'SIGTERM');
         await new Promise((r) => setTimeout(r, 5000));`,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(child.signal).toBe('SIGTERM');
    expect(child.stdout).toMatch(/meshkit-test-/);
    expect(existsSync(child.stdout)).toBe(false);
  });
});
