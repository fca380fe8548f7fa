import {
  historyKey,
  portNames,
  type Finding,
  type LoadedPort,
  type LoadedProduct,
  type QualityRule,
  type Sla,
  type Workspace,
} from '@meshkit/core';
import { buildSearchIndex } from '../search/search-index.js';
import {
  CATALOG_SCHEMA_VERSION,
  type Catalog,
  type CatalogDomain,
  type CatalogPort,
  type CatalogProduct,
  type GateStatus,
  type LineageEdge,
  type PortQuality,
  type PortVersion,
  type QualityRuleEntry,
  type QualityRun,
  type QualityStatus,
  type SlaEntry,
} from './catalog-model.js';
import { toSchemaTree } from './field-tree.js';
import { diffSchemas } from './schema-changes.js';

/** One committed version of a contract, newest first in `CatalogInputs.history`. */
export interface ContractVersion {
  commit: string;
  date: string;
  author: string;
  subject: string;
  /** The port's version in product.yaml at that commit, when known. */
  version?: string;
  /** The contract at that commit, with shared named types written out (for the engine). */
  schema: unknown;
  /** The contract file as written at that commit (custom attributes such as `pii` kept). */
  source?: unknown;
}

/** One quality run of one port, as read from the results files. */
export interface QualityRunInput {
  product: string;
  port: string;
  major?: number;
  at: string;
  results: {
    rule?: string;
    index?: number;
    passed: boolean;
    value?: number | string;
    message?: string;
  }[];
  sla?: { kind: SlaEntry['kind']; passed: boolean; measured?: string }[];
}

/** The compatibility engine, when present: may `reader` read data written with `writer`? */
export type CompareSchemas = (
  reader: unknown,
  writer: unknown,
) => { compatible: boolean; messages: string[] };

export interface CatalogInputs {
  generatedAt: string;
  /** Committed versions per port, keyed by `historyKey(product, port, major)`, newest first. */
  history?: ReadonlyMap<string, readonly ContractVersion[]>;
  /** Quality runs, in any order. */
  quality?: readonly QualityRunInput[];
  /** The latest gate result: its findings, and when it ran. */
  gate?: { at?: string; findings: readonly Finding[] };
  compare?: CompareSchemas;
}

const ruleName = (rule: QualityRule, index: number): string => {
  if (rule.name) return rule.name;
  if (rule.type === 'sql' || rule.query) return `sql #${index + 1}`;
  const cols = rule.column ?? rule.columns?.join(',');
  return `${rule.metric ?? 'rule'}${cols ? `(${cols})` : ''}`;
};

const OPERATORS: [keyof QualityRule, string][] = [
  ['mustBe', '='],
  ['mustNotBe', '!='],
  ['mustBeGreaterThan', '>'],
  ['mustBeGreaterOrEqualTo', '>='],
  ['mustBeLessThan', '<'],
  ['mustBeLessOrEqualTo', '<='],
  ['mustBeBetween', 'between'],
  ['mustNotBeBetween', 'not between'],
];

const expectation = (rule: QualityRule): string => {
  const cols = rule.column ?? rule.columns?.join(', ');
  // What makes a value invalid or missing belongs to the expectation a reader sees.
  const detail = [
    rule.validValues ? `valid: ${rule.validValues.map(String).join(', ')}` : '',
    rule.pattern ? `pattern: ${rule.pattern}` : '',
    rule.missingValues ? `missing: ${rule.missingValues.map(String).join(', ')}` : '',
  ].filter(Boolean);
  const args = [cols, ...detail].filter(Boolean).join('; ');
  const subject = rule.query ?? `${rule.metric ?? 'rule'}${args ? `(${args})` : ''}`;
  const parts = OPERATORS.filter(([k]) => rule[k] !== undefined).map(([k, op]) => {
    const v = rule[k];
    return `${op} ${Array.isArray(v) ? v.join(' and ') : String(v)}`;
  });
  const unit = rule.unit === 'percent' ? ' %' : '';
  return `${subject} ${parts.join(', ')}${parts.length > 0 ? unit : ''}`.trim();
};

const slaEntries = (sla: Sla | undefined, run: QualityRunInput | undefined): SlaEntry[] => {
  if (!sla) return [];
  const entries: SlaEntry[] = [];
  if (sla.freshness)
    entries.push({
      kind: 'freshness',
      target: `${sla.freshness.column} at most ${sla.freshness.maxAge} old`,
      status: 'unknown',
    });
  if (sla.retention)
    entries.push({
      kind: 'retention',
      target: `${sla.retention.column} kept at least ${sla.retention.minAge}`,
      status: 'unknown',
    });
  if (sla.availability !== undefined)
    entries.push({ kind: 'availability', target: `${sla.availability} %`, status: 'unknown' });
  if (sla.latency) {
    const l = Object.entries(sla.latency).map(([p, v]) => `${p} ${String(v)}`);
    entries.push({ kind: 'latency', target: l.join(', '), status: 'unknown' });
  }
  for (const e of entries) {
    const m = run?.sla?.find((s) => s.kind === e.kind);
    if (!m || !run) continue;
    e.status = m.passed ? 'met' : 'violated';
    if (m.measured !== undefined) e.measured = m.measured;
    e.measuredAt = run.at;
  }
  return entries;
};

