/**
 * Differential test: Meshkit's compatibility engine against Apache Avro's own Java checker.
 *
 * Generates random schema evolutions (fixed seed, see MESH_ORACLE_SEED), asks the Java oracle for
 * Avro's verdict on all of them in one JVM, and requires `checkCompatibility` / `checkLevel` from
 * @meshkit/core to agree on every case: the verdict, the incompatibility types and locations,
 * and Java's messages, in Java's order. Near-miss schemas (one random edit each) check that the
 * engine accepts and refuses the same schemas as Java's parser. Every disagreement is shrunk,
 * written to __fixtures__/disagreements/ and replayed on the next run. Needs Java 17 and Maven
 * (docs/compatibility-oracle.md); fails, never skips, without them.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkCompatibility, checkLevel, createCompatibilityChecker } from '@meshkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { minimize } from './minimize.js';
import {
  buildOracle,
  OracleSession,
  runOracle,
  type OracleIncompatibility,
  type OracleRequest,
  type OracleVerdict,
} from './oracle-client.js';
import {
  evolutionCases,
  historyCases,
  sampleCases,
  type CompatibilityLevelName,
  type EvolutionCase,
  type HistoryCase,
} from './schema-evolution.js';
import { mutationCases, type MutationCase } from './schema-mutation.js';

const FIXTURES = fileURLToPath(new URL('./__fixtures__/disagreements/', import.meta.url));

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new Error(
      `environment variable ${name}="${raw}" must be a positive integer (default ${fallback})`,
    );
  }
  return Number(raw);
}

const SEED = positiveInt('MESH_ORACLE_SEED', 20261126);
const PAIRS = positiveInt('MESH_ORACLE_PAIRS', 10_000);
const HISTORIES = positiveInt('MESH_ORACLE_HISTORIES', 400);
const MUTANTS = positiveInt('MESH_ORACLE_MUTANTS', 2_000);
/** How many disagreements are printed in full, and at most written as new fixtures per run. */
const REPORT = positiveInt('MESH_ORACLE_REPORT', 10);
const MAX_NEW_FIXTURES = 25;
const FIXTURES_PER_KIND = 2;
/** New fixtures shrunk per test (each takes up to 30 oracle round trips). */
const MAX_SHRINK = 5;
/** A failing run shrinks its first disagreements, which takes longer than a passing run. */
const SHRINK_TIMEOUT_MS = 300_000;

interface EngineVerdict {
  compatible: boolean;
  incompatibilities: { type: string; location: string; message: string; ruleId?: string }[];
  error?: string;
  /** The engine refused a schema as invalid Avro (InvalidAvroSchemaError). */
  invalid?: boolean;
}

interface LevelView {
  compatible: boolean;
  /** Checks that failed, newest version first, as `version:direction` -> incompatibilities. */
  failed: Map<string, OracleIncompatibility[]>;
  error?: string;
}

interface Disagreement {
  kind: 'pair' | 'level' | 'parse';
  /** The schemas as generated, when `schemas` is a shrunk version of them. */
  original?: Record<string, unknown>;
  id: string;
  steps: string[];
  schemas: Record<string, unknown>;
  avro: OracleVerdict;
  engine: unknown;
  why: string;
}

const keyOf = (i: { type: string; location: string }): string => `${i.type} ${i.location}`;
const keySet = (list: readonly { type: string; location: string }[]): string[] =>
  [...new Set(list.map(keyOf))].sort();

function engineVerdict(reader: unknown, writer: unknown): EngineVerdict {
  try {
    const r = checkCompatibility(reader, writer);
    return {
      compatible: r.compatible,
      incompatibilities: r.incompatibilities.map((i) => ({
        type: i.type,
        location: i.location,
        message: i.message,
        ruleId: i.ruleId,
      })),
    };
  } catch (error) {
    const invalid = (error as { code?: unknown }).code === 'AVRO_SCHEMA_INVALID';
    return { compatible: false, incompatibilities: [], error: String(error), invalid };
  }
}

