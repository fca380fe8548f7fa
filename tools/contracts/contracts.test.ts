import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadSharedTypes, parseAvroContract, type NamedTypeRegistry } from '@meshkit/core';

// The meta-contracts in contracts/, the shared Avro types in contracts/avro/ and the example
// domains in domains/ are data; this suite keeps them valid and consistent with each other.

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (rel: string): string => readFileSync(`${root}${rel}`, 'utf8');
const readJson = (rel: string): unknown => JSON.parse(read(rel)) as unknown;

// ajv 8 is a dependency of @meshkit/core (the repo root resolves eslint's ajv 6): load it the way
// core does, so the schemas are checked by the same validator the loader uses.
const requireFromCore = createRequire(`${root}packages/core/package.json`);
interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}
interface ValidateFn {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}
interface AjvLike {
  compile(schema: unknown): ValidateFn;
}
type AjvCtor = new (options: Record<string, unknown>) => AjvLike;
const Ajv2020 = (requireFromCore('ajv/dist/2020.js') as { default: AjvCtor }).default;
const addFormats = (requireFromCore('ajv-formats') as { default: (ajv: AjvLike) => AjvLike })
  .default;

const SCHEMAS = ['product', 'domain', 'waivers', 'mesh-config'] as const;
type SchemaName = (typeof SCHEMAS)[number];

const compile = (name: SchemaName): ValidateFn => {
  // Strict (minus strictRequired, which forbids `required` inside if/then): no unknown keywords,
  // no union types, no ambiguous tuples, so the schemas compile silently under any stricter setup.
  const ajv = addFormats(
    new Ajv2020({
      allErrors: true,
      strict: true,
      strictRequired: false,
      logger: {
        log: () => undefined,
        warn: (m: unknown) => {
          throw new Error(`ajv warning for ${name}: ${String(m)}`);
        },
        error: (m: unknown) => {
          throw new Error(`ajv error for ${name}: ${String(m)}`);
        },
      },
    }),
  );
  return ajv.compile(readJson(`contracts/${name}.schema.json`));
};
const validators = Object.fromEntries(SCHEMAS.map((n) => [n, compile(n)])) as Record<
  SchemaName,
  ValidateFn
>;