const portQuality = (port: LoadedPort, runs: readonly QualityRunInput[]): PortQuality => {
  const rules: QualityRuleEntry[] = (port.descriptor.quality ?? []).map((r, index) => {
    const name = ruleName(r, index);
    const entry: QualityRuleEntry = {
      index,
      name,
      expectation: expectation(r),
      severity: r.severity ?? 'error',
    };
    if (r.description) entry.description = r.description;
    if (r.metric) entry.metric = r.metric;
    if (r.column) entry.column = r.column;
    return entry;
  });
  const summarize = (run: QualityRunInput): QualityRun => {
    const results = run.results.map((r) => {
      const rule = rules.find((x) =>
        r.index !== undefined && r.index >= 0 ? x.index === r.index : x.name === r.rule,
      );
      return {
        rule: rule?.name ?? r.rule ?? `#${r.index ?? '?'}`,
        passed: r.passed,
        ...(r.value !== undefined ? { value: r.value } : {}),
        ...(r.message !== undefined ? { message: r.message } : {}),
      };
    });
    const failed = results.filter((r) => !r.passed).length;
    return { at: run.at, passed: results.length - failed, failed, results };
  };
  const sorted = [...runs].sort((a, b) => a.at.localeCompare(b.at));
  const last = sorted.at(-1);
  const quality: PortQuality = {
    rules,
    status: !last ? 'unknown' : last.results.some((r) => !r.passed) ? 'failing' : 'passing',
    history: sorted.slice(-50).map((r) => {
      const s = summarize(r);
      return { at: s.at, passed: s.passed, failed: s.failed };
    }),
  };
  if (last) quality.latest = summarize(last);
  return quality;
};

type SharedSchemas = ReadonlyMap<string, unknown>;

/** Version transitions per port that get an engine verdict (the newest ones). */
const MAX_CHECKED_TRANSITIONS = 5;

const portVersions = (
  port: LoadedPort,
  current: PortVersion['schema'],
  committed: readonly ContractVersion[],
  compare: CompareSchemas | undefined,
  shared: SharedSchemas,
): PortVersion[] => {
  // Oldest first while building, so each version is compared with the one before it.
  const list: {
    meta: Omit<PortVersion, 'schema' | 'changes'>;
    raw: unknown;
    tree: PortVersion['schema'];
  }[] = [...committed].reverse().map((c) => ({
    meta: {
      commit: c.commit,
      date: c.date,
      author: c.author,
      subject: c.subject,
      ...(c.version ? { version: c.version } : {}),
    },
    raw: c.schema,
    tree: toSchemaTree(c.source ?? c.schema, shared),
  }));
  const head = list.at(-1);
  if (!head || JSON.stringify(head.tree) !== JSON.stringify(current))
    list.push({
      meta: { version: port.version, subject: 'working tree (not committed)' },
      raw: port.schema,
      tree: current,
    });
  const out: PortVersion[] = [];
  let previous: { tree: PortVersion['schema']; raw: unknown } | undefined;
  const level = port.descriptor.compatibility;
  const directions = {
    backward: !level.startsWith('FORWARD'),
    forward: level.startsWith('FORWARD') || level.startsWith('FULL'),
  };
  // The engine runs on the newest transitions only: the rest of a long history shows field changes.
  const firstChecked = Math.max(1, list.length - MAX_CHECKED_TRANSITIONS);
  for (const [index, item] of list.entries()) {
    const tree = item.tree;
    const v: PortVersion = {
      ...item.meta,
      schema: tree,
      changes: previous ? diffSchemas(previous.tree, tree) : [],
    };
    if (previous && compare && index >= firstChecked) {
      // The directions the port's level asks for; NONE still shows whether old readers cope.
      const compatibility: NonNullable<PortVersion['compatibility']> = { messages: [] };
      if (directions.backward) {
        const r = compare(item.raw, previous.raw);
        compatibility.backward = r.compatible;
        compatibility.messages.push(...r.messages);
      }
      if (directions.forward) {
        const r = compare(previous.raw, item.raw);
        compatibility.forward = r.compatible;
        compatibility.messages.push(...r.messages);
      }
      compatibility.messages = compatibility.messages.slice(0, 20);
      v.compatibility = compatibility;
    }
    out.push(v);
    previous = { tree, raw: item.raw };
  }
  return out.reverse();
};

