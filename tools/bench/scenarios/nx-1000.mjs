// The Nx side of 1,000 generated products, each as a whole process: `nx show projects` (the
// plugin infers every project; target < 3 s) and `nx affected -t contract-test` with one changed
// product (its gate and its downstream products' gates; target < 10 s). Baselines: `nx --version`
// (starting Nx at all) and `mesh breaking` of the one product (the task itself, without Nx).
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { assertOk, benchDir, bestOf, meshBin, repoRoot, row } from '../lib.mjs';
import { generateWorkspace } from '../generate-workspace.mjs';

const NX = join(repoRoot, 'node_modules/nx/dist/bin/nx.js');
const ENV = {
  NX_DAEMON: 'false',
  NX_ISOLATE_PLUGINS: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  CI: 'true',
  FORCE_COLOR: '0',
};
const GNU_TIME = '/usr/bin/time';
// The middle of a lineage chain: product-0002 consumes 0001 and is consumed by 0003 (and 0004).
const CHANGED = 'sales/product-0002';

const git = (cwd, ...args) =>
  execFileSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], {
    cwd,
    stdio: 'pipe',
  });

/** The generated products plus what makes them an Nx workspace using the plugin, committed. */
const nxWorkspace = () => {
  const dir = generateWorkspace(`${benchDir}/nx-1000`, { products: 1000 });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-nx', private: true }));
  writeFileSync(
    join(dir, 'nx.json'),
    JSON.stringify({ plugins: ['@meshkit/nx-plugin'], defaultBase: 'main' }),
  );
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n.nx\n.mesh\n.generated.json\n');
  if (!existsSync(join(dir, 'node_modules')))
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  if (!existsSync(join(dir, '.git'))) {
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'generated products');
  }
  git(dir, 'checkout', '-q', '--', 'domains');
  return dir;
};

/**
 * Wall time plus the CPU seconds (user + system, children included) from GNU time: on a shared
 * machine the CPU figure says what the work costs when the wall time says what waiting costs.
 */
const timeWithCpu = (args, cwd) =>
  new Promise((resolve, reject) => {
    const useTime = existsSync(GNU_TIME);
    // stdout goes to a file: Nx exits right after printing, and whatever a slow pipe reader has
    // not taken yet by then is lost (`nx show projects` lost up to 700 of 1,000 lines that way).
    const outFile = join(benchDir, `nx-1000.${process.pid}.stdout`);
    const out = openSync(outFile, 'w');
    const started = process.hrtime.bigint();
    const child = spawn(
      useTime ? GNU_TIME : 'node',
      useTime ? ['-f', '__bench_cpu=%U %S %M', 'node', ...args] : args,
      { cwd, env: { ...process.env, ...ENV }, stdio: ['ignore', out, 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      closeSync(out);
      const stdout = readFileSync(outFile, 'utf8');
      rmSync(outFile, { force: true });
      const m = /__bench_cpu=([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      resolve({
        ms,
        cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : undefined,
        peakRssMb: m ? Number(m[3]) / 1024 : undefined,
        status,
        stdout,
        stderr,
      });
    });
  });

/** A compatible change with the matching minor bump: what a typical pull request holds. */
const changeOneProduct = (dir) => {
  const pdir = join(dir, 'domains', CHANGED);
  const contract = join(pdir, 'contracts/main.avsc');
  const schema = JSON.parse(readFileSync(contract, 'utf8'));
  schema.fields.push({ name: 'bench_note', type: ['null', 'string'], default: null, doc: 'Note.' });
  writeFileSync(contract, JSON.stringify(schema, null, 2));
  const yaml = join(pdir, 'product.yaml');
  writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('version: 1.0.0', 'version: 1.1.0'));
};

export const run = async ({ scenario }) => {
  const dir = nxWorkspace();
  const nx = (...args) => timeWithCpu([NX, ...args], dir);

  rmSync(join(dir, '.nx'), { recursive: true, force: true });
  const cold = assertOk(await nx('show', 'projects'), 'nx show projects (cold)');
  const show = await bestOf(3, async () =>
    assertOk(await nx('show', 'projects'), 'nx show projects'),
  );
  const projects = show.stdout.split('\n').filter(Boolean).length;
  if (projects !== 1000) throw new Error(`nx show projects listed ${projects} projects, not 1,000`);
  const version = await bestOf(3, async () => assertOk(await nx('--version'), 'nx --version'));

  changeOneProduct(dir);
  try {
    const affected = await bestOf(2, async () => {
      const r = await nx('affected', '-t', 'contract-test', '--base=HEAD', '--outputStyle=static');
      if (r.status !== 0)
        throw new Error(`nx affected failed:\n${(r.stdout + r.stderr).slice(-3000)}`);
      return r;
    });
    // FORCE_COLOR=0 is a request, not a promise: strip any colour codes before matching.
    // eslint-disable-next-line no-control-regex
    const plain = affected.stdout.replace(/\u001b\[[0-9;]*m/g, '');
    const ran = /Successfully ran target contract-test for (\d+) projects?/.exec(plain);
    if (!ran)
      throw new Error(`nx affected did not report its tasks:\n${affected.stdout.slice(-2000)}`);
    // Nx's own share: the same affected computation without running the tasks.
    const which = await bestOf(2, async () =>
      assertOk(
        await nx('show', 'projects', '--affected', '--base=HEAD', '-t', 'contract-test'),
        'nx show projects --affected',
      ),
    );
    const single = await bestOf(2, async () =>
      assertOk(
        await timeWithCpu([meshBin, 'breaking', CHANGED, '--against', 'HEAD'], dir),
        'mesh breaking',
      ),
    );
    return [
      row({
        scenario,
        metric: 'nx show projects, 1,000 products',
        value: show.ms,
        unit: 'ms',
        baseline: 'nx --version',
        baselineValue: version.ms,
        target: 3000,
      }),
      row({
        scenario,
        metric: 'nx show projects, 1,000 products, no .nx cache',
        value: cold.ms,
        unit: 'ms',
        baseline: 'nx --version',
        baselineValue: version.ms,
        target: 3000,
      }),
      row({
        scenario,
        metric: `nx affected -t contract-test, 1 changed product (${ran[1]} tasks with downstream)`,
        value: affected.ms,
        unit: 'ms',
        baseline: 'mesh breaking of the changed product alone',
        baselineValue: single.ms,
        target: 10000,
      }),
      row({
        scenario,
        metric: 'nx show projects --affected -t contract-test (what nx affected adds)',
        value: which.ms,
        unit: 'ms',
        baseline: 'nx show projects',
        baselineValue: show.ms,
      }),
      row({
        scenario,
        metric: 'nx show projects, CPU time',
        value: show.cpuMs ?? 0,
        unit: 'ms',
        baseline: 'nx --version',
        baselineValue: version.cpuMs ?? null,
      }),
      row({
        scenario,
        metric: 'nx affected -t contract-test, CPU time (all processes)',
        value: affected.cpuMs ?? 0,
        unit: 'ms',
        baseline: 'mesh breaking of the changed product alone',
        baselineValue: single.cpuMs ?? null,
      }),
      row({
        scenario,
        metric: 'nx affected peak memory (largest process)',
        value: affected.peakRssMb ?? 0,
        unit: 'MB',
      }),
    ];
  } finally {
    git(dir, 'checkout', '-q', '--', 'domains');
  }
};
