import { appendTo, formatLocation, type Finding, type Severity } from '@meshkit/core';
import type { FindingsReport, ReportPortChange } from './findings-report.js';

export interface MarkdownOptions {
  /** What `summary.checked` counts (default `product`). */
  noun?: string;
  /**
   * Absolute URI of the repository root at the analysed commit, ending in `/` (e.g.
   * `https://github.com/acme/mesh/blob/<sha>/`): locations become links to the line.
   */
  sourceBaseUri?: string;
}

/** Lists longer than this are folded into `<details>`. */
const FOLD_AFTER = 10;
/** A PR comment holds at most 65,536 characters: past this many items a list says how many more. */
const MAX_ITEMS = 50;

// eslint-disable-next-line no-control-regex -- finding these characters is the point
const CONTROL = /[\u0000-\u001F\u007F]+/g;

/**
 * User text as inline Markdown: HTML is inert, Markdown punctuation is literal, `|` cannot end a
 * table cell, and a line break or control character cannot start a new block.
 */
export const escapeMarkdown = (text: string): string =>
  text
    .replace(CONTROL, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, '\\$&');

/** A code span that holds any text: the fence is longer than any run of backticks inside. */
const code = (text: string): string => {
  const flat = text.replace(CONTROL, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
};

/** A message longer than this is cut in the comment (other formats keep it whole). */
const MAX_MESSAGE = 1_000;

const clip = (text: string): string =>
  text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const encodePath = (file: string): string =>
  file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');

const locationText = (f: Finding, options: MarkdownOptions): string | undefined => {
  const where = formatLocation(f.location);
  if (!where) return undefined;
  const file = f.location?.file;
  if (!file || !options.sourceBaseUri || file.startsWith('/') || file.includes('..'))
    return escapeMarkdown(where);
  const line = f.location?.line !== undefined ? `#L${f.location.line}` : '';
  return `[${escapeMarkdown(where)}](${options.sourceBaseUri}${encodePath(file)}${line})`;
};

const findingItem = (f: Finding, options: MarkdownOptions): string => {
  const head: string[] = [];
  const where = locationText(f, options);
  if (where) head.push(where);
  const subject = [f.product, f.port].filter((s): s is string => s !== undefined).join(' / ');
  if (subject) head.push(escapeMarkdown(subject));
  let line = `- ${head.length > 0 ? `${head.join(' · ')}: ` : ''}${escapeMarkdown(clip(f.message))} ${code(f.ruleId)}`;
  if (f.data?.['waived'] === true) line += ' _(waived)_';
  const details: string[] = [];
  const downstream = f.data?.['downstream'];
  if (Array.isArray(downstream) && downstream.length > 0)
    details.push(`Downstream: ${downstream.map((d) => escapeMarkdown(String(d))).join(', ')}`);
  if (f.hint) details.push(`Fix: ${escapeMarkdown(f.hint)}`);
  // Two trailing spaces: a line break inside the list item.
  return details.length > 0 ? `${line}  \n  ${details.join('. ')}` : line;
};

const capped = <T>(items: readonly T[], render: (item: T) => string, noun: string): string[] => {
  const lines = items.slice(0, MAX_ITEMS).map(render);
  if (items.length > MAX_ITEMS)
    lines.push(
      `- … and ${plural(items.length - MAX_ITEMS, noun)} more: see the job log or \`--format json\``,
    );
  return lines;
};

const fold = (summary: string, body: string[], count: number, open: boolean): string[] =>
  count > FOLD_AFTER
    ? [
        `<details${open ? ' open' : ''}><summary>${summary}</summary>`,
        '',
        ...body,
        '',
        '</details>',
        '',
      ]
    : [`#### ${summary}`, '', ...body, ''];

const cell = (text: string | undefined): string => (text ? escapeMarkdown(text) : '–');

const portRow = (p: ReportPortChange): string =>
  `| ${cell(p.port)} | ${p.major} | ${cell(p.versionBefore)} | ${cell(p.versionAfter)} | ${
    p.change === 'breaking' || p.change === 'removed' ? `**${p.change}**` : p.change
  } | ${cell(p.level)} | ${p.consumers.length > 0 ? p.consumers.map((c) => escapeMarkdown(c)).join(', ') : '–'} |`;

const portSection = (ports: readonly ReportPortChange[]): string[] => {
  const changed = ports.filter((p) => p.change !== 'unchanged');
  const unchanged = ports.length - changed.length;
  const body: string[] = [];
  const byProduct = new Map<string, ReportPortChange[]>();
  for (const p of changed) appendTo(byProduct, p.product, p);
  for (const [product, list] of byProduct) {
    body.push(`**${escapeMarkdown(product)}**`, '');
    body.push('| Port | Major | Before | After | Change | Level | Consumers |');
    body.push('| --- | ---: | --- | --- | --- | --- | --- |');
    body.push(...list.slice(0, MAX_ITEMS).map(portRow));
    if (list.length > MAX_ITEMS) body.push(`| … ${list.length - MAX_ITEMS} more | | | | | | |`);
    body.push('');
  }
  if (changed.length === 0)
    return unchanged > 0 ? [`${plural(unchanged, 'port')}, none changed.`, ''] : [];
  if (unchanged > 0) body.push(`${plural(unchanged, 'port')} unchanged.`, '');
  while (body[body.length - 1] === '') body.pop();
  return fold(`Port changes (${changed.length})`, body, changed.length, false);
};

const GROUPS: { severity: Severity; title: string; open: boolean }[] = [
  { severity: 'error', title: 'Errors', open: true },
  { severity: 'warning', title: 'Warnings', open: false },
  { severity: 'info', title: 'Notices', open: false },
];

/**
 * A pull-request comment: a verdict, a table per product of the port changes, then the findings
 * by severity with their locations (linked when `sourceBaseUri` is given), the downstream products
 * hit and the fix. Every piece of user text is escaped, so a schema doc holding `<script>` or `|`
 * renders as text.
 */
export const renderMarkdown = (report: FindingsReport, options: MarkdownOptions = {}): string => {
  const { checked, errors, warnings, infos } = report.summary;
  const counts = [
    plural(errors, 'error'),
    plural(warnings, 'warning'),
    ...(infos > 0 ? [plural(infos, 'notice')] : []),
  ].join(', ');
  const out: string[] = [
    `### ${report.ok ? '✅' : '❌'} mesh ${escapeMarkdown(report.command)} ${report.ok ? 'passed' : 'failed'}: ${counts}`,
    '',
  ];
  const context = [`${plural(checked, options.noun ?? 'product')} checked`];
  if (report.against)
    context.unshift(
      `Compared with ${code(report.against.ref)} at ${code(report.against.commit.slice(0, 12))}`,
    );
  out.push(`${context.join('; ')}.`, '');
  if (report.ports) out.push(...portSection(report.ports));
  for (const group of GROUPS) {
    const list = report.findings.filter((f) => f.severity === group.severity);
    if (list.length === 0) continue;
    const body = capped(list, (f) => findingItem(f, options), 'finding');
    out.push(...fold(`${group.title} (${list.length})`, body, list.length, group.open));
  }
  while (out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
};
