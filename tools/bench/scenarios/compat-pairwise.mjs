// Pairwise compatibility checks per second on realistic schemas (50 to 200 fields, nested records,
// enums, unions, arrays, maps), Meshkit's engine against avsc's `createResolver` on the same
// reader/writer pairs in the same run. avsc stops at the first problem and throws; Meshkit reports
// every incompatibility, so equal speed means more work done per check.
import { performance } from 'node:perf_hooks';
import avro from 'avsc';
import { row } from '../lib.mjs';

const SCENARIO = 'compat-pairwise';
const PAIRS = 200;
const MIN_MS = 1_500;

const core = await import(new URL('../../../packages/core/dist/index.js', import.meta.url));

// mulberry32: a small seeded generator, so every run measures the same schemas.
const rng = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const PRIMS = ['int', 'long', 'float', 'double', 'string', 'bytes', 'boolean'];

const makeSchema = (random, index) => {
  let named = 0;
  const pick = (list) => list[Math.floor(random() * list.length)];
  const fieldType = (depth) => {
    const r = random();
    if (r < 0.45) return pick(PRIMS);
    if (r < 0.6) return ['null', pick(PRIMS)];
    if (r < 0.7)
      return {
        type: 'enum',
        name: `E${index}_${named++}`,
        symbols: ['A', 'B', 'C', 'D', 'E'].slice(0, 2 + Math.floor(random() * 4)),
      };
    if (r < 0.78)
      return {
        type: 'array',
        items: depth < 2 && random() < 0.5 ? record(depth + 1, 5) : pick(PRIMS),
      };
    if (r < 0.84) return { type: 'map', values: pick(PRIMS) };
    if (depth < 2) return random() < 0.5 ? record(depth + 1, 5) : ['null', record(depth + 1, 5)];
    return pick(PRIMS);
  };
  const record = (depth, min) => {
    const n = depth === 0 ? 50 + Math.floor(random() * 151) : min + Math.floor(random() * 11);
    const fields = [];
    for (let i = 0; i < n; i++) fields.push({ name: `f${i}`, type: fieldType(depth) });
    return { type: 'record', name: `R${index}_${named++}`, namespace: 'bench', fields };
  };
  return record(0, 0);
};

const clone = (v) => JSON.parse(JSON.stringify(v));

/** The next version of a schema: a few of the edits teams make, some compatible, some not. */
const evolve = (schema, random) => {
  const next = clone(schema);
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const fields = next.fields;
    const r = random();
    const i = Math.floor(random() * fields.length);
    const f = fields[i];
    if (r < 0.25)
      fields.push({ name: `added${e}_${fields.length}`, type: ['null', 'string'], default: null });
    else if (r < 0.35) fields.push({ name: `required${e}_${fields.length}`, type: 'long' });
    else if (r < 0.5) fields.splice(i, 1);
    else if (r < 0.6 && f.type === 'int') f.type = 'long';
    else if (r < 0.7 && f.type === 'long') f.type = 'int';
    else if (r < 0.8 && f.type?.type === 'enum') f.type.symbols = f.type.symbols.slice(0, -1);
    else if (r < 0.9 && Array.isArray(f.type))
      f.type = [...f.type, 'int'].filter((t, k, a) => a.indexOf(t) === k);
    else fields.push({ name: `note${e}_${fields.length}`, type: 'string', default: '' });
  }
  return next;
};

/**
 * Rates of two workloads measured in alternating slices, so that the load of a shared machine
 * falls on both alike; each gets about `MIN_MS` in all.
 */
const measurePair = (a, b) => {
  const totals = [
    { calls: 0, ms: 0 },
    { calls: 0, ms: 0 },
  ];
  const slice = MIN_MS / 6;
  for (let round = 0; round < 6; round++) {
    for (const [k, fn] of [a, b].entries()) {
      const started = performance.now();
      let elapsed = 0;
      while (elapsed < slice) {
        totals[k].calls += fn();
        elapsed = performance.now() - started;
      }
      totals[k].ms += elapsed;
    }
  }
  return totals.map((t) => (t.calls / t.ms) * 1000);
};

export async function run() {
  const random = rng(42);
  const pairs = [];
  for (let i = 0; i < PAIRS; i++) {
    const writer = makeSchema(random, i);
    pairs.push({ writer, reader: evolve(writer, random) });
  }

  const parsed = pairs.map(({ reader, writer }) => {
    const r = core.parseAvroSchema(reader);
    const w = core.parseAvroSchema(writer);
    if (!r.ok || !w.ok) throw new Error('generated schema failed to parse');
    return { reader: r.value, writer: w.value };
  });
  const types = pairs.map(({ reader, writer }) => ({
    reader: avro.Type.forSchema(reader),
    writer: avro.Type.forSchema(writer),
  }));

  const fieldCounts = pairs.map((p) => p.writer.fields.length);
  let meshIncompatible = 0;
  let meshFindings = 0;
  let avscIncompatible = 0;
  const checker = core.createCompatibilityChecker({ cache: false });
  for (const p of parsed) {
    const result = checker.checkCompatibility(p.reader, p.writer);
    if (!result.compatible) meshIncompatible++;
    meshFindings += result.incompatibilities.length;
  }
  for (const t of types) {
    try {
      t.reader.createResolver(t.writer);
    } catch {
      avscIncompatible++;
    }
  }

  const [meshParsed, avscParsed] = measurePair(
    () => {
      for (const p of parsed) checker.checkCompatibility(p.reader, p.writer);
      return parsed.length;
    },
    () => {
      for (const t of types) {
        try {
          t.reader.createResolver(t.writer);
        } catch {
          // avsc reports incompatibility by throwing; that is its normal path here.
        }
      }
      return types.length;
    },
  );
  const [meshFromJson, avscFromJson] = measurePair(
    () => {
      for (const p of pairs) core.checkCompatibility(p.reader, p.writer);
      return pairs.length;
    },
    () => {
      for (const p of pairs) {
        try {
          avro.Type.forSchema(p.reader).createResolver(avro.Type.forSchema(p.writer));
        } catch {
          // as above
        }
      }
      return pairs.length;
    },
  );

  const rows = [
    row({
      scenario: SCENARIO,
      metric: 'pairs/s, parsed schemas (every incompatibility vs first only)',
      value: meshParsed,
      unit: 'pairs/s',
      baseline: 'avsc createResolver',
      baselineValue: avscParsed,
      target: avscParsed,
      lowerIsBetter: false,
    }),
    row({
      scenario: SCENARIO,
      metric: 'pairs/s from JSON (parse both + check)',
      value: meshFromJson,
      unit: 'pairs/s',
      baseline: 'avsc forSchema + createResolver',
      baselineValue: avscFromJson,
      target: avscFromJson,
      lowerIsBetter: false,
    }),
    row({
      scenario: SCENARIO,
      metric: 'incompatible pairs found (of ' + PAIRS + ')',
      value: meshIncompatible,
      unit: 'pairs',
      baseline: 'avsc createResolver',
      baselineValue: avscIncompatible,
    }),
    row({
      scenario: SCENARIO,
      metric: 'incompatibilities reported',
      value: meshFindings,
      unit: 'findings',
      baseline: 'avsc (first only)',
      baselineValue: avscIncompatible,
    }),
    row({
      scenario: SCENARIO,
      metric: 'top-level fields per schema (mean)',
      value: fieldCounts.reduce((a, b) => a + b, 0) / fieldCounts.length,
      unit: 'fields',
    }),
  ];
  return rows;
}