function engineLevel(
  level: CompatibilityLevelName,
  existing: unknown[],
  candidate: unknown,
): LevelView {
  try {
    const r = checkLevel(level, existing, candidate);
    const failed = new Map<string, OracleIncompatibility[]>();
    for (const check of r.results) {
      if (check.compatible) continue;
      failed.set(
        `${check.againstVersionIndex}:${check.direction}`,
        check.incompatibilities.map((i) => ({
          type: i.type,
          location: i.location,
          message: i.message,
        })),
      );
    }
    return { compatible: r.compatible, failed };
  } catch (error) {
    return { compatible: false, failed: new Map(), error: String(error) };
  }
}

/** Why the engine's pair verdict differs from Avro's, or undefined when they agree. */
function comparePair(avro: OracleVerdict, engine: EngineVerdict): string | undefined {
  if (avro.error !== undefined) {
    // Avro throws while checking (a reader field whose aliases match two writer fields). The
    // engine may throw as well, or report the pair incompatible; it must not accept it.
    return engine.error === undefined && engine.compatible
      ? `Avro fails the check (${avro.error}) but the engine says compatible`
      : undefined;
  }
  if (engine.error !== undefined) return `the engine threw: ${engine.error}`;
  if (avro.compatible !== engine.compatible) {
    return `Avro says ${avro.compatible ? 'compatible' : 'incompatible'}, the engine ${engine.compatible ? 'compatible' : 'incompatible'}`;
  }
  const a = keySet(avro.incompatibilities);
  const e = keySet(engine.incompatibilities);
  if (a.join('\n') !== e.join('\n')) {
    const missing = a.filter((k) => !e.includes(k));
    const extra = e.filter((k) => !a.includes(k));
    return `incompatibilities differ: engine misses [${missing.join(', ')}], engine adds [${extra.join(', ')}]`;
  }
  // The engine promises Java's message word for word (types.ts), so hold it to that too.
  const engineMessages = new Set(engine.incompatibilities.map((i) => `${keyOf(i)} ${i.message}`));
  const reworded = avro.incompatibilities.find(
    (i) => !engineMessages.has(`${keyOf(i)} ${i.message}`),
  );
  if (reworded) {
    const theirs = engine.incompatibilities.find((i) => keyOf(i) === keyOf(reworded));
    return `message of ${keyOf(reworded)} differs: Avro "${reworded.message}", engine "${theirs?.message ?? ''}"`;
  }
  // And Java's order, duplicates included (Avro reports a shared named type once per use).
  const line = (i: { type: string; location: string; message: string }): string =>
    `${keyOf(i)} ${i.message}`;
  if (
    avro.incompatibilities.map(line).join('\n') !== engine.incompatibilities.map(line).join('\n')
  ) {
    return `same incompatibilities, but not in Java's order or count: Avro [${avro.incompatibilities.map(keyOf).join(', ')}], engine [${engine.incompatibilities.map(keyOf).join(', ')}]`;
  }
  const noRule = engine.incompatibilities.find((i) => !i.ruleId);
  if (noRule) return `the engine reports ${keyOf(noRule)} without a ruleId`;
  return undefined;
}

/**
 * Confluent stops a transitive check at the newest version that fails and reports that version's
 * incompatibilities (forward direction first for FULL); where Avro throws, Confluent fails the
 * check with "Unexpected exception during compatibility check" (type EXCEPTION from the oracle).
 * The engine checks every version; it must agree on the verdict, on which version fails first,
 * and on that version's incompatibilities.
 */
