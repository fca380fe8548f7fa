// Generates a realistic workspace of many products for benchmarks (never committed: it lives
// under .bench/). Deterministic: the same options give the same files, so a cached copy is reused.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DOMAINS = [
  'sales',
  'logistics',
  'finance',
  'marketing',
  'support',
  'inventory',
  'payments',
  'identity',
  'pricing',
  'search',
];

const money = {
  type: 'record',
  name: 'Money',
  namespace: 'meshkit.common',
  doc: 'An amount in a currency.',
  fields: [
    {
      name: 'amount',
      type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 2 },
      doc: 'Amount.',
    },
    { name: 'currency', type: 'string', doc: 'ISO-4217 code.' },
  ],
};

/** A contract of about `fields` fields: nested record, enum, array, map, unions, logical types. */
export const contractFor = (name, fields, version) => {
  const ns = `com.example.${name.replace(/-/g, '_')}`;
  const list = [
    { name: 'id', type: { type: 'string', logicalType: 'uuid' }, doc: 'Primary key.' },
    {
      name: 'updated_at',
      type: { type: 'long', logicalType: 'timestamp-millis' },
      doc: 'Last change.',
    },
    {
      name: 'status',
      type: { type: 'enum', name: 'Status', symbols: ['NEW', 'ACTIVE', 'CLOSED'], default: 'NEW' },
      doc: 'State.',
    },
    { name: 'total', type: 'meshkit.common.Money', doc: 'Total amount.' },
    {
      name: 'address',
      type: {
        type: 'record',
        name: 'Address',
        fields: [
          { name: 'street', type: 'string', doc: 'Street.' },
          { name: 'city', type: 'string', doc: 'City.' },
          { name: 'zip', type: ['null', 'string'], default: null, doc: 'Postal code.' },
        ],
      },
      doc: 'Where.',
    },
    { name: 'tags', type: { type: 'array', items: 'string' }, default: [], doc: 'Labels.' },
    {
      name: 'attributes',
      type: { type: 'map', values: 'string' },
      default: {},
      doc: 'Free attributes.',
    },
  ];
  for (let i = list.length; i < fields; i++) {
    const kind = i % 4;
    list.push({
      name: `f${i}`,
      type:
        kind === 0 ? 'long' : kind === 1 ? ['null', 'string'] : kind === 2 ? 'double' : 'boolean',
      ...(kind === 1 ? { default: null } : {}),
      doc: `Attribute ${i}.`,
    });
  }
  // Each later version adds one optional field: compatible in every direction.
  for (let v = 1; v < version; v++)
    list.push({
      name: `added_v${v + 1}`,
      type: ['null', 'string'],
      default: null,
      doc: `Added in version ${v + 1}.`,
    });
  return {
    type: 'record',
    name: 'Record',
    namespace: ns,
    doc: `One ${name} record.`,
    fields: list,
  };
};

const productYaml = (domain, name, version, input) => `apiVersion: meshkit/v1
kind: DataProduct
domain: ${domain}
name: ${name}
title: ${name}
description: Generated product ${name} of the ${domain} domain.
owner: { team: ${domain}-data, email: ${domain}-data@example.com }
lifecycle: active
tags: [tier:2, pii:none]
${input ? `inputPorts:\n  - { product: ${input}, port: main, major: 1 }\n` : ''}outputPorts:
  - name: main
    version: 1.${version - 1}.0
    contract: contracts/main.avsc
    compatibility: FULL_TRANSITIVE
    format: parquet
    partitionBy: [updated_at]
    sla:
      freshness: { column: updated_at, maxAge: PT1H }
      availability: 99.5
    quality:
      - { metric: nullValues, column: id, mustBe: 0 }
      - { metric: duplicateValues, column: id, mustBe: 0 }
      - { metric: rowCount, mustBeGreaterThan: 0 }
`;

const git = (cwd, ...args) =>
  execFileSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], {
    cwd,
    stdio: 'pipe',
  });

/**
 * Writes `products` products across up to 10 domains under `dir`. With `versions` > 1 the folder is
 * a git repository whose history holds that many versions of every contract, one commit each;
 * with `candidate` the working tree holds one more, uncommitted version: a change to check.
 */
export const generateWorkspace = (
  dir,
  { products = 1000, fields = 30, versions = 1, candidate = false } = {},
) => {
  const marker = join(dir, '.generated.json');
  const key = JSON.stringify({ products, fields, versions, candidate, format: 3 });
  if (existsSync(marker) && readFileSync(marker, 'utf8') === key) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'contracts/avro'), { recursive: true });
  writeFileSync(
    join(dir, 'contracts/avro/meshkit.common.Money.avsc'),
    JSON.stringify(money, null, 2),
  );
  const domains = DOMAINS.slice(
    0,
    Math.min(DOMAINS.length, Math.max(1, Math.ceil(products / 100))),
  );
  const perDomain = Math.ceil(products / domains.length);
  const all = [];
  for (let i = 0; i < products; i++) {
    const domain = domains[Math.floor(i / perDomain)];
    const name = `product-${String(i).padStart(4, '0')}`;
    // Every fifth product consumes the product before it in its domain: a realistic lineage.
    const prev = all[all.length - 1];
    const input =
      i % 5 !== 0 && prev && prev.domain === domain ? `${prev.domain}/${prev.name}` : undefined;
    all.push({ domain, name, input });
  }
  const write = (version) => {
    for (const p of all) {
      const pdir = join(dir, 'domains', p.domain, p.name);
      mkdirSync(join(pdir, 'contracts'), { recursive: true });
      mkdirSync(join(pdir, 'fixtures'), { recursive: true });
      writeFileSync(join(pdir, 'product.yaml'), productYaml(p.domain, p.name, version, p.input));
      writeFileSync(
        join(pdir, 'contracts/main.avsc'),
        JSON.stringify(contractFor(p.name, fields, version), null, 2),
      );
      writeFileSync(join(pdir, 'fixtures/main.jsonl'), '');
    }
  };
  for (const domain of domains) {
    mkdirSync(join(dir, 'domains', domain), { recursive: true });
    writeFileSync(
      join(dir, 'domains', domain, 'domain.yaml'),
      `apiVersion: meshkit/v1\nkind: Domain\nname: ${domain}\nowner: { team: ${domain}-data }\n`,
    );
  }
  if (versions > 1) git(dir, 'init', '-q', '-b', 'main');
  for (let v = 1; v <= versions; v++) {
    write(v);
    if (versions > 1) {
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', `version ${v}`);
    }
  }
  // A candidate: the next version of every contract in the working tree, not committed.
  if (candidate) write(versions + 1);
  writeFileSync(marker, key);
  return dir;
};