const errorsOf = (name: SchemaName, data: unknown): AjvError[] => {
  const validate = validators[name];
  return validate(data) ? [] : (validate.errors ?? []);
};
const explain = (errors: AjvError[]): string =>
  errors.map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`).join('\n');

const clone = <T>(v: T): T => structuredClone(v);

// --- workspace listing ------------------------------------------------------------------------

const dirs = (rel: string): string[] =>
  readdirSync(`${root}${rel}`, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

const domains = dirs('domains');
const products = domains.flatMap((d) => dirs(`domains/${d}`).map((p) => `${d}/${p}`));

interface PortDecl {
  name: string;
  version: string;
  contract: string;
  quality?: unknown[];
}
interface ProductDoc {
  domain: string;
  name: string;
  tags?: string[];
  inputPorts?: { product: string; port: string; major: number }[];
  outputPorts: PortDecl[];
  pipeline?: { sink: { port: string } };
}
const productDoc = (id: string): ProductDoc =>
  parseYaml(read(`domains/${id}/product.yaml`)) as ProductDoc;

// --- meta-contracts ---------------------------------------------------------------------------

/** Every schema object reached through `properties` must say what the property means. */
const undocumented = (node: unknown, pointer: string, out: string[]): string[] => {
  if (Array.isArray(node)) node.forEach((n, i) => undocumented(n, `${pointer}/${i}`, out));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      // An `if` only tests a value; the property it names is documented where it is declared.
      if (key === 'if') continue;
      if (key === 'properties' && value !== null && typeof value === 'object') {
        for (const [prop, sub] of Object.entries(value)) {
          if (sub === false) continue; // `false` forbids a property in an if/then branch
          if (typeof sub !== 'object' || sub === null || !('description' in sub))
            out.push(`${pointer}/properties/${prop}`);
        }
      }
      undocumented(value, `${pointer}/${key}`, out);
    }
  }
  return out;
};

describe('meta-contracts', () => {
  it.each(SCHEMAS)('%s.schema.json is draft 2020-12 with a meshkit.dev $id', (name) => {
    const schema = readJson(`contracts/${name}.schema.json`) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`https://meshkit.dev/schemas/${name}.schema.json`);
  });

  it.each(SCHEMAS)('%s.schema.json documents every property', (name) => {
    expect(undocumented(readJson(`contracts/${name}.schema.json`), '#', [])).toEqual([]);
  });

  it.each(SCHEMAS)(
    '%s.schema.json closes every object with additionalProperties: false',
    (name) => {
      const open: string[] = [];
      const walk = (node: unknown, pointer: string): void => {
        if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${pointer}/${i}`));
        else if (node !== null && typeof node === 'object') {
          const o = node as Record<string, unknown>;
          if (o.type === 'object' && o.additionalProperties !== false) open.push(pointer);
          for (const [k, v] of Object.entries(o)) walk(v, `${pointer}/${k}`);
        }
      };
      walk(readJson(`contracts/${name}.schema.json`), '#');
      expect(open).toEqual([]);
    },
  );

  it('accepts the mesh.config.yaml at the repository root', () => {
    const errors = errorsOf('mesh-config', parseYaml(read('mesh.config.yaml')));
    expect(explain(errors)).toBe('');
  });

  it('accepts the quality operators and compatibility levels of the core model', async () => {
    const { COMPATIBILITY_LEVELS, QUALITY_OPERATORS } = await import('@meshkit/core');
    const schema = readJson('contracts/product.schema.json') as {
      $defs: {
        outputPort: { properties: { compatibility: { enum: string[] } } };
        qualityRule: { oneOf: { required: string[] }[] };
      };
    };
    expect([...schema.$defs.outputPort.properties.compatibility.enum].sort()).toEqual(
      [...COMPATIBILITY_LEVELS].sort(),
    );
    expect(schema.$defs.qualityRule.oneOf.map((b) => b.required[0]).sort()).toEqual(
      [...QUALITY_OPERATORS].sort(),
    );
  });
});

// --- example domains --------------------------------------------------------------------------

describe('example domains', () => {
  it('has at least 3 domains and 7 products', () => {
    expect(domains.length).toBeGreaterThanOrEqual(3);
    expect(products.length).toBeGreaterThanOrEqual(7);
  });

  it.each(domains)('domains/%s/domain.yaml is valid and named after its folder', (domain) => {
    const doc = parseYaml(read(`domains/${domain}/domain.yaml`)) as { name: string };
    expect(explain(errorsOf('domain', doc))).toBe('');
    expect(doc.name).toBe(domain);
  });

  it.each(products)('domains/%s/product.yaml is valid and named after its folders', (id) => {
    const doc = productDoc(id);
    expect(explain(errorsOf('product', doc))).toBe('');
    expect(`${doc.domain}/${doc.name}`).toBe(id);
  });

  it.each(products)('domains/%s: input ports and the pipeline sink exist', (id) => {
    const doc = productDoc(id);
    for (const input of doc.inputPorts ?? []) {
      expect(products, `${id} reads ${input.product}`).toContain(input.product);
      const upstream = productDoc(input.product);
      const majors = upstream.outputPorts
        .filter((p) => p.name === input.port)
        .map((p) => Number(p.version.split('.')[0]));
      expect(majors, `${id} reads ${input.product}/${input.port}`).toContain(input.major);
    }
    if (doc.pipeline) expect(doc.outputPorts.map((p) => p.name)).toContain(doc.pipeline.sink.port);
  });

  it('loads into a workspace without findings', async () => {
    const { openWorkspace } = await import('@meshkit/runtime');
    const { workspace, findings } = await openWorkspace(root);
    expect(findings).toEqual([]);
    expect(workspace.products.map((p) => p.id).sort()).toEqual(products);
  });

  it('declares quality rules and SLAs the quality engine can run on each contract', async () => {
    const { openWorkspace } = await import('@meshkit/runtime');
    const { contractColumns, findQualityRuleProblems } = await import('@meshkit/core');
    const { workspace } = await openWorkspace(root);
    const problems = workspace.products.flatMap((p) =>
      p.ports.flatMap((port) => {
        const decl = p.descriptor.outputPorts.find((o) => o.name === port.name);
        return findQualityRuleProblems(
          decl?.quality ?? [],
          contractColumns(port.schema),
          decl?.sla,
        ).map((x) => `${p.id}/${port.name}${x.pointer}: ${x.message}`);
      }),
    );
    expect(problems).toEqual([]);
  });

  it('passes every quality rule and schema check on the good fixtures (DuckDB)', async () => {
    const { openWorkspace } = await import('@meshkit/runtime');
    const { DuckDbQualityRunner } = await import('@meshkit/duckdb');
    const { workspace } = await openWorkspace(root);
    const runner = new DuckDbQualityRunner({ allowedRoots: [`${root}domains`], threads: 1 });
    const failed: string[] = [];
    for (const p of workspace.products)
      for (const port of p.ports) {
        const decl = p.descriptor.outputPorts.find((o) => o.name === port.name);
        const report = await runner.run({
          dataset: { location: `${root}${p.dir}/fixtures/${port.name}.jsonl`, format: 'jsonl' },
          rules: decl?.quality ?? [],
          schema: port.schema,
          partitionBy: decl?.partitionBy ?? [],
        });
        for (const f of report.findings)
          if (f.severity !== 'info') failed.push(`${p.id}/${port.name}: ${f.message}`);
      }
    expect(failed).toEqual([]);
  });

  it.each(products)('domains/%s has 3 to 6 quality rules per port, one of them sql', (id) => {
    for (const port of productDoc(id).outputPorts) {
      const rules = (port.quality ?? []) as { type?: string }[];
      expect(rules.length).toBeGreaterThanOrEqual(3);
      expect(rules.length).toBeLessThanOrEqual(6);
      expect(rules.some((r) => r.type === 'sql')).toBe(true);
    }
  });
});

// --- bad descriptors --------------------------------------------------------------------------

const baseProduct = (): Record<string, unknown> => clone(productDoc('sales/orders')) as never;
type Port = Record<string, unknown> & { quality: Record<string, unknown>[] };
const port0 = (doc: Record<string, unknown>): Port => (doc.outputPorts as Port[])[0]!;
const setRules = (doc: Record<string, unknown>, ...rules: Record<string, unknown>[]) => {
  port0(doc).quality = rules;
  return doc;
};

const badProducts: [string, (d: Record<string, unknown>) => unknown, string, string][] = [
  ['an uppercase product name', (d) => ({ ...d, name: 'Orders' }), '/name', 'pattern'],
  ['a product name with ..', (d) => ({ ...d, name: '..' }), '/name', 'pattern'],
  ['a product name with a slash', (d) => ({ ...d, name: 'sales/orders' }), '/name', 'pattern'],
  ['an absolute product name', (d) => ({ ...d, name: '/etc' }), '/name', 'pattern'],
  ['a name longer than 64', (d) => ({ ...d, name: 'a'.repeat(65) }), '/name', 'maxLength'],
  ['an unknown top-level key', (d) => ({ ...d, owners: [] }), '', 'additionalProperties'],
  ['a wrong apiVersion', (d) => ({ ...d, apiVersion: 'meshkit/v2' }), '/apiVersion', 'const'],
  ['a wrong kind', (d) => ({ ...d, kind: 'Domain' }), '/kind', 'const'],
  ['a missing owner', (d) => ({ ...d, owner: undefined }), '', 'required'],
  [
    'an owner email that is not one',
    (d) => ({ ...d, owner: { team: 'x', email: 'x@' } }),
    '/owner/email',
    'format',
  ],
  ['an unknown lifecycle', (d) => ({ ...d, lifecycle: 'beta' }), '/lifecycle', 'enum'],
  ['deprecated without sunset', (d) => ({ ...d, lifecycle: 'deprecated' }), '', 'required'],
  [
    'a sunset that is not a date',
    (d) => ({ ...d, lifecycle: 'deprecated', sunset: 'next year' }),
    '/sunset',
    'format',
  ],
  ['an uppercase tag', (d) => ({ ...d, tags: ['Tier:1'] }), '/tags/0', 'pattern'],
  ['a duplicate tag', (d) => ({ ...d, tags: ['gdpr', 'gdpr'] }), '/tags', 'uniqueItems'],
  [
    'an input port without domain',
    (d) => ({ ...d, inputPorts: [{ product: 'customers', port: 'customers', major: 1 }] }),
    '/inputPorts/0/product',
    'pattern',
  ],
  [
    'an input port of major 0',
    (d) => ({ ...d, inputPorts: [{ product: 'sales/customers', port: 'customers', major: 0 }] }),
    '/inputPorts/0/major',
    'minimum',
  ],
  ['no output ports', (d) => ({ ...d, outputPorts: [] }), '/outputPorts', 'minItems'],
  [
    'a version that is not semver',
    (d) => ((port0(d).version = '1.3'), d),
    '/outputPorts/0/version',
    'pattern',
  ],
  [
    'a version with a leading zero',
    (d) => ((port0(d).version = '1.03.0'), d),
    '/outputPorts/0/version',
    'pattern',
  ],
  [
    'a contract escaping the product folder',
    (d) => ((port0(d).contract = '../../etc/passwd.avsc'), d),
    '/outputPorts/0/contract',
    'pattern',
  ],
  [
    'an absolute contract path',
    (d) => ((port0(d).contract = '/etc/orders.avsc'), d),
    '/outputPorts/0/contract',
    'pattern',
  ],
  [
    'a contract that is not .avsc',
    (d) => ((port0(d).contract = 'contracts/orders.json'), d),
    '/outputPorts/0/contract',
    'pattern',
  ],
  [
    'an unknown compatibility level',
    (d) => ((port0(d).compatibility = 'BACKWARDS'), d),
    '/outputPorts/0/compatibility',
    'enum',
  ],
  ['an unknown format', (d) => ((port0(d).format = 'orc'), d), '/outputPorts/0/format', 'enum'],
  [
    'a deprecated port without sunset',
    (d) => ((port0(d).lifecycle = 'deprecated'), d),
    '/outputPorts/0',
    'required',
  ],
  [
    'an availability over 100',
    (d) => (((port0(d).sla as Record<string, unknown>).availability = 120), d),
    '/outputPorts/0/sla/availability',
    'maximum',
  ],
  [
    'a maxAge that is not ISO-8601',
    (d) => (
      ((port0(d).sla as Record<string, unknown>).freshness = {
        column: 'updated_at',
        maxAge: '15 minutes',
      }),
      d
    ),
    '/outputPorts/0/sla/freshness/maxAge',
    'pattern',
  ],
  [
    'an empty duration PT',
    (d) => (((port0(d).sla as Record<string, unknown>).latency = { p99: 'PT' }), d),
    '/outputPorts/0/sla/latency/p99',
    'pattern',
  ],
  [
    'a quality rule with two operators',
    (d) => setRules(d, { metric: 'rowCount', mustBe: 1, mustNotBe: 0 }),
    '/outputPorts/0/quality/0',
    'oneOf',
  ],
  [
    'a quality rule without operator',
    (d) => setRules(d, { metric: 'rowCount' }),
    '/outputPorts/0/quality/0',
    'oneOf',
  ],
  [
    'a quality rule with an unknown metric',
    (d) => setRules(d, { metric: 'nullCount', column: 'a', mustBe: 0 }),
    '/outputPorts/0/quality/0/metric',
    'enum',
  ],
  [
    'a sql rule without {dataset}',
    (d) => setRules(d, { type: 'sql', query: 'SELECT 1', mustBe: 1 }),
    '/outputPorts/0/quality/0/query',
    'pattern',
  ],
  [
    'a sql rule without query',
    (d) => setRules(d, { type: 'sql', mustBe: 1 }),
    '/outputPorts/0/quality/0',
    'required',
  ],
  [
    'a sql rule with a metric',
    (d) =>
      setRules(d, {
        type: 'sql',
        metric: 'rowCount',
        query: 'SELECT count(*) FROM {dataset}',
        mustBe: 1,
      }),
    '/outputPorts/0/quality/0/metric',
    'false schema',
  ],
  [
    'a library rule without metric',
    (d) => setRules(d, { column: 'a', mustBe: 0 }),
    '/outputPorts/0/quality/0',
    'required',
  ],
  [
    'nullValues without column',
    (d) => setRules(d, { metric: 'nullValues', mustBe: 0 }),
    '/outputPorts/0/quality/0',
    'required',
  ],
  [
    'invalidValues without what is valid',
    (d) => setRules(d, { metric: 'invalidValues', column: 'status', mustBe: 0 }),
    '/outputPorts/0/quality/0',
    'anyOf',
  ],
  [
    'rowCount on a column',
    (d) => setRules(d, { metric: 'rowCount', column: 'a', mustBe: 0 }),
    '/outputPorts/0/quality/0/column',
    'false schema',
  ],
  [
    'mustBeBetween with one bound',
    (d) => setRules(d, { metric: 'rowCount', mustBeBetween: [1] }),
    '/outputPorts/0/quality/0/mustBeBetween',
    'minItems',
  ],
  [
    'an operator that is not a number',
    (d) => setRules(d, { metric: 'rowCount', mustBe: 'zero' }),
    '/outputPorts/0/quality/0/mustBe',
    'type',
  ],
  [
    'an unknown unit',
    (d) => setRules(d, { metric: 'rowCount', unit: 'bytes', mustBe: 0 }),
    '/outputPorts/0/quality/0/unit',
    'enum',
  ],
  [
    'a nested column (quality reads top-level fields)',
    (d) => setRules(d, { metric: 'nullValues', column: 'total.amount', mustBe: 0 }),
    '/outputPorts/0/quality/0/column',
    'pattern',
  ],
  [
    'a percent unit on a sql rule',
    (d) =>
      setRules(d, {
        type: 'sql',
        query: 'SELECT count(*) FROM {dataset}',
        unit: 'percent',
        mustBe: 0,
      }),
    '/outputPorts/0/quality/0/unit',
    'const',
  ],
  [
    'a percent unit on rowCount',
    (d) => setRules(d, { metric: 'rowCount', unit: 'percent', mustBe: 0 }),
    '/outputPorts/0/quality/0/unit',
    'const',
  ],
  [
    'columns on nullValues',
    (d) => setRules(d, { metric: 'nullValues', columns: ['a', 'b'], mustBe: 0 }),
    '/outputPorts/0/quality/0/columns',
    'false schema',
  ],
  [
    'both column and columns',
    (d) => setRules(d, { metric: 'duplicateValues', column: 'a', columns: ['a', 'b'], mustBe: 0 }),
    '/outputPorts/0/quality/0/columns',
    'false schema',
  ],
  [
    'validValues on nullValues',
    (d) => setRules(d, { metric: 'nullValues', column: 'a', validValues: ['x'], mustBe: 0 }),
    '/outputPorts/0/quality/0/validValues',
    'false schema',
  ],
  [
    'missingValues markers on nullValues',
    (d) => setRules(d, { metric: 'nullValues', column: 'a', missingValues: [''], mustBe: 0 }),
    '/outputPorts/0/quality/0/missingValues',
    'false schema',
  ],
  [
    'a nested partition column',
    (d) => ((port0(d).partitionBy = ['shipping_address.country']), d),
    '/outputPorts/0/partitionBy/0',
    'pattern',
  ],
  [
    'a transform escaping the product folder',
    (d) => (((d.pipeline as Record<string, unknown>).transform = '../shared/transform.ts'), d),
    '/pipeline/transform',
    'pattern',
  ],
  [
    'an unknown source format',
    (d) => (
      ((d.pipeline as { source: { kafka: Record<string, unknown> } }).source.kafka.format =
        'protobuf'),
      d
    ),
    '/pipeline/source/kafka/format',
    'enum',
  ],
  [
    'a topic named ..',
    (d) => (((d.pipeline as Record<string, unknown>).deadLetter = { topic: '..' }), d),
    '/pipeline/deadLetter/topic',
    'pattern',
  ],
];

describe('product.schema.json rejects bad descriptors', () => {
  it.each(badProducts)('rejects %s at %s', (_title, mutate, path, keyword) => {
    const doc = JSON.parse(JSON.stringify(mutate(baseProduct()))) as unknown;
    const errors = errorsOf('product', doc);
    const hit = errors.find(
      (e) =>
        e.instancePath === path && (e.keyword === keyword || e.message?.includes(keyword) === true),
    );
    expect(hit, `expected ${keyword} at "${path}", got:\n${explain(errors)}`).toBeDefined();
  });
});

describe('domain, waivers and mesh-config schemas reject bad documents', () => {
  const domain = (): Record<string, unknown> =>
    parseYaml(read('domains/sales/domain.yaml')) as Record<string, unknown>;
  const waiver = {
    rule: 'field-removed',
    port: 'orders',
    reason: 'Coupon codes moved to the promotions product; both consumers confirmed.',
    owner: 'sales-data',
    expires: '2026-12-31',
  };
  const config = (): Record<string, unknown> =>
    parseYaml(read('mesh.config.yaml')) as Record<string, unknown>;

  const cases: [string, SchemaName, unknown, string, string][] = [
    ['a domain without owner', 'domain', { ...domain(), owner: undefined }, '', 'required'],
    [
      'a domain of the wrong kind',
      'domain',
      { ...domain(), kind: 'DataProduct' },
      '/kind',
      'const',
    ],
    [
      'a domain with a bad slack channel',
      'domain',
      { ...domain(), owner: { team: 'x', slack: 'sales' } },
      '/owner/slack',
      'pattern',
    ],
    ['a waivers file that is not a list', 'waivers', waiver, '', 'type'],
    ['a waiver without owner', 'waivers', [{ ...waiver, owner: undefined }], '/0', 'required'],
    [
      'a waiver with a bad expiry',
      'waivers',
      [{ ...waiver, expires: '31.12.2026' }],
      '/0/expires',
      'format',
    ],
    [
      'a waiver without a real reason',
      'waivers',
      [{ ...waiver, reason: 'ok' }],
      '/0/reason',
      'minLength',
    ],
    [
      'a waiver with an unknown key',
      'waivers',
      [{ ...waiver, until: '2027-01-01' }],
      '/0',
      'additionalProperties',
    ],
    [
      'a config lake on http',
      'mesh-config',
      { ...config(), lake: { url: 'http://x' } },
      '/lake/url',
      'pattern',
    ],
    [
      'a config domainsDir escaping the root',
      'mesh-config',
      { ...config(), domainsDir: '../domains' },
      '/domainsDir',
      'pattern',
    ],
    [
      'a config broker without port',
      'mesh-config',
      { ...config(), kafka: { brokers: ['localhost'] } },
      '/kafka/brokers/0',
      'pattern',
    ],
  ];

  it('accepts a valid waivers list', () => {
    expect(explain(errorsOf('waivers', [waiver]))).toBe('');
  });

  it.each(cases)('rejects %s', (_title, schema, data, path, keyword) => {
    const errors = errorsOf(schema, JSON.parse(JSON.stringify(data)));
    const hit = errors.find((e) => e.instancePath === path && e.keyword === keyword);
    expect(hit, `expected ${keyword} at "${path}", got:\n${explain(errors)}`).toBeDefined();
  });
});

// --- Avro: shared types, contracts, fixtures ---------------------------------------------------

const sharedFiles = readdirSync(`${root}contracts/avro`)
  .filter((f) => f.endsWith('.avsc'))
  .sort();
const shared = loadSharedTypes(
  sharedFiles.map((f) => ({
    file: `contracts/avro/${f}`,
    schema: readJson(`contracts/avro/${f}`),
  })),
);

interface AvroNode {
  type?: unknown;
  name?: string;
  namespace?: string;
  doc?: string;
  fields?: { name: string; doc?: string; type: unknown; pii?: boolean }[];
  items?: unknown;
  values?: unknown;
}

/** Fields without a doc, and the dotted paths of fields marked "pii": true. */
const inspect = (schema: unknown): { undocumented: string[]; pii: string[] } => {
  const out = { undocumented: [] as string[], pii: [] as string[] };
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, path));
    if (node === null || typeof node !== 'object') return;
    const n = node as AvroNode;
    for (const f of n.fields ?? []) {
      const p = path ? `${path}.${f.name}` : f.name;
      if (!f.doc) out.undocumented.push(p);
      if (f.pii === true) out.pii.push(p);
      walk(f.type, p);
    }
    if (n.items !== undefined) walk(n.items, path);
    if (n.values !== undefined) walk(n.values, path);
    if (typeof n.type === 'object') walk(n.type, path);
  };
  walk(schema, '');
  return out;
};

const readLines = (rel: string): unknown[] =>
  read(rel)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);

/** The first invalid path avsc reports for a value, or undefined when it is valid. */
const firstInvalidPath = (
  type: { isValid(v: unknown, o: unknown): boolean },
  value: unknown,
): string | undefined => {
  const paths: string[] = [];
  const ok = type.isValid(value, {
    noUndeclaredFields: true,
    errorHook: (path: string[]) => paths.push(path.join('.') || '(root)'),
  });
  return ok ? undefined : (paths[0] ?? '(root)');
};

describe('shared Avro types', () => {
  it('load without errors, one named type per file named by its full name', () => {
    expect(shared.errors).toEqual([]);
    for (const f of sharedFiles) {
      const s = readJson(`contracts/avro/${f}`) as AvroNode;
      expect(`${s.namespace}.${s.name}.avsc`).toBe(f);
      expect(shared.registry[`${s.namespace}.${s.name}`], f).toBeDefined();
    }
    expect(Object.keys(shared.registry)).toEqual(
      expect.arrayContaining([
        'meshkit.common.Money',
        'meshkit.common.Address',
        'meshkit.common.GeoPoint',
        'meshkit.common.CountryCode',
      ]),
    );
  });

  it('document every field', () => {
    for (const f of sharedFiles)
      expect(inspect(readJson(`contracts/avro/${f}`)).undocumented, f).toEqual([]);
  });

  it('keep Money exact: amount is decimal(18,2), and validates string amounts', () => {
    const money = shared.registry['meshkit.common.Money']!;
    expect(money.isValid({ amount: '12.50', currency: 'EUR' })).toBe(true);
    expect(money.isValid({ amount: '12.505', currency: 'EUR' })).toBe(false);
  });
});

const portsOf = (id: string): { id: string; port: PortDecl }[] =>
  productDoc(id).outputPorts.map((port) => ({ id, port }));
const allPorts = products.flatMap(portsOf).map((p) => [`${p.id}/${p.port.name}`, p] as const);

const contractOf = (
  id: string,
  port: PortDecl,
): { type: { isValid(v: unknown, o?: unknown): boolean }; schema: unknown } => {
  const schema = readJson(`domains/${id}/${port.contract}`);
  const result = parseAvroContract(schema, shared.registry as NamedTypeRegistry);
  if (!result.ok) throw new Error(`domains/${id}/${port.contract}: ${result.error.message}`);
  return { type: result.value.type as never, schema };
};

describe('example contracts and fixtures', () => {
  it.each(allPorts)('%s: contract parses and documents every field', (_name, { id, port }) => {
    const { schema } = contractOf(id, port);
    expect(inspect(schema).undocumented).toEqual([]);
  });

  it.each(allPorts)('%s: pii tags agree with the contract', (_name, { id, port }) => {
    const { schema } = contractOf(id, port);
    const tags = productDoc(id).tags ?? [];
    const piiFields = inspect(schema).pii;
    const piiTags = tags.filter((t) => t.startsWith('pii:') && t !== 'pii:none');
    if (piiFields.length > 0)
      expect(piiTags.length, `${id} needs pii:<kind> tags`).toBeGreaterThan(0);
    else expect(tags, `${id} has no pii fields`).toContain('pii:none');
  });

  it.each(allPorts)('%s: every good fixture row satisfies the contract', (_name, { id, port }) => {
    const { type } = contractOf(id, port);
    const rows = readLines(`domains/${id}/fixtures/${port.name}.jsonl`);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(rows.length).toBeLessThanOrEqual(30);
    const failures = rows
      .map((row, i) => ({ line: i + 1, path: firstInvalidPath(type, row) }))
      .filter((r) => r.path !== undefined);
    expect(failures).toEqual([]);
  });

  it.each(allPorts)(
    '%s: every bad fixture row is rejected and explained',
    (_name, { id, port }) => {
      const { type } = contractOf(id, port);
      const rows = readLines(`domains/${id}/fixtures/${port.name}.bad.jsonl`);
      expect(rows.length).toBeGreaterThanOrEqual(5);
      expect(rows.length).toBeLessThanOrEqual(10);
      const rejected = rows.map((row, i) => ({ line: i + 1, path: firstInvalidPath(type, row) }));
      expect(
        rejected.filter((r) => r.path === undefined).map((r) => r.line),
        'bad rows the contract accepts',
      ).toEqual([]);
      // The notes name the one field each row breaks; avsc must reject the row at that field.
      const notes = read(`domains/${id}/fixtures/${port.name}.bad.md`);
      const explained = [...notes.matchAll(/^\| (\d+) \| `([^`]+)` \|/gm)].map((m) => ({
        line: Number(m[1]),
        path: m[2]!.replace(/\[(\d+)\]/g, '.$1'),
      }));
      expect(explained).toEqual(rejected);
    },
  );

  it('has fixtures only for declared ports', () => {
    for (const id of products) {
      const names = new Set(productDoc(id).outputPorts.map((p) => p.name));
      const dir = `${root}domains/${id}/fixtures`;
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir)) {
        const port = f.replace(/(\.bad)?\.(jsonl|md)$/, '');
        expect(names, `domains/${id}/fixtures/${f}`).toContain(port);
      }
    }
  });
});
