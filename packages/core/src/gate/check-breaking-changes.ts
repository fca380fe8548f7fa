import {
  createCompatibilityChecker,
  type CompatibilityChecker,
  type CompatibilityDirection,
} from '../compat/compatibility-checker.js';
import type { Incompatibility } from '../compat/types.js';
import type { AvroSchemaModel } from '../compat/avro-model.js';
import { writeSchema } from '../compat/canonical-form.js';
import {
  parseAvroSchema,
  parseAvroSchemaOnce,
  type AvroSchemaError,
} from '../compat/parse-avro-schema.js';
import type { Result } from '../errors/result.js';
import { appendTo } from '../model/collections.js';
import type { Finding } from '../model/finding.js';
import type { LoadedPort, LoadedProduct, Workspace } from '../workspace/load-workspace.js';
import { checkQualityLoosened } from './checks/quality-loosened.js';
import { checkSlaLoosened } from './checks/sla-loosened.js';
import {
  historyKey,
  type GateInput,
  type GateResult,
  type PortChange,
  type PortChangeKind,
} from './gate-types.js';
import { bumpBetween, bumpRank, type Bump } from './semver.js';
import { applyWaivers } from './waivers.js';

export const GATE_RULES = {
  versionNotBumped: 'version-not-bumped',
  versionBumpTooSmall: 'version-bump-too-small',
  breakingWithoutMajor: 'breaking-change-without-major',
  portRemoved: 'port-removed',
  productRemoved: 'product-removed',
  deprecatedWithoutSunset: 'deprecated-without-sunset',
  ownerChanged: 'owner-changed',
} as const;

/** The `compat` form of a schema (canonical form plus defaults and aliases), or its JSON text. */
const semanticForm = (
  schema: unknown,
  parsed: Result<AvroSchemaModel, AvroSchemaError[]>,
): string => (parsed.ok ? writeSchema(parsed.value.root, 'compat') : JSON.stringify(schema));

const requiredBump: Record<Exclude<PortChangeKind, 'added' | 'removed'>, Bump> = {
  unchanged: 'none',
  docs: 'patch',
  compatible: 'minor',
  breaking: 'major',
};

/** Products consuming each port major, from the input ports of the head workspace. */
const consumersOf = (ws: Workspace): Map<string, string[]> => {
  const map = new Map<string, string[]>();
  for (const p of ws.products) {
    for (const input of p.descriptor.inputPorts ?? []) {
      const key = historyKey(input.product, input.port, input.major);
      appendTo(map, key, p.id);
    }
  }
  return map;
};

const portLoc = (product: LoadedProduct, pointer: string) => ({
  file: product.file,
  pointer,
  ...product.source.locate(pointer),
});

/**
 * The contract-test gate: compares the candidate workspace with the published one and reports
 * every change a consumer could be hurt by (schema breaks at the port's level against every
 * published version the level names, version bumps that do not match the change, removals before
 * sunset, looser SLAs and quality rules), with the downstream products each break reaches.
 */