function compareLevel(avro: OracleVerdict, engine: LevelView): string | undefined {
  if (engine.error !== undefined) return `the engine threw: ${engine.error}`;
  if (avro.error !== undefined) {
    return engine.compatible
      ? `Avro failed the check (${avro.error}) but the engine says compatible`
      : undefined;
  }
  if (avro.compatible !== engine.compatible) {
    return `Avro says ${avro.compatible ? 'compatible' : 'incompatible'}, the engine ${engine.compatible ? 'compatible' : 'incompatible'}`;
  }
  if (avro.compatible) return undefined;
  const byCheck = new Map<string, OracleIncompatibility[]>();
  for (const i of avro.incompatibilities) {
    const key = `${String(i.version)}:${String(i.direction)}`;
    byCheck.set(key, [...(byCheck.get(key) ?? []), i]);
  }
  const avroFirst = Math.max(...avro.incompatibilities.map((i) => i.version ?? -1));
  const engineFirst = Math.max(...[...engine.failed.keys()].map((k) => Number(k.split(':')[0])));
  if (avroFirst !== engineFirst) {
    return `Avro's newest failing version is ${avroFirst}, the engine's ${engineFirst}`;
  }
  for (const [check, list] of byCheck) {
    const exception = list.find((i) => i.type === 'EXCEPTION');
    if (exception) {
      // Avro threw; Confluent reports "Unexpected exception during compatibility check".
      if (!engine.failed.has(check)) {
        return `check ${check}: Confluent fails it (${exception.message}), the engine does not`;
      }
      continue;
    }
    const a = keySet(list);
    const e = keySet(engine.failed.get(check) ?? []);
    if (a.join('\n') !== e.join('\n')) {
      return `check ${check}: Avro [${a.join(', ')}], engine [${e.join(', ')}]`;
    }
  }
  for (const check of engine.failed.keys()) {
    if (Number(check.split(':')[0]) === avroFirst && !byCheck.has(check)) {
      return `check ${check}: the engine fails it, Avro does not`;
    }
  }
  return undefined;
}

/** Java's parser and the engine must accept and refuse the same schemas. */
function compareSchema(avro: OracleVerdict, engine: EngineVerdict): string | undefined {
  const javaRefuses = avro.errorKind === 'parse';
  if (javaRefuses && !engine.invalid) {
    return `Java refuses the schema (${String(avro.error)}), the engine ${engine.error === undefined ? 'accepts it' : `throws ${engine.error}`}`;
  }
  if (!javaRefuses && engine.invalid) {
    return `Java accepts the schema, the engine refuses it: ${String(engine.error)}`;
  }
  return javaRefuses ? undefined : comparePair(avro, engine);
}

function fixtureName(d: Disagreement): string {
  const hash = createHash('sha256').update(JSON.stringify(d.schemas)).digest('hex').slice(0, 12);
  return `${d.kind}-${hash}.json`;
}

/** The kind of a disagreement, without the names and numbers of the case. */
const signature = (d: Disagreement): string =>
  d.kind === 'parse'
    ? `parse ${d.why.startsWith('Java refuses') ? 'Java refuses' : 'engine refuses'}: ${d.steps[0]?.split(' @ ')[0] ?? ''}`
    : `${d.kind} ${d.why
        .replace(/"[^"]*"/g, '"…"')
        .replace(/\([^)]*\)/g, '(…)')
        .replace(/\d+/g, 'N')
        .slice(0, 100)}`;

/** Shrinks a pair or near-miss disagreement with the oracle; levels are left as found. */
async function shrink(d: Disagreement, session: OracleSession): Promise<Disagreement> {
  if (d.kind === 'level') return d;
  const javaRefused = d.avro.errorKind === 'parse';
  const asPair = (c: unknown[]): [unknown, unknown] =>
    d.kind === 'parse' ? [c[0], c[0]] : [c[0], c[1]];
  const judge = (avro: OracleVerdict, c: unknown[]): string | undefined => {
    const [reader, writer] = asPair(c);
    const engine = engineVerdict(reader, writer);
    if (d.kind === 'parse') {
      // Keep the same side refusing: Java, or the engine.
      if ((avro.errorKind === 'parse') !== javaRefused) return undefined;
      return compareSchema(avro, engine);
    }
    return avro.errorKind === 'parse' || avro.errorKind === 'request'
      ? undefined
      : comparePair(avro, engine);
  };
  const ask = async (cs: unknown[][]): Promise<OracleVerdict[]> =>
    session.ask(
      cs.map((c, i) => {
        const [reader, writer] = asPair(c);
        return { id: `shrink-${i}`, reader, writer };
      }),
    );
  const start =
    d.kind === 'parse' ? [d.schemas['schema']] : [d.schemas['reader'], d.schemas['writer']];
  const { schemas, rounds } = await minimize(
    start,
    async (cs) => (await ask(cs)).map((avro, i) => judge(avro, cs[i] as unknown[]) !== undefined),
    { maxRounds: 30 },
  );
  if (rounds === 0) return d;
  const avro = (await ask([schemas]))[0] as OracleVerdict;
  const [reader, writer] = asPair(schemas);
  return {
    ...d,
    why: judge(avro, schemas) ?? d.why,
    schemas: d.kind === 'parse' ? { schema: schemas[0] } : { reader, writer },
    avro,
    engine: engineVerdict(reader, writer),
    original: d.schemas,
  };
}

