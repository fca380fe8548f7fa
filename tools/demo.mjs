#!/usr/bin/env node
// The main job on embedded defaults, with no services: every step a domain team's CI and
// platform would run, against the example domains, writing only under .mesh/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const mesh = `${root}packages/cli/dist/bin.js`;
if (!existsSync(mesh)) {
  console.error('mesh is not built: run `npm run build` first');
  process.exit(2);
}

/** Each step: a title and the mesh arguments. A step whose command is not available is refused. */
const steps = [
  ['Validate every descriptor and contract', ['validate']],
  [
    'Check every contract against its published history (the contract-test gate)',
    ['breaking', '--against', 'HEAD'],
  ],
  [
    'Run the sales/orders pipeline from its fixtures into the local lake',
    [
      'pipeline',
      'run',
      'sales/orders',
      '--source',
      'file:domains/sales/orders/fixtures/orders.jsonl',
    ],
  ],
  [
    'Send bad rows through the same pipeline: each one lands in the dead-letter file with its reason',
    [
      'pipeline',
      'run',
      'sales/orders',
      '--source',
      'file:domains/sales/orders/fixtures/orders.bad.jsonl',
    ],
  ],
  [
    'Run the quality rules of sales/orders on its fixtures with DuckDB',
    ['quality', 'sales/orders'],
  ],
  ['Register every contract in the embedded schema registry', ['registry', 'push']],
  ['Take a schema snapshot', ['snapshot', 'create']],
  ['Verify every snapshot', ['snapshot', 'verify']],
  [
    'Build the catalog site from the example domains',
    ['catalog', 'build', '--out', '.mesh/catalog'],
  ],
];

let failed = 0;
for (const [title, args] of steps) {
  console.log(`\n== ${title}: mesh ${args.join(' ')}`);
  const r = spawnSync('node', [mesh, ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`-- exit code ${r.status}`);
  }
}
console.log(failed ? `\n${failed} step(s) failed` : '\nall steps passed');
process.exit(failed ? 1 : 0);
