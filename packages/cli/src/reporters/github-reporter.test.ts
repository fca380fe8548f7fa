import { describe, expect, it } from 'vitest';
import { emptyReport, gateReport, hostileReport } from './__fixtures__/reports.js';
import { renderGithub } from './github-reporter.js';

/** How the Actions runner reads a command line back (actions/runner, ActionCommand.cs). */
const parseCommand = (line: string) => {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const unescapeData = (s: string) =>
    s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unescape = (s: string) => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
  const props = Object.fromEntries(
    (m[2] ?? '')
      .split(',')
      .filter((p) => p !== '')
      .map((p) => {
        const at = p.indexOf('=');
        return [p.slice(0, at), unescape(p.slice(at + 1))];
      }),
  );
  return { command: m[1], props, message: unescapeData(m[3]!) };
};

describe('renderGithub', () => {
  it('writes one workflow command per finding, notices for info, then a summary', () => {
    expect(renderGithub(gateReport())).toBe(
      [
        '::error file=domains/sales/orders/contracts/orders.avsc,line=12,col=5,title=field-added-without-default (sales/orders orders)::orders 1.4.0 is not BACKWARD: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2 (channel)%0Adownstream: marketing/campaigns%0Afix: give channel a default',
        '::warning file=domains/sales/orders/product.yaml,line=20,col=7,title=sla-loosened (sales/orders orders)::freshness maxAge went up from PT15M to PT1H',
        '::notice title=owner-changed (sales/customers)::owner changed from sales-data to sales-platform',
        'mesh breaking: failed, 2 checked, 1 error, 1 warning, 1 notice',
        '',
      ].join('\n'),
    );
  });

  it('escapes % and line breaks in messages and also , and : in properties, so nothing can inject a command', () => {
    const out = renderGithub(hostileReport());
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('::'))).toHaveLength(1);
    const parsed = parseCommand(lines[0]!)!;
    expect(parsed.command).toBe('error');
    expect(parsed.props).toEqual({
      file: 'domains/x/y/contracts/a b,c:d%.avsc',
      line: '3',
      col: '9',
      title: 'type-changed (x/y p|q)',
    });
    const report = hostileReport();
    const f = report.findings[0]!;
    expect(parsed.message).toBe(
      `${f.message}\ndownstream: <img src=x onerror=alert(1)>, z/w|v\nfix: ${f.hint}`,
    );
    expect(lines[0]).toContain('100%25 done');
    expect(lines[0]).not.toMatch(/\r/);
  });

  it('writes the pointer into the message when the finding has no file', () => {
    const report = emptyReport();
    report.findings = [
      {
        ruleId: 'type-changed',
        severity: 'warning',
        message: 'm',
        location: { pointer: '/fields/1' },
      },
    ];
    expect(renderGithub(report).split('\n')[0]).toBe(
      '::warning title=type-changed::m%0Aat /fields/1',
    );
  });

  it('prints only the summary for an empty report', () => {
    expect(renderGithub(emptyReport())).toBe(
      'mesh compat: passed, 1 checked, 0 errors, 0 warnings, 0 notices\n',
    );
  });
});
