// `mesh validate` over 1,000 generated products, whole process, against merely parsing the same
// YAML files in one Node process (the floor any validator pays). Target: under 2 s.
import { bestOf, assertOk, benchDir, exactlyOk, meshBin, row, timeProcess } from '../lib.mjs';
import { generateWorkspace } from '../generate-workspace.mjs';

// The same YAML parser the loader uses (core's own dependency, not whatever the root resolves).
const PARSE_ONLY = `
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const { parse } = createRequire(process.argv[2])('yaml');
const root = process.argv[1];
let n = 0;
for (const d of readdirSync(root + '/domains')) {
  parse(readFileSync(root + '/domains/' + d + '/domain.yaml', 'utf8'));
  for (const p of readdirSync(root + '/domains/' + d, { withFileTypes: true })) {
    if (!p.isDirectory()) continue;
    parse(readFileSync(root + '/domains/' + d + '/' + p.name + '/product.yaml', 'utf8'));
    n++;
  }
}
if (n === 0) process.exit(9);
`;

export const run = async ({ scenario, root }) => {
  const dir = generateWorkspace(`${benchDir}/ws-1000`, { products: 1000 });
  const validate = await bestOf(3, async () =>
    assertOk(
      await timeProcess('node', [meshBin, 'validate', '--cwd', dir, '--format', 'json']),
      'mesh validate',
    ),
  );
  const report = JSON.parse(validate.stdout);
  if (!report.ok || report.summary.checked !== 1000)
    throw new Error(
      `validate did not pass cleanly on the generated workspace: ${JSON.stringify(report.summary)}`,
    );
  const parse = await bestOf(3, async () =>
    exactlyOk(
      await timeProcess('node', [
        '--input-type=module',
        '-e',
        PARSE_ONLY,
        dir,
        `${root}packages/core/package.json`,
      ]),
      'yaml parse',
    ),
  );
  return [
    row({
      scenario,
      metric: 'wall time, 1,000 products',
      value: validate.ms,
      unit: 'ms',
      baseline: 'parse the same YAML files only',
      baselineValue: parse.ms,
      target: 2000,
    }),
    row({
      scenario,
      metric: 'peak memory',
      value: validate.peakRssMb ?? 0,
      unit: 'MB',
      baseline: 'parse the same YAML files only',
      baselineValue: parse.peakRssMb ?? null,
    }),
  ];
};