export const checkBreakingChanges = (input: GateInput): GateResult => {
  const checker: CompatibilityChecker = input.checker ?? createCompatibilityChecker();
  const findings: Finding[] = [];
  const ports: PortChange[] = [];
  const consumers = consumersOf(input.head);
  const selected = (id: string) => !input.products || input.products.has(id);
  const baseById = new Map((input.base?.products ?? []).map((p) => [p.id, p]));
  const headById = new Map(input.head.products.map((p) => [p.id, p]));
  let checked = 0;

  for (const product of input.head.products) {
    if (!selected(product.id)) continue;
    checked++;
    const before = baseById.get(product.id);
    const d = product.descriptor;
    for (const [i, port] of d.outputPorts.entries()) {
      if (port.lifecycle === 'deprecated' && !port.sunset && !d.sunset)
        findings.push({
          ruleId: GATE_RULES.deprecatedWithoutSunset,
          severity: 'error',
          message: `port ${port.name} ${port.version} is deprecated without a sunset date`,
          location: portLoc(product, `/outputPorts/${i}/lifecycle`),
          product: product.id,
          port: port.name,
          hint: 'add "sunset: YYYY-MM-DD" so consumers know how long they have',
        });
    }
    if (before && before.descriptor.owner.team !== d.owner.team)
      findings.push({
        ruleId: GATE_RULES.ownerChanged,
        severity: 'info',
        message: `owner changed from ${before.descriptor.owner.team} to ${d.owner.team}`,
        location: portLoc(product, '/owner'),
        product: product.id,
      });
    for (const port of product.ports) {
      const key = historyKey(product.id, port.name, port.major);
      const common = { product: product.id, port: port.name };
      const old = before?.ports.find((p) => p.name === port.name && p.major === port.major);
      const change: PortChange = {
        product: product.id,
        port: port.name,
        major: port.major,
        change: 'added',
        versionAfter: port.version,
        level: port.descriptor.compatibility,
        consumers: consumers.get(key) ?? [],
      };
      ports.push(change);
      if (!old) continue;
      change.versionBefore = old.version;
      change.change = compareSchemas(checker, input, product, port, old, findings);
      const need = requiredBump[change.change as keyof typeof requiredBump];
      const bump = bumpBetween(old.version, port.version);
      const at = portLoc(product, `${port.pointer}/version`);
      if (change.change === 'breaking') {
        findings.push({
          ruleId: GATE_RULES.breakingWithoutMajor,
          severity: 'error',
          message: `port ${port.name} has a breaking change but stays on major ${port.major}`,
          location: at,
          ...common,
          hint: `keep ${port.name} ${old.version} as it was (deprecated, with a sunset date) and add the new contract as a new entry with version ${port.major + 1}.0.0 beside it`,
        });
      } else if (bumpRank[need] > 0 && bump === 'none') {
        findings.push({
          ruleId: GATE_RULES.versionNotBumped,
          severity: 'error',
          message: `contract of port ${port.name} changed (${change.change}) but its version stayed ${port.version}`,
          location: at,
          ...common,
          hint: `bump to at least ${nextVersion(old.version, need)}`,
        });
      } else if (bumpRank[bump] < bumpRank[need]) {
        findings.push({
          ruleId: GATE_RULES.versionBumpTooSmall,
          severity: 'error',
          message: `a ${change.change} change of port ${port.name} needs a ${need} bump, but ${old.version} -> ${port.version} is a ${bump} bump`,
          location: at,
          ...common,
          hint: `use version ${nextVersion(old.version, need)}`,
        });
      }
      for (const f of checkSlaLoosened(old.descriptor.sla, port.descriptor.sla, port.pointer))
        findings.push({
          ruleId: f.ruleId,
          severity: 'error',
          message: `port ${port.name}: ${f.message}`,
          location: portLoc(product, f.pointer),
          ...common,
          ...(f.hint ? { hint: f.hint } : {}),
        });
      for (const f of checkQualityLoosened(
        old.descriptor.quality,
        port.descriptor.quality,
        port.pointer,
      ))
        findings.push({
          ruleId: f.ruleId,
          severity: f.severity,
          message: `port ${port.name}: ${f.message}`,
          location: portLoc(product, f.pointer),
          ...common,
          ...(f.hint ? { hint: f.hint } : {}),
        });
    }
  }

  // Removals: what was published and is gone, before its sunset date.
  for (const old of input.base?.products ?? []) {
    if (!selected(old.id) || input.unloaded?.has(old.id)) continue;
    const now = headById.get(old.id);
    const sunset = (s: string | undefined) => s !== undefined && s <= input.today;
    if (!now) {
      if (sunset(old.descriptor.sunset)) continue;
      const reached = old.ports.flatMap(
        (p) => consumers.get(historyKey(old.id, p.name, p.major)) ?? [],
      );
      findings.push({
        ruleId: GATE_RULES.productRemoved,
        severity: 'error',
        message: `product ${old.id} was removed${old.descriptor.sunset ? ` before its sunset date ${old.descriptor.sunset}` : ' without being deprecated with a sunset date'}`,
        location: { file: old.file },
        product: old.id,
        hint: 'mark it deprecated with a sunset date and remove it after that date',
        data: { downstream: [...new Set(reached)] },
      });
      continue;
    }
    for (const p of old.ports) {
      if (now.ports.some((n) => n.name === p.name && n.major === p.major)) continue;
      const key = historyKey(old.id, p.name, p.major);
      ports.push({
        product: old.id,
        port: p.name,
        major: p.major,
        change: 'removed',
        versionBefore: p.version,
        consumers: consumers.get(key) ?? [],
      });
      if (sunset(p.descriptor.sunset ?? old.descriptor.sunset)) continue;
      const when = p.descriptor.sunset ?? old.descriptor.sunset;
      findings.push({
        ruleId: GATE_RULES.portRemoved,
        severity: 'error',
        message: `port ${p.name} major ${p.major} (${p.version}) was removed${when ? ` before its sunset date ${when}` : ' without a sunset date'}`,
        location: { file: now.file, ...now.source.locate('/outputPorts') },
        product: old.id,
        port: p.name,
        hint: `keep ${p.name} ${p.version} beside the new major, marked "lifecycle: deprecated" with a sunset date, until that date`,
        data: { major: p.major },
      });
    }
  }

  // Downstream impact: every error on a port lists the products consuming that port major.
  const withImpact = findings.map((f): Finding => {
    if (f.severity !== 'error' || !f.product || !f.port) return f;
    const major =
      typeof f.data?.major === 'number'
        ? f.data.major
        : headById.get(f.product)?.ports.find((p) => p.name === f.port)?.major;
    const reached =
      major === undefined ? [] : (consumers.get(historyKey(f.product, f.port, major)) ?? []);
    if (reached.length === 0) return f;
    return {
      ...f,
      message: `${f.message}; breaks downstream ${reached.join(', ')}`,
      data: { ...f.data, downstream: reached },
    };
  });
  return { findings: applyWaivers(withImpact, input.waivers, input.today), ports, checked };
};

