import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The whole path a domain team takes, in a throwaway git repository: generate, commit, change a
// contract, and let `nx affected -t contract-test` judge it. Runs the built packages.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const NX = join(repoRoot, 'node_modules/nx/dist/bin/nx.js');
const BUILT = ['packages/cli/dist/bin.js', 'packages/nx-plugin/dist/index.js'];
const STEP_TIMEOUT_MS = 120_000;

let dir: string;

const run = (file: string, args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(file, args, {
    cwd: dir,
    encoding: 'utf8',
    timeout: STEP_TIMEOUT_MS,
    env: {
      ...process.env,
      NX_DAEMON: 'false',
      NX_ISOLATE_PLUGINS: 'false',
      NX_NO_CLOUD: 'true',
      NX_TUI: 'false',
      CI: 'true',
      FORCE_COLOR: '0',
      ...env,
    },
  });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
};
const nx = (...args: string[]) => run(process.execPath, [NX, ...args]);
const git = (...args: string[]) =>
  run('git', [
    '-c',
    'user.email=e2e@example.com',
    '-c',
    'user.name=e2e',
    '-c',
    'commit.gpgsign=false',
    ...args,
  ]);
const ok = (r: { status: number | null; output: string }) => {
  expect(r.status, r.output).toBe(0);
  return r.output;
};

const CONTRACT = 'domains/sales/orders/contracts/orders.avsc';
const addField = (field: Record<string, unknown>) => {
  const schema = JSON.parse(readFileSync(join(dir, CONTRACT), 'utf8'));
  schema.fields.push(field);
  writeFileSync(join(dir, CONTRACT), JSON.stringify(schema, null, 2));
};

beforeAll(() => {
  const missing = BUILT.filter((f) => !existsSync(join(repoRoot, f)));
  if (missing.length)
    throw new Error(
      `the end-to-end test runs the built packages, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing: run "npx tsc -b tsconfig.build.json" first`,
    );
  dir = mkdtempSync(join(tmpdir(), 'meshkit-e2e-'));
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'e2e-mesh', private: true }));
  writeFileSync(
    join(dir, 'nx.json'),
    JSON.stringify({ plugins: ['@meshkit/nx-plugin'], defaultBase: 'main' }),
  );
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n.nx\n.mesh\n');
  ok(git('init', '-q', '-b', 'main'));
}, STEP_TIMEOUT_MS);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a domain team’s pull request, end to end', () => {
  it(
    'generates a domain and two products, one consuming the other, and commits them',
    () => {
      ok(nx('g', '@meshkit/nx-plugin:domain', 'sales', '--owner=sales-data', '--no-interactive'));
      ok(
        nx(
          'g',
          '@meshkit/nx-plugin:product',
          'orders',
          '--domain=sales',
          '--description=Every order placed in the web shop.',
          '--no-interactive',
        ),
      );
      ok(
        nx(
          'g',
          '@meshkit/nx-plugin:product',
          'revenue',
          '--domain=sales',
          '--description=Revenue per day, from the orders.',
          '--consumes=sales/orders/orders',
          '--no-interactive',
        ),
      );
      expect(ok(nx('show', 'projects')).split('\n').filter(Boolean).sort()).toEqual([
        'sales-orders',
        'sales-revenue',
      ]);
      ok(git('add', '-A'));
      ok(git('commit', '-q', '-m', 'feat: orders and revenue'));
    },
    4 * STEP_TIMEOUT_MS,
  );

  it(
    'fails an incompatible change upstream, naming product, port, rule and downstream',
    () => {
      addField({ name: 'channel', type: 'string', doc: 'Sales channel.' });
      const r = nx('affected', '-t', 'contract-test', '--base=HEAD', '--outputStyle=static');
      expect(r.status, r.output).not.toBe(0);
      expect(r.output).toContain('sales-orders:contract-test');
      expect(r.output).toMatch(
        /domains\/sales\/orders\/contracts\/orders\.avsc:\d+:\d+: error: orders 1\.0\.0 is not BACKWARD_TRANSITIVE.*breaks downstream sales\/revenue \[field-added-without-default\]/,
      );
      // The downstream product is affected too, and its own gate passes.
      expect(r.output).toContain('mesh breaking sales/revenue');
      expect(r.output).toMatch(/Failed tasks:\s+- sales-orders:contract-test\s/);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'passes a compatible change with a minor version bump',
    () => {
      ok(git('checkout', '-q', '--', '.'));
      addField({ name: 'channel', type: ['null', 'string'], default: null, doc: 'Sales channel.' });
      const yaml = join(dir, 'domains/sales/orders/product.yaml');
      writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('version: 1.0.0', 'version: 1.1.0'));
      const out = ok(nx('affected', '-t', 'contract-test', '--base=HEAD', '--outputStyle=static'));
      expect(out).toContain('Successfully ran target contract-test for 2 projects');
    },
    STEP_TIMEOUT_MS,
  );
});
