#!/usr/bin/env node
// The bench harness: `npm run bench [-- <scenario>...]` runs every scenario in ./scenarios (or the
// named ones) and prints one JSON line per figure: scenario, metric, value, unit, baseline,
// baselineValue, ratio (value / baselineValue), target and whether it is met.
// Scenarios measure built code: run `npm run build` first.
import { readdirSync, mkdirSync } from 'node:fs';
import { benchDir, meshBin, repoRoot } from './lib.mjs';
import { existsSync } from 'node:fs';

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const dir = new URL('./scenarios/', import.meta.url);
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.replace(/\.mjs$/, ''))
  .sort();
const unknown = wanted.filter((w) => !all.some((s) => s === w || s.startsWith(w)));
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${all.join(', ')}`);
  process.exit(2);
}
if (!existsSync(meshBin)) {
  console.error('packages are not built: run `npm run build` first');
  process.exit(2);
}
mkdirSync(benchDir, { recursive: true });
const selected = wanted.length
  ? all.filter((s) => wanted.some((w) => s === w || s.startsWith(w)))
  : all;
let failed = 0;
for (const name of selected) {
  const mod = await import(new URL(`${name}.mjs`, dir));
  try {
    const rows = await mod.run({ root: repoRoot, benchDir, meshBin, scenario: name });
    for (const r of rows) console.log(JSON.stringify(r));
  } catch (error) {
    failed++;
    console.log(
      JSON.stringify({
        scenario: name,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}
process.exit(failed ? 1 : 0);