/**
 * Writes new disagreements as fixtures, a few of each kind, the first ones shrunk to a minimal
 * case; returns the files written and the shrunk cases by id.
 */
async function recordFixtures(
  found: readonly Disagreement[],
): Promise<{ written: string[]; shrunk: Map<string, Disagreement> }> {
  mkdirSync(FIXTURES, { recursive: true });
  const written: string[] = [];
  const shrunk = new Map<string, Disagreement>();
  const perKind = new Map<string, number>();
  const session = found.length > 0 ? new OracleSession() : undefined;
  try {
    for (const original of found) {
      if (written.length >= MAX_NEW_FIXTURES) break;
      const kind = signature(original);
      if ((perKind.get(kind) ?? 0) >= FIXTURES_PER_KIND) continue;
      perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
      // Named after the case as generated, so the same case is never written (or shrunk) twice.
      const name = fixtureName(original);
      const path = `${FIXTURES}${name}`;
      if (existsSync(path)) continue;
      const d = session && shrunk.size < MAX_SHRINK ? await shrink(original, session) : original;
      if (d !== original) shrunk.set(d.id, d);
      const fixture = {
        kind: d.kind,
        why: d.why,
        // Pairs are drawn with the seed, histories with seed + 1, near-miss schemas with seed + 2.
        found: { seed: SEED, case: d.id, steps: d.steps },
        ...d.schemas,
        avro: {
          compatible: d.avro.compatible,
          incompatibilities: d.avro.incompatibilities,
          ...(d.avro.error ? { error: d.avro.error, errorKind: d.avro.errorKind } : {}),
        },
        engine: d.engine,
        ...(d.original ? { original: d.original } : {}),
      };
      writeFileSync(path, `${JSON.stringify(fixture, null, 2)}\n`);
      written.push(`tools/avro-oracle/__fixtures__/disagreements/${name}`);
    }
  } finally {
    await session?.close();
  }
  return { written, shrunk };
}

function report(
  title: string,
  total: number,
  found: readonly Disagreement[],
  { written, shrunk }: { written: string[]; shrunk: Map<string, Disagreement> },
): string {
  const show = (v: unknown): string => {
    const text = JSON.stringify(v);
    return text.length > 6000 ? `${text.slice(0, 6000)}... (${text.length} chars)` : text;
  };
  const kinds = new Map<string, number>();
  for (const d of found) kinds.set(signature(d), (kinds.get(signature(d)) ?? 0) + 1);
  const lines = [
    `${title}: ${found.length} of ${total} cases disagree with Apache Avro (seed ${SEED}).`,
    `Kinds:\n${[...kinds].map(([k, n]) => `  ${n} x ${k}`).join('\n')}`,
    written.length > 0
      ? `New fixtures:\n  ${written.join('\n  ')}`
      : 'No new fixtures (already recorded).',
  ];
  for (const first of found.slice(0, REPORT)) {
    const d = shrunk.get(first.id) ?? first;
    lines.push(
      '',
      `--- ${d.id}${d.original ? ' (shrunk)' : ''}: ${d.why}`,
      `steps: ${d.steps.join('; ') || '(none)'}`,
      ...Object.entries(d.schemas).map(([k, v]) => `${k}: ${show(v)}`),
      `avro:   ${show(d.avro)}`,
      `engine: ${show(d.engine)}`,
    );
  }
  return lines.join('\n');
}

const levelEngineJson = (v: LevelView): unknown => ({
  compatible: v.compatible,
  failed: Object.fromEntries(v.failed),
  ...(v.error !== undefined ? { error: v.error } : {}),
});

