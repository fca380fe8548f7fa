import { formatLocation, type Finding } from '@meshkit/core';
import type { FindingsReport } from './findings-report.js';

const NOT_XML =
  // eslint-disable-next-line no-control-regex -- finding these characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as XML 1.0 character data. Characters XML 1.0 cannot carry at all, even as references
 * (C0 controls other than tab and line breaks, lone surrogates, U+FFFE/U+FFFF), are written as
 * visible `\uXXXX` so a hostile message cannot make the report unreadable.
 */
export const escapeXml = (text: string): string =>
  text
    .replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // A bare CR would be read back as a line feed (XML 1.0, 2.11).
    .replace(/\r/g, '&#13;');

// Attribute values are normalised by parsers (line breaks and tabs become spaces) unless they
// are written as character references.
const attr = (text: string): string =>
  escapeXml(text).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');

interface Case {
  name: string;
  failures: Finding[];
  others: Finding[];
}

interface Suite {
  name: string;
  cases: Map<string, Case>;
}

const describe = (f: Finding): string => {
  const lines = [`${f.severity}: ${f.message} [${f.ruleId}]`];
  const where = formatLocation(f.location);
  if (where) lines.push(`at ${where}`);
  if (f.location?.file && f.location.pointer) lines.push(`pointer ${f.location.pointer}`);
  const downstream = f.data?.['downstream'];
  if (Array.isArray(downstream) && downstream.length > 0)
    lines.push(`downstream: ${downstream.map(String).join(', ')}`);
  if (f.data?.['waived'] === true) lines.push('waived');
  if (f.hint) lines.push(`fix: ${f.hint}`);
  return lines.join('\n');
};

/**
 * JUnit XML as Jenkins, GitLab and most CI servers read it: a testsuite per product, a testcase
 * per port (or per rule, for findings that name no port), a `<failure>` per error finding, and
 * warnings and notices as the testcase's `<system-out>` so they show without failing or skipping it.
 */
export const renderJunit = (report: FindingsReport): string => {
  const workspaceSuite = `mesh ${report.command}`;
  const suites = new Map<string, Suite>();
  const caseOf = (suiteName: string, caseName: string): Case => {
    let suite = suites.get(suiteName);
    if (!suite) suites.set(suiteName, (suite = { name: suiteName, cases: new Map() }));
    let c = suite.cases.get(caseName);
    if (!c) suite.cases.set(caseName, (c = { name: caseName, failures: [], others: [] }));
    return c;
  };
  // Every port the report knows of is a testcase, so a passing port shows as a passed test.
  for (const p of report.ports ?? []) caseOf(p.product, p.port);
  for (const f of report.findings) {
    const c = caseOf(f.product ?? workspaceSuite, f.port ?? f.ruleId);
    (f.severity === 'error' ? c.failures : c.others).push(f);
  }
  if (suites.size === 0) caseOf(workspaceSuite, 'no findings');

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = [...suites.values()];
  const failed = (c: Case) => c.failures.length > 0;
  const totalTests = all.reduce((n, s) => n + s.cases.size, 0);
  const totalFailures = all.reduce((n, s) => n + [...s.cases.values()].filter(failed).length, 0);
  out.push(
    `<testsuites name="${attr(workspaceSuite)}" tests="${totalTests}" failures="${totalFailures}" errors="0" time="0">`,
  );
  for (const suite of all) {
    const cases = [...suite.cases.values()];
    out.push(
      `  <testsuite name="${attr(suite.name)}" tests="${cases.length}" failures="${cases.filter(failed).length}" errors="0" skipped="0" time="0">`,
    );
    for (const c of cases) {
      const open = `    <testcase name="${attr(c.name)}" classname="${attr(suite.name)}" time="0"`;
      if (c.failures.length === 0 && c.others.length === 0) {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      for (const f of c.failures) {
        out.push(
          `      <failure message="${attr(f.message)}" type="${attr(f.ruleId)}">${escapeXml(describe(f))}</failure>`,
        );
      }
      if (c.others.length > 0)
        out.push(
          `      <system-out>${escapeXml(c.others.map(describe).join('\n\n'))}</system-out>`,
        );
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
};
