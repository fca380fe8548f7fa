import { getCompatRule, type Finding } from '@meshkit/core';
import type { FindingsReport } from './findings-report.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const MESHKIT_INFORMATION_URI = 'https://meshkit.dev';

export interface SarifOptions {
  /** Ids of the rules that have a page `docs/rules/<id>.md` in the repository. */
  ruleDocs?: ReadonlySet<string>;
  /**
   * Absolute URI of the repository root at the analysed commit, ending in `/` (e.g.
   * `https://github.com/acme/mesh/blob/<sha>/`). SARIF wants `helpUri` absolute: without a base
   * the page is named in the rule's help text and `properties.docs` instead.
   */
  sourceBaseUri?: string;
}

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Finding['severity'], SarifLevel> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

const ACRONYMS: Record<string, string> = { sla: 'SLA', avro: 'Avro', utf8: 'UTF-8' };

/** `sla-loosened` -> `SLA loosened`, for rules that have no title of their own. */
const humanize = (id: string): string => {
  const words = id
    .split(/[-_]+/)
    .filter((w) => w !== '')
    .map((w) => ACRONYMS[w] ?? w);
  const text = words.join(' ');
  return text ? text[0]!.toUpperCase() + text.slice(1) : id;
};

/** A repo-relative path as a relative URI; an absolute path as a `file:` URI. */
const toUri = (file: string): string => {
  const posix = file.replace(/\\/g, '/');
  const encoded = posix
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  if (/^[A-Za-z]:\//.test(posix)) return `file:///${encoded.replace('%3A', ':')}`;
  return posix.startsWith('/') ? `file://${encoded}` : encoded;
};

// The product's descriptor stands in when a finding names a product but no file: code scanning
// drops results that have no location.
const fileOf = (f: Finding): string | undefined =>
  f.location?.file ?? (f.product ? `domains/${f.product}/product.yaml` : undefined);

const ruleDescriptor = (id: string, options: SarifOptions): Record<string, unknown> => {
  const known = getCompatRule(id);
  const rule: Record<string, unknown> = {
    id,
    shortDescription: { text: known?.title ?? humanize(id) },
  };
  if (known) rule['fullDescription'] = { text: known.purpose };
  const page = options.ruleDocs?.has(id) ? `docs/rules/${id}.md` : undefined;
  const help = [known?.fix, page ? `See ${page}.` : undefined].filter((t) => t !== undefined);
  if (help.length > 0) rule['help'] = { text: help.join(' ') };
  // helpUri must be an absolute URI (the schema's "format": "uri"), so it needs the base.
  if (page && options.sourceBaseUri) rule['helpUri'] = `${options.sourceBaseUri}${page}`;
  if (page) rule['properties'] = { docs: page };
  return rule;
};

const result = (f: Finding, ruleIndex: number): Record<string, unknown> => {
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.hint ? `${f.message}\nFix: ${f.hint}` : f.message },
  };
  const file = fileOf(f);
  if (file !== undefined) {
    const physicalLocation: Record<string, unknown> = {
      artifactLocation: file.startsWith('/')
        ? { uri: toUri(file) }
        : { uri: toUri(file), uriBaseId: '%SRCROOT%' },
    };
    const line = f.location?.line;
    if (line !== undefined && line >= 1) {
      const column = f.location?.column;
      physicalLocation['region'] =
        column !== undefined && column >= 1
          ? { startLine: line, startColumn: column }
          : { startLine: line };
    }
    out['locations'] = [{ physicalLocation }];
  }
  // The rule's own facts (avroType, level, versions, downstream, ...) plus who and where.
  const properties: Record<string, unknown> = { ...f.data };
  if (f.product !== undefined) properties['product'] = f.product;
  if (f.port !== undefined) properties['port'] = f.port;
  if (f.location?.pointer !== undefined) properties['pointer'] = f.location.pointer;
  const downstream = f.data?.['downstream'];
  if (Array.isArray(downstream)) properties['downstream'] = downstream.map(String);
  if (Object.keys(properties).length > 0) out['properties'] = properties;
  // A waived finding is still reported, as accepted, so code scanning shows it as dismissed.
  if (f.data?.['waived'] === true) out['suppressions'] = [{ kind: 'external', status: 'accepted' }];
  return out;
};

/**
 * A SARIF 2.1.0 log with one run: the rules that fired (with `helpUri` where the repository has
 * a docs page) and one result per finding, located by repo-relative file, line and column.
 */
export const renderSarif = (report: FindingsReport, options: SarifOptions = {}): string => {
  const ruleIds = [...new Set(report.findings.map((f) => f.ruleId))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'meshkit',
            informationUri: MESHKIT_INFORMATION_URI,
            rules: ruleIds.map((id) => ruleDescriptor(id, options)),
          },
        },
        automationDetails: { id: `mesh-${report.command}/` },
        results: report.findings.map((f) => result(f, index.get(f.ruleId) ?? -1)),
        properties: { command: report.command, ok: report.ok, summary: report.summary },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
