// `mesh breaking` over 1,000 products with 10 published versions each at FULL_TRANSITIVE and a
// candidate 11th version of every contract: 20,000 pairwise checks, whole process. Target: < 5 s.
// Baseline: `mesh validate` of the same workspace, i.e. what the gate costs beyond loading.
import { assertOk, benchDir, bestOf, meshBin, row, timeProcess } from '../lib.mjs';
import { generateWorkspace } from '../generate-workspace.mjs';

export const run = async ({ scenario }) => {
  const dir = generateWorkspace(`${benchDir}/ws-1000x10`, {
    products: 1000,
    versions: 10,
    candidate: true,
  });
  const gate = await bestOf(2, async () =>
    assertOk(
      await timeProcess('node', [
        meshBin,
        'breaking',
        '--cwd',
        dir,
        '--against',
        'HEAD',
        '--format',
        'json',
      ]),
      'mesh breaking',
    ),
  );
  const report = JSON.parse(gate.stdout);
  const compatible = report.ports.filter((p) => p.change === 'compatible').length;
  if (!report.ok || compatible !== 1000)
    throw new Error(
      `expected 1,000 compatible port changes and no errors, got ${compatible} and ${JSON.stringify(report.summary)}`,
    );
  const validate = await bestOf(2, async () =>
    assertOk(await timeProcess('node', [meshBin, 'validate', '--cwd', dir]), 'mesh validate'),
  );
  return [
    row({
      scenario,
      metric: 'wall time, 1,000 products x 10 versions, FULL_TRANSITIVE',
      value: gate.ms,
      unit: 'ms',
      baseline: 'mesh validate (load only)',
      baselineValue: validate.ms,
      target: 5000,
    }),
    row({
      scenario,
      metric: 'peak memory',
      value: gate.peakRssMb ?? 0,
      unit: 'MB',
      baseline: 'mesh validate (load only)',
      baselineValue: validate.peakRssMb ?? null,
    }),
  ];
};
