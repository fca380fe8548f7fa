import { portNames } from '@meshkit/core';
import {
  inputsOf,
  list,
  num,
  portsOf,
  rec,
  str,
  type DomainDoc,
  type PortDoc,
  type ProductDoc,
} from './read-descriptors.js';

export const README_MARKER =
  '<!-- Generated from product.yaml by `nx g @meshkit/nx-plugin:sync`: edit product.yaml, not this file. -->';

const code = (s: string): string => `\`${s.replace(/\s+/g, ' ').replace(/`/g, "'")}\``;
/** Text from a descriptor, on one line, safe inside a table cell or a list item. */
const inline = (s: string): string =>
  s.replace(/\s+/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;').trim();

const LIST_MAX = 12;
const shortList = (values: readonly unknown[]): string =>
  values
    .slice(0, LIST_MAX)
    .map((v) => code(String(v)))
    .join(', ') + (values.length > LIST_MAX ? `, and ${values.length - LIST_MAX} more` : '');

/** The constraint of an invalidValues or missingValues rule, e.g. ` (valid: `A`, `B`)`. */
const constraintOf = (raw: Record<string, unknown>): string => {
  const parts: string[] = [];
  const valid = list(raw['validValues']);
  if (valid.length) parts.push(`valid: ${shortList(valid)}`);
  const missing = list(raw['missingValues']);
  if (missing.length) parts.push(`missing: ${shortList(missing)}`);
  if (str(raw['pattern'])) parts.push(`pattern ${code(str(raw['pattern'])!)}`);
  for (const k of ['minValue', 'maxValue', 'minLength', 'maxLength'])
    if (raw[k] !== undefined) parts.push(`${k} ${code(String(raw[k]))}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
};

const OPERATORS: Record<string, string> = {
  mustBe: 'must be',
  mustNotBe: 'must not be',
  mustBeGreaterThan: 'must be greater than',
  mustBeGreaterOrEqualTo: 'must be at least',
  mustBeLessThan: 'must be less than',
  mustBeLessOrEqualTo: 'must be at most',
  mustBeBetween: 'must be between',
  mustNotBeBetween: 'must not be between',
};

const describeRule = (raw: Record<string, unknown>): string => {
  const name = str(raw['name']);
  const what =
    str(raw['type']) === 'sql'
      ? `SQL ${code(str(raw['query']) ?? '')}`
      : (() => {
          const metric = str(raw['metric']) ?? 'metric';
          const cols = str(raw['column'])
            ? [str(raw['column'])!]
            : list(raw['columns']).filter((c): c is string => typeof c === 'string');
          return `${cols.length ? `${metric} of ${cols.map(code).join(', ')}` : metric}${constraintOf(raw)}`;
        })();
  const op = Object.keys(OPERATORS).find((k) => raw[k] !== undefined);
  const bound = op ? raw[op] : undefined;
  const value = Array.isArray(bound) ? bound.join(' and ') : String(bound);
  const sev = str(raw['severity']) === 'warning' ? ' (warning)' : '';
  const desc = str(raw['description']);
  return `${name ? `${code(name)}: ` : ''}${what} ${op ? `${OPERATORS[op]} ${value}` : ''}${sev}${desc ? ` — ${inline(desc)}` : ''}`.trim();
};

const slaLines = (sla: Record<string, unknown>): string[] => {
  const out: string[] = [];
  const f = rec(sla['freshness']);
  if (str(f['maxAge']))
    out.push(
      `Freshness: the newest ${code(str(f['column']) ?? '?')} is at most ${code(str(f['maxAge'])!)} old`,
    );
  const r = rec(sla['retention']);
  if (str(r['minAge']))
    out.push(
      `Retention: records are kept at least ${code(str(r['minAge'])!)} (by ${code(str(r['column']) ?? '?')})`,
    );
  const a = num(sla['availability']);
  if (a !== undefined) out.push(`Availability: ${a} %`);
  const l = rec(sla['latency']);
  const lat = ['p50', 'p95', 'p99'].flatMap((p) => (str(l[p]) ? [`${p} ${code(str(l[p])!)}`] : []));
  if (lat.length) out.push(`Latency: ${lat.join(', ')}`);
  return out;
};

const portSection = (p: ProductDoc, port: PortDoc, consumers: readonly string[]): string[] => {
  const names = portNames(p.domain, p.name, port.name, port.major);
  const raw = port.raw;
  const lifecycle = str(raw['lifecycle']);
  const sunset = str(raw['sunset']);
  const format = str(raw['format']) ?? 'parquet';
  const partitionBy = list(raw['partitionBy']).filter((c): c is string => typeof c === 'string');
  const out = [`### ${port.name} v${port.major}`, ''];
  if (lifecycle === 'deprecated')
    out.push(
      `> **Deprecated**${sunset ? `, sunset ${sunset}` : ''}. New consumers should use the newest major.`,
      '',
    );
  const desc = str(raw['description']);
  if (desc) out.push(inline(desc), '');
  out.push(
    `Version ${code(port.version)}, compatibility ${code(str(raw['compatibility']) ?? '?')}, contract [${port.contract}](${port.contract}).`,
    '',
    '| Where | Name |',
    '| --- | --- |',
    `| Kafka topic | ${code(names.topic)} |`,
    `| Schema registry subject | ${code(names.subject)} |`,
    `| Glue table | ${code(`${names.glueDatabase}.${names.glueTable}`)} |`,
    `| Lake path | ${code(`${names.lakePath}/`)} (${format}${partitionBy.length ? `, partitioned by ${partitionBy.map(code).join(', ')}` : ''}) |`,
    '',
  );
  const sla = slaLines(rec(raw['sla']));
  if (sla.length) out.push('Service levels:', '', ...sla.map((s) => `- ${s}`), '');
  const rules = list(raw['quality']).map((q) => describeRule(rec(q)));
  if (rules.length) out.push('Quality rules:', '', ...rules.map((s) => `- ${s}`), '');
  out.push(
    'To consume it, add to your `product.yaml`:',
    '',
    '```yaml',
    'inputPorts:',
    `  - { product: ${p.id}, port: ${port.name}, major: ${port.major} }`,
    '```',
    '',
  );
  if (consumers.length) out.push(`Consumed by: ${consumers.map(code).join(', ')}.`, '');
  return out;
};

/**
 * The README of one product, from its descriptor alone (plus who consumes it): what it is, who
 * owns it, its ports with their SLAs and quality rules, and where to read each port.
 */
export const renderProductReadme = (
  p: ProductDoc,
  all: readonly ProductDoc[],
  domain?: DomainDoc,
): string => {
  const d = p.doc;
  const owner = rec(d['owner']);
  const team = str(owner['team']) ?? 'unknown';
  const contacts = [str(owner['email']), str(owner['slack'])].filter((c): c is string => !!c);
  const lifecycle = str(d['lifecycle']) ?? 'unknown';
  const sunset = str(d['sunset']);
  const tags = list(d['tags']).filter((t): t is string => typeof t === 'string');
  const title = str(d['title']) ?? p.name;
  const domainTitle = domain ? (str(domain.doc['title']) ?? domain.name) : p.domain;
  const out = [README_MARKER, '', `# ${inline(title)}`, ''];
  out.push(
    `${code(p.id)}, a data product of the ${inline(domainTitle)} domain.`,
    '',
    `- Owner: ${code(team)}${contacts.length ? ` (${contacts.map(inline).join(', ')})` : ''}`,
    `- Lifecycle: ${lifecycle}${sunset ? `, sunset ${sunset}` : ''}`,
  );
  if (tags.length) out.push(`- Tags: ${tags.map(code).join(', ')}`);
  out.push('');
  const desc = str(d['description']);
  if (desc) out.push(inline(desc), '');

  const ports = portsOf(p);
  out.push('## Output ports', '');
  if (ports.length === 0) out.push('None yet.', '');
  else {
    out.push(
      '| Port | Version | Compatibility | Format | Lifecycle | Topic |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const port of ports)
      out.push(
        `| ${port.name} v${port.major} | ${port.version} | ${str(port.raw['compatibility']) ?? '?'} | ${str(port.raw['format']) ?? '?'} | ${str(port.raw['lifecycle']) ?? lifecycle}${str(port.raw['sunset']) ? ` (sunset ${str(port.raw['sunset'])})` : ''} | ${code(portNames(p.domain, p.name, port.name, port.major).topic)} |`,
      );
    out.push('');
    for (const port of ports) {
      const consumers = all
        .filter((c) =>
          inputsOf(c).some(
            (i) => i.product === p.id && i.port === port.name && i.major === port.major,
          ),
        )
        .map((c) => c.id);
      out.push(...portSection(p, port, consumers));
    }
  }

  const inputs = inputsOf(p);
  if (inputs.length) {
    out.push('## Inputs', '');
    for (const i of inputs) {
      const known = all.find((x) => x.id === i.product);
      const link = known ? ` ([README](../../${i.product}/README.md))` : '';
      out.push(`- ${code(`${i.product}/${i.port}`)} v${i.major}${link}`);
    }
    out.push('');
  }
  const pipeline = rec(d['pipeline']);
  const source = rec(rec(rec(pipeline['source']))['kafka']);
  if (str(source['topic'])) {
    const dlq = str(rec(pipeline['deadLetter'])['topic']);
    out.push(
      '## Pipeline',
      '',
      `Reads ${code(str(source['topic'])!)} (${str(source['format']) ?? 'json'}) and writes port ${code(str(rec(pipeline['sink'])['port']) ?? '?')}${dlq ? `; rejected records go to ${code(dlq)}` : ''}.`,
      '',
    );
  }
  out.push(
    '## Checks',
    '',
    '```sh',
    `nx run ${p.id.replace('/', '-')}:validate        # descriptor and contracts`,
    `nx run ${p.id.replace('/', '-')}:contract-test   # the breaking-change gate against main`,
    `nx run ${p.id.replace('/', '-')}:quality         # quality rules on the fixtures`,
    '```',
    '',
  );
  return out.join('\n');
};