const nextVersion = (version: string, bump: Bump): string => {
  const [ma = 0, mi = 0, pa = 0] = version.split('.').map(Number);
  if (bump === 'major') return `${ma + 1}.0.0`;
  if (bump === 'minor') return `${ma}.${mi + 1}.0`;
  return `${ma}.${mi}.${pa + 1}`;
};

/** Classifies the contract change of one port major and reports each incompatibility found. */
const compareSchemas = (
  checker: CompatibilityChecker,
  input: GateInput,
  product: LoadedProduct,
  port: LoadedPort,
  old: LoadedPort,
  findings: Finding[],
): PortChangeKind => {
  if (JSON.stringify(old.schema) === JSON.stringify(port.schema)) return 'unchanged';
  const before = parseAvroSchemaOnce(old.schema);
  const after = parseAvroSchemaOnce(port.schema);
  if (semanticForm(old.schema, before) === semanticForm(port.schema, after)) return 'docs';
  const level = port.descriptor.compatibility;
  // Published versions that are not valid Avro were never readable by anyone: they constrain
  // nothing. The parsed models go to the checker as they are. Only the versions the level
  // compares with are parsed: all for the transitive levels, the newest valid one for the plain
  // levels (Confluent's semantics), none for NONE.
  const published = input.histories.get(historyKey(product.id, port.name, port.major)) ?? [];
  const newestFirst: { version: string; schema: unknown }[] = [];
  for (let i = published.length - 1; level !== 'NONE' && i >= 0; i--) {
    const schema = published[i]!.schema;
    const parsed = schema === undefined ? undefined : parseAvroSchema(schema);
    if (!parsed?.ok) continue;
    newestFirst.push({ version: published[i]!.version, schema: parsed.value });
    if (!level.endsWith('_TRANSITIVE')) break;
  }
  const history = newestFirst.reverse();
  if (history.length === 0)
    history.push({ version: old.version, schema: before.ok ? before.value : old.schema });
  const result = checker.checkLevel(
    level,
    history.map((h) => h.schema),
    after.ok ? after.value : port.schema,
  );
  if (result.compatible) return 'compatible';
  // One finding per distinct incompatibility, listing every published version it conflicts with.
  const distinct = new Map<
    string,
    { inc: Incompatibility; direction: CompatibilityDirection; versions: string[] }
  >();
  for (const r of result.results) {
    if (r.compatible) continue;
    const against = history[r.againstVersionIndex]?.version ?? `#${r.againstVersionIndex + 1}`;
    for (const inc of r.incompatibilities) {
      const id = `${r.direction}|${inc.type}|${inc.location}|${inc.message}`;
      const known = distinct.get(id);
      if (known) known.versions.push(against);
      else distinct.set(id, { inc, direction: r.direction, versions: [against] });
    }
  }
  for (const { inc, direction, versions } of distinct.values()) {
    const list = versions.join(', ');
    const effect =
      direction === 'backward'
        ? `the new schema cannot read data written with ${list}`
        : `consumers still on ${list} cannot read data written with the new schema`;
    findings.push({
      ruleId: inc.ruleId,
      severity: 'error',
      message: `${port.name} ${port.version} is not ${level}: ${inc.type} at ${inc.location || '/'} (${inc.message}); ${effect}`,
      // The pointer is into the reader: the new schema (backward) or the old one (forward); the
      // position is looked up in the new file, where the same path usually still exists.
      location: {
        file: port.contractFile,
        pointer: inc.location,
        ...port.contractSource.locate(inc.location),
      },
      product: product.id,
      port: port.name,
      hint: `${level} forbids this; see docs/rules/${inc.ruleId}.md for the fix`,
      data: {
        avroType: inc.type,
        direction,
        level,
        pointer: inc.location,
        major: port.major,
        versions,
      },
    });
  }
  return 'breaking';
};