const worst = (statuses: QualityStatus[]): QualityStatus =>
  statuses.includes('failing') ? 'failing' : statuses.includes('passing') ? 'passing' : 'unknown';

const buildPort = (
  product: LoadedProduct,
  port: LoadedPort,
  inputs: CatalogInputs,
  consumers: string[],
  shared: SharedSchemas,
): CatalogPort => {
  const runs = (inputs.quality ?? []).filter(
    (r) =>
      r.product === product.id &&
      r.port === port.name &&
      (r.major === undefined || r.major === port.major),
  );
  const lastRun = [...runs].sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  const d = port.descriptor;
  const schema = toSchemaTree(port.contractSource.value, shared);
  const out: CatalogPort = {
    name: port.name,
    major: port.major,
    version: port.version,
    contractFile: port.contractFile,
    compatibility: d.compatibility,
    format: d.format,
    partitionBy: d.partitionBy ?? [],
    names: portNames(product.domain, product.name, port.name, port.major),
    schema,
    slas: slaEntries(d.sla, lastRun),
    quality: portQuality(port, runs),
    consumers,
    versions: portVersions(
      port,
      schema,
      inputs.history?.get(historyKey(product.id, port.name, port.major)) ?? [],
      inputs.compare,
      shared,
    ),
  };
  if (d.description) out.description = d.description;
  if (d.lifecycle) out.lifecycle = d.lifecycle;
  if (d.sunset) out.sunset = d.sunset;
  return out;
};

const gateStatus = (findings: readonly Finding[], at: string | undefined): GateStatus => {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    status: errors > 0 ? 'failed' : 'passed',
    ...(at ? { at } : {}),
    errors,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
};

/**
 * The catalog of a loaded workspace. Pure: history, quality results and the gate's findings come
 * in as inputs (each optional), so the catalog builds on a machine without git or results.
 */
export const buildCatalog = (workspace: Workspace, inputs: CatalogInputs): Catalog => {
  const lineage: LineageEdge[] = [];
  for (const p of workspace.products)
    for (const input of p.descriptor.inputPorts ?? [])
      lineage.push({ from: input.product, port: input.port, major: input.major, to: p.id });
  lineage.sort(
    (a, b) =>
      a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.port.localeCompare(b.port),
  );

  const shared = workspace.sharedSchemas;
  const sortedProducts = [...workspace.products].sort((a, b) => a.id.localeCompare(b.id));
  const products: CatalogProduct[] = sortedProducts.map((p) => {
    const d = p.descriptor;
    const ports = [...p.ports]
      .sort((a, b) => a.name.localeCompare(b.name) || b.major - a.major)
      .map((port) => {
        const consumers = [
          ...new Set(
            lineage
              .filter((e) => e.from === p.id && e.port === port.name && e.major === port.major)
              .map((e) => e.to),
          ),
        ];
        return buildPort(p, port, inputs, consumers, shared);
      });
    const product: CatalogProduct = {
      id: p.id,
      domain: p.domain,
      name: p.name,
      title: d.title ?? p.name,
      owner: d.owner,
      lifecycle: d.lifecycle,
      tags: d.tags ?? [],
      file: p.file,
      inputPorts: d.inputPorts ?? [],
      ports,
      qualityStatus: worst(ports.map((x) => x.quality.status)),
    };
    if (d.description) product.description = d.description;
    if (d.sunset) product.sunset = d.sunset;
    if (inputs.gate) {
      const mine = inputs.gate.findings.filter((f) => f.product === p.id);
      const g = gateStatus(mine, undefined);
      product.gate = { status: g.status, errors: g.errors, warnings: g.warnings };
    }
    return product;
  });

  const domainNames = new Set([
    ...workspace.domains.map((d) => d.name),
    ...products.map((p) => p.domain),
  ]);
  const domains: CatalogDomain[] = [...domainNames].sort().map((name) => {
    const d = workspace.domains.find((x) => x.name === name)?.descriptor;
    const domain: CatalogDomain = {
      name,
      title: d?.title ?? name,
      tags: d?.tags ?? [],
      products: products.filter((p) => p.domain === name).map((p) => p.id),
    };
    if (d?.description) domain.description = d.description;
    if (d?.owner) domain.owner = d.owner;
    return domain;
  });

  const catalog: Catalog = {
    schemaVersion: CATALOG_SCHEMA_VERSION,
    generatedAt: inputs.generatedAt,
    domains,
    products,
    lineage,
    search: buildSearchIndex(products),
  };
  if (inputs.gate) catalog.gate = gateStatus(inputs.gate.findings, inputs.gate.at);
  return catalog;
};
