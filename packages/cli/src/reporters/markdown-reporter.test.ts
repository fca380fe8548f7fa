import type { Finding } from '@meshkit/core';
import { describe, expect, it } from 'vitest';
import { emptyReport, gateReport, hostileReport } from './__fixtures__/reports.js';
import { escapeMarkdown, renderMarkdown } from './markdown-reporter.js';

/** Cell separators of a GFM table row: pipes not escaped with a backslash. */
const separators = (row: string): number => (row.match(/(?<!\\)\|/g) ?? []).length;

describe('renderMarkdown', () => {
  it('writes a verdict, a table of port changes per product and findings by severity', () => {
    expect(
      renderMarkdown(gateReport(), { sourceBaseUri: 'https://github.com/acme/mesh/blob/abc123/' }),
    ).toBe(
      [
        '### ❌ mesh breaking failed: 1 error, 1 warning, 1 notice',
        '',
        'Compared with `origin/main` at `0123456789ab`; 2 products checked.',
        '',
        '#### Port changes (1)',
        '',
        '**sales/orders**',
        '',
        '| Port | Major | Before | After | Change | Level | Consumers |',
        '| --- | ---: | --- | --- | --- | --- | --- |',
        '| orders | 1 | 1.3.0 | 1.4.0 | **breaking** | BACKWARD | marketing/campaigns |',
        '',
        '1 port unchanged.',
        '',
        '#### Errors (1)',
        '',
        '- [domains/sales/orders/contracts/orders.avsc:12:5](https://github.com/acme/mesh/blob/abc123/domains/sales/orders/contracts/orders.avsc#L12) · sales/orders / orders: orders 1.4.0 is not BACKWARD: READER\\_FIELD\\_MISSING\\_DEFAULT\\_VALUE at /fields/2 (channel) `field-added-without-default`  ',
        '  Downstream: marketing/campaigns. Fix: give channel a default',
        '',
        '#### Warnings (1)',
        '',
        '- [domains/sales/orders/product.yaml:20:7](https://github.com/acme/mesh/blob/abc123/domains/sales/orders/product.yaml#L20) · sales/orders / orders: freshness maxAge went up from PT15M to PT1H `sla-loosened`',
        '',
        '#### Notices (1)',
        '',
        '- sales/customers: owner changed from sales-data to sales-platform `owner-changed`',
        '',
      ].join('\n'),
    );
  });

  it('shows locations as text when no repository URL is known', () => {
    const out = renderMarkdown(gateReport());
    expect(out).toContain(
      '- domains/sales/orders/product.yaml:20:7 · sales/orders / orders: freshness',
    );
    expect(out).not.toContain('](');
  });

  it('keeps hostile text inert: no HTML, no extra table cells, no new blocks', () => {
    const out = renderMarkdown(hostileReport(), {
      sourceBaseUri: 'https://github.com/acme/mesh/blob/abc123/',
    });
    expect(out).not.toMatch(/<(script|img|b)\b/);
    // eslint-disable-next-line no-control-regex -- the test looks for control characters
    expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/);
    const lines = out.split('\n');
    const row = lines.find((l) => l.startsWith('| p'))!;
    expect(row).toBe(
      '| p\\|q | 1 | 1.0.0 | &lt;b&gt;1.1.0&lt;/b&gt; | **breaking** | BACKWARD | a\\|b, &lt;script&gt; |',
    );
    expect(separators(row)).toBe(8);
    // The message's line breaks, `::error` and `| --- |` stay inside its list item.
    expect(lines.filter((l) => l.startsWith('| --- |'))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('::'))).toBe(false);
    const item = lines.find((l) => l.startsWith('- '))!;
    expect(item).toBe(
      '- [domains/x/y/contracts/a b,c:d%.avsc:3:9](https://github.com/acme/mesh/blob/abc123/domains/x/y/contracts/a%20b%2Cc%3Ad%25.avsc#L3) · x/y / p\\|q: ' +
        '&lt;script&gt;alert("x")&lt;/script&gt; \\| a &amp; b \'q\' \\]\\]&gt; \\`tick\\` \\*star\\* \\[l\\](u)   100% done,: ok ::error::injected \\| --- \\| `type-changed`  ',
    );
    expect(lines[lines.indexOf(item) + 1]).toMatch(
      /^ {2}Downstream: &lt;img src=x onerror=alert\(1\)&gt;, z\/w\\\|v\. Fix: &lt;script&gt;/,
    );
  });

  it('escapes Markdown and HTML in any text', () => {
    expect(escapeMarkdown('a|b <i>c</i> & *d* _e_ `f` [g](h) ~~i~~ \\ j\nk')).toBe(
      'a\\|b &lt;i&gt;c&lt;/i&gt; &amp; \\*d\\* \\_e\\_ \\`f\\` \\[g\\](h) \\~\\~i\\~\\~ \\\\ j k',
    );
  });

  it('folds long lists into <details>, errors open, and caps each list for the comment size limit', () => {
    const many = (severity: Finding['severity'], n: number): Finding[] =>
      Array.from({ length: n }, (_, i) => ({ ruleId: 'type-changed', severity, message: `m${i}` }));
    const report = emptyReport('breaking');
    report.ok = false;
    report.findings = [...many('error', 12), ...many('warning', 60)];
    report.summary = { checked: 3, errors: 12, warnings: 60, infos: 0 };
    const out = renderMarkdown(report);
    expect(out).toContain('<details open><summary>Errors (12)</summary>\n\n- m0 `type-changed`\n');
    expect(out).toContain('- m11 `type-changed`\n\n</details>\n');
    expect(out).toContain('<details><summary>Warnings (60)</summary>\n');
    expect(out).toContain(
      '- m49 `type-changed`\n- … and 10 findings more: see the job log or `--format json`\n\n</details>',
    );
    expect(out).not.toContain('- m50 ');
  });

  it('says so in one line when no port changed', () => {
    const report = gateReport();
    report.ports = report.ports!.map((p) => ({ ...p, change: 'unchanged' as const }));
    report.findings = [];
    expect(renderMarkdown(report)).toContain('products checked.\n\n2 ports, none changed.\n');
    expect(renderMarkdown(report)).not.toContain('Port changes');
  });

  it('cuts a very long message in the comment', () => {
    const report = gateReport();
    report.findings[0]!.message = `${'a'.repeat(1_000)}TAIL`;
    const out = renderMarkdown(report);
    expect(out).toContain(`${'a'.repeat(1_000)}… \`field-added-without-default\``);
    expect(out).not.toContain('TAIL');
  });

  it('counts what the command checked with its own noun', () => {
    expect(renderMarkdown(emptyReport(), { noun: 'schema pair' })).toBe(
      '### ✅ mesh compat passed: 0 errors, 0 warnings\n\n1 schema pair checked.\n',
    );
  });

  it('writes a code span that holds backticks in a ref', () => {
    const report = gateReport();
    report.against = { ref: 'a`b``c', commit: 'f'.repeat(40) };
    expect(renderMarkdown(report)).toContain('Compared with ```a`b``c``` at `ffffffffffff`;');
  });
});