describe('compatibility engine against Apache Avro (tools/avro-oracle)', () => {
  let pairs: EvolutionCase[] = [];
  let histories: HistoryCase[] = [];
  let pairVerdicts: OracleVerdict[] = [];
  let historyVerdicts: OracleVerdict[] = [];
  let mutants: MutationCase[] = [];
  let mutantVerdicts: OracleVerdict[] = [];

  beforeAll(async () => {
    const started = Date.now();
    buildOracle();
    const built = Date.now();
    pairs = sampleCases(evolutionCases(), SEED, PAIRS);
    histories = sampleCases(historyCases(), SEED + 1, HISTORIES);
    mutants = sampleCases(mutationCases(), SEED + 2, MUTANTS);
    const generated = Date.now();
    const requests: OracleRequest[] = [
      ...pairs.map((c) => ({ id: c.id, reader: c.reader, writer: c.writer })),
      ...mutants.map((m) => ({ id: m.id, reader: m.schema, writer: m.schema })),
      ...histories.map((h) => ({
        id: h.id,
        level: h.level,
        existing: h.existing,
        candidate: h.candidate,
      })),
    ];
    const verdicts = await runOracle(requests);
    pairVerdicts = verdicts.slice(0, pairs.length);
    mutantVerdicts = verdicts.slice(pairs.length, pairs.length + mutants.length);
    historyVerdicts = verdicts.slice(pairs.length + mutants.length);
    console.log(
      `avro-oracle: seed ${SEED}, ${pairs.length} pairs, ${histories.length} histories, ${mutants.length} near-miss schemas; ` +
        `build check ${built - started} ms, generation ${generated - built} ms, oracle ${Date.now() - generated} ms`,
    );
  }, 600_000);

  it('gets a verdict from Apache Avro for every generated schema (the generator writes valid Avro)', () => {
    const invalid = [...pairVerdicts, ...historyVerdicts].filter(
      (v) => v.error !== undefined && v.errorKind !== 'check',
    );
    const shown = invalid.slice(0, REPORT).map((v) => {
      const c = pairs.find((p) => p.id === v.id) ?? histories.find((h) => h.id === v.id);
      return `${String(v.id)}: ${String(v.error)}\n${JSON.stringify(c)}`;
    });
    expect(invalid.length, shown.join('\n\n')).toBe(0);
  });

  it(
    'agrees with Avro on every generated reader/writer pair',
    async () => {
      const started = Date.now();
      const found: Disagreement[] = [];
      let compatible = 0;
      const byType = new Map<string, number>();
      for (const [i, c] of pairs.entries()) {
        const avro = pairVerdicts[i] as OracleVerdict;
        if (avro.compatible) compatible++;
        for (const x of avro.incompatibilities) byType.set(x.type, (byType.get(x.type) ?? 0) + 1);
        const engine = engineVerdict(c.reader, c.writer);
        const why = comparePair(avro, engine);
        if (why !== undefined) {
          found.push({
            kind: 'pair',
            id: c.id,
            steps: c.steps,
            schemas: { reader: c.reader, writer: c.writer },
            avro,
            engine,
            why,
          });
        }
      }
      const agreed = pairs.length - found.length;
      console.log(
        `avro-oracle pairs: ${agreed}/${pairs.length} agree (${((100 * agreed) / pairs.length).toFixed(2)}%); ` +
          `${compatible} compatible; incompatibilities by type ${JSON.stringify(Object.fromEntries(byType))}; ` +
          `engine ${Date.now() - started} ms`,
      );
      const written = await recordFixtures(found);
      expect(found.length, report('checkCompatibility', pairs.length, found, written)).toBe(0);
    },
    SHRINK_TIMEOUT_MS,
  );

  it('agrees with Avro through one checker whose verdict cache spans every pair', () => {
    // The registry and the gate keep one checker: a cache key that merged two different pairs
    // would show here, as the same pairs are asked in both directions and evolved from one base.
    const checker = createCompatibilityChecker();
    const problems: string[] = [];
    for (const [i, c] of pairs.entries()) {
      const avro = pairVerdicts[i] as OracleVerdict;
      let engine: EngineVerdict;
      try {
        const r = checker.checkCompatibility(c.reader, c.writer);
        engine = {
          compatible: r.compatible,
          incompatibilities: r.incompatibilities.map((x) => ({ ...x })),
        };
      } catch (error) {
        const invalid = (error as { code?: unknown }).code === 'AVRO_SCHEMA_INVALID';
        engine = { compatible: false, incompatibilities: [], error: String(error), invalid };
      }
      const why = comparePair(avro, engine);
      if (why !== undefined && problems.length < REPORT) problems.push(`${c.id}: ${why}`);
    }
    const { hits, misses } = checker.stats();
    console.log(`avro-oracle cached checker: ${hits} cache hits, ${misses} computed`);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it(
    'agrees with Avro and Confluent on every generated version history at its level',
    async () => {
      const found: Disagreement[] = [];
      for (const [i, h] of histories.entries()) {
        const avro = historyVerdicts[i] as OracleVerdict;
        const engine = engineLevel(h.level, h.existing, h.candidate);
        const why = compareLevel(avro, engine);
        if (why !== undefined) {
          found.push({
            kind: 'level',
            id: h.id,
            steps: h.steps,
            schemas: { level: h.level, existing: h.existing, candidate: h.candidate },
            avro,
            engine: levelEngineJson(engine),
            why,
          });
        }
      }
      const agreed = histories.length - found.length;
      console.log(
        `avro-oracle levels: ${agreed}/${histories.length} agree; ` +
          `${historyVerdicts.filter((v) => v.compatible).length} compatible`,
      );
      const written = await recordFixtures(found);
      expect(found.length, report('checkLevel', histories.length, found, written)).toBe(0);
    },
    SHRINK_TIMEOUT_MS,
  );

  it(
    "accepts and refuses the same near-miss schemas as Avro's Java parser",
    async () => {
      const found: Disagreement[] = [];
      for (const [i, m] of mutants.entries()) {
        const avro = mutantVerdicts[i] as OracleVerdict;
        const engine = engineVerdict(m.schema, m.schema);
        const why = compareSchema(avro, engine);
        if (why !== undefined) {
          found.push({
            kind: 'parse',
            id: m.id,
            steps: [m.mutation],
            schemas: { schema: m.schema },
            avro,
            engine,
            why,
          });
        }
      }
      const refused = mutantVerdicts.filter((v) => v.errorKind === 'parse').length;
      console.log(
        `avro-oracle schemas: ${mutants.length - found.length}/${mutants.length} agree; Java refuses ${refused}`,
      );
      const written = await recordFixtures(found);
      expect(found.length, report('schema acceptance', mutants.length, found, written)).toBe(0);
    },
    SHRINK_TIMEOUT_MS,
  );

  it('still agrees on every recorded disagreement fixture, and Avro still gives the recorded verdict', async () => {
    const files = existsSync(FIXTURES)
      ? readdirSync(FIXTURES)
          .filter((f) => f.endsWith('.json'))
          .sort()
      : [];
    const fixtures = files.map((f) => ({
      file: f,
      data: JSON.parse(readFileSync(`${FIXTURES}${f}`, 'utf8')) as Record<string, unknown>,
    }));
    const requests: OracleRequest[] = fixtures.map(({ file, data }) =>
      data['kind'] === 'level'
        ? {
            id: file,
            level: String(data['level']),
            existing: data['existing'] as unknown[],
            candidate: data['candidate'],
          }
        : data['kind'] === 'parse'
          ? { id: file, reader: data['schema'], writer: data['schema'] }
          : { id: file, reader: data['reader'], writer: data['writer'] },
    );
    const verdicts = requests.length > 0 ? await runOracle(requests) : [];
    const problems: string[] = [];
    for (const [i, { file, data }] of fixtures.entries()) {
      const avro = verdicts[i] as OracleVerdict;
      const recorded = data['avro'] as {
        compatible: boolean;
        incompatibilities: OracleIncompatibility[];
      };
      if (
        avro.compatible !== recorded.compatible ||
        keySet(avro.incompatibilities).join() !== keySet(recorded.incompatibilities).join()
      ) {
        problems.push(
          `${file}: Avro now says ${JSON.stringify(avro)}, the fixture recorded ${JSON.stringify(recorded)}`,
        );
        continue;
      }
      const why =
        data['kind'] === 'parse'
          ? compareSchema(avro, engineVerdict(data['schema'], data['schema']))
          : data['kind'] === 'level'
            ? compareLevel(
                avro,
                engineLevel(
                  data['level'] as CompatibilityLevelName,
                  data['existing'] as unknown[],
                  data['candidate'],
                ),
              )
            : comparePair(avro, engineVerdict(data['reader'], data['writer']));
      if (why !== undefined) problems.push(`${file}: ${why}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('agrees on very deep and very wide schemas, on both sides of the JSON depth limit', async () => {
    // Avro reads schemas with Jackson's default limit of 1,000 nested JSON objects and arrays.
    const deepRecord = (levels: number, leaf: unknown): unknown => {
      let node: unknown = leaf;
      for (let i = levels - 1; i >= 0; i--) {
        node = { type: 'record', name: `R${i}`, fields: [{ name: 'f', type: node }] };
      }
      return node;
    };
    const deepArray = (levels: number, leaf: unknown): unknown => {
      let node: unknown = leaf;
      for (let i = 0; i < levels; i++) node = { type: 'array', items: node };
      return node;
    };
    const deepUnion = (levels: number, leaf: unknown): unknown => {
      let node: unknown = leaf;
      for (let i = 0; i < levels; i++)
        node = i % 2 === 0 ? { type: 'map', values: node } : ['null', node];
      return node;
    };
    const wide = (count: number, extra: boolean): unknown => ({
      type: 'record',
      name: 'Wide',
      fields: [
        ...Array.from({ length: count }, (_, i) => ({
          name: `f${i}`,
          type: i % 3 === 0 ? 'int' : 'string',
        })),
        ...(extra ? [{ name: 'added', type: 'long' }] : []),
      ],
    });
    const cases: { id: string; reader: unknown; writer: unknown }[] = [
      { id: 'record-330-promote', reader: deepRecord(330, 'long'), writer: deepRecord(330, 'int') },
      { id: 'record-330-narrow', reader: deepRecord(330, 'int'), writer: deepRecord(330, 'long') },
      { id: 'record-1000', reader: deepRecord(1000, 'long'), writer: deepRecord(1000, 'int') },
      { id: 'array-1000', reader: deepArray(1000, 'string'), writer: deepArray(1000, 'bytes') },
      { id: 'array-1001', reader: deepArray(1001, 'string'), writer: deepArray(1001, 'bytes') },
      { id: 'map-union-999', reader: deepUnion(999, 'boolean'), writer: deepUnion(999, 'int') },
      { id: 'wide-same', reader: wide(5000, false), writer: wide(5000, false) },
      { id: 'wide-added-no-default', reader: wide(5000, true), writer: wide(5000, false) },
      { id: 'wide-removed', reader: wide(5000, false), writer: wide(5000, true) },
    ];
    const verdicts = await runOracle(cases);
    const problems: string[] = [];
    for (const [i, c] of cases.entries()) {
      const avro = verdicts[i] as OracleVerdict;
      const why = compareSchema(avro, engineVerdict(c.reader, c.writer));
      if (why !== undefined) problems.push(`${c.id}: ${why.slice(0, 400)}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
    // The oracle itself: what Java accepts here, and its verdicts.
    expect(verdicts.map((v) => (v.errorKind === 'parse' ? 'refused' : v.compatible))).toEqual([
      true,
      false,
      'refused',
      true,
      'refused',
      false,
      true,
      false,
      true,
    ]);
  });

  it('answers bad input line by line without stopping the stream', async () => {
    const verdicts = await runOracle([
      { id: 'bad-schema', reader: { type: 'record', name: 'R' }, writer: 'int' },
      {
        id: 'bad-default',
        reader: { type: 'record', name: 'R', fields: [{ name: 'a', type: 'int', default: 'x' }] },
        writer: 'int',
      },
      { id: 'bad-level', level: 'SIDEWAYS', existing: ['int'], candidate: 'int' },
      {
        id: 'two-missing',
        reader: {
          type: 'record',
          name: 'R',
          fields: [
            { name: 'a', type: 'int' },
            { name: 'b', type: 'string' },
          ],
        },
        writer: { type: 'record', name: 'R', fields: [] },
      },
    ]);
    expect(verdicts.map((v) => [v.id, v.compatible, Boolean(v.error)])).toEqual([
      ['bad-schema', false, true],
      ['bad-default', false, true],
      ['bad-level', false, true],
      ['two-missing', false, false],
    ]);
    expect(verdicts[0]?.error).toMatch(/"reader" is not a valid Avro schema/);
    expect(verdicts[2]?.error).toMatch(/"level" must be one of NONE, BACKWARD/);
    expect(verdicts[3]?.incompatibilities).toEqual([
      { type: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/0', message: 'a' },
      { type: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/1', message: 'b' },
    ]);
  });
});
