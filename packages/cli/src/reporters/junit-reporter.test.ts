import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { emptyReport, gateReport, HOSTILE, hostileReport } from './__fixtures__/reports.js';
import { renderJunit } from './junit-reporter.js';

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITY = /&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const decode = (raw: string): string => {
  if (/&(?!(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/.test(raw))
    throw new Error(`bare & in ${raw}`);
  return raw.replace(ENTITY, (_, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : NAMED[e]!,
  );
};

/**
 * A strict parser for the XML subset the reporter writes: it rejects characters XML 1.0 forbids,
 * bare `&` and `<`, unbalanced tags and duplicate attributes, as a conforming parser would.
 */
const parseXml = (xml: string): XmlElement => {
  const illegal = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(xml);
  if (illegal)
    throw new Error(
      `character U+${illegal[0].charCodeAt(0).toString(16)} is not allowed in XML 1.0`,
    );
  const prolog = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (!xml.startsWith(prolog)) throw new Error('missing XML declaration');
  let i = prolog.length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const rest = xml.slice(i);
    if (rest.startsWith('</')) {
      const m = /^<\/([\w:-]+)>/.exec(rest);
      const open = stack.pop();
      if (!m || !open || open.name !== m[1]) throw new Error(`unbalanced close tag at ${i}`);
      i += m[0].length;
    } else if (rest.startsWith('<')) {
      const m = /^<([\w:-]+)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/.exec(rest);
      if (!m) throw new Error(`bad tag at ${i}: ${rest.slice(0, 40)}`);
      const attrs: Record<string, string> = {};
      for (const a of m[2]!.matchAll(/([\w:-]+)="([^"]*)"/g)) {
        if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]}`);
        attrs[a[1]!] = decode(a[2]!);
      }
      const el: XmlElement = { name: m[1]!, attrs, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) throw new Error('two root elements');
      else root = el;
      if (m[3] !== '/') stack.push(el);
      i += m[0].length;
    } else {
      const next = xml.indexOf('<', i);
      const raw = xml.slice(i, next === -1 ? undefined : next);
      if (raw.includes(']]>')) throw new Error(']]> in text');
      const parent = stack[stack.length - 1];
      if (parent) parent.text += decode(raw);
      else if (raw.trim() !== '') throw new Error('text outside the root element');
      i = next === -1 ? xml.length : next;
    }
  }
  if (!root || stack.length > 0) throw new Error('unclosed elements');
  return root;
};

/** The structure of Jenkins' JUnit schema (junit-10.xsd): element order, required and known attributes. */
const jenkinsProblems = (root: XmlElement): string[] => {
  const problems: string[] = [];
  const allowed = (el: XmlElement, known: string[], required: string[]) => {
    for (const a of Object.keys(el.attrs))
      if (!known.includes(a)) problems.push(`${el.name}@${a} unknown`);
    for (const a of required) if (!(a in el.attrs)) problems.push(`${el.name}@${a} missing`);
  };
  const ordered = (el: XmlElement, order: string[], single: string[]) => {
    let at = 0;
    for (const child of el.children) {
      const pos = order.indexOf(child.name);
      if (pos === -1) problems.push(`${child.name} not allowed in ${el.name}`);
      else if (pos < at) problems.push(`${child.name} out of order in ${el.name}`);
      else at = pos;
    }
    for (const name of single)
      if (el.children.filter((c) => c.name === name).length > 1)
        problems.push(`${name} repeated in ${el.name}`);
  };
  const isNum = (v: string | undefined) => v === undefined || /^\d+$/.test(v);
  if (root.name !== 'testsuites') problems.push('root is not testsuites');
  allowed(root, ['name', 'time', 'tests', 'failures', 'disabled', 'errors'], []);
  ordered(root, ['testsuite'], []);
  for (const suite of root.children) {
    allowed(
      suite,
      [
        'name',
        'tests',
        'failures',
        'errors',
        'time',
        'disabled',
        'skipped',
        'timestamp',
        'hostname',
        'id',
        'package',
        'file',
        'log',
        'url',
        'version',
      ],
      ['name', 'tests'],
    );
    for (const n of ['tests', 'failures', 'errors', 'skipped'])
      if (!isNum(suite.attrs[n])) problems.push(`testsuite@${n} not a number`);
    ordered(
      suite,
      ['properties', 'testcase', 'system-out', 'system-err'],
      ['properties', 'system-out', 'system-err'],
    );
    for (const tc of suite.children.filter((c) => c.name === 'testcase')) {
      allowed(tc, ['name', 'assertions', 'time', 'classname', 'status'], ['name']);
      ordered(tc, ['skipped', 'error', 'failure', 'system-out', 'system-err'], ['skipped']);
      for (const f of tc.children.filter((c) => c.name === 'failure')) {
        allowed(f, ['type', 'message'], []);
        if (f.children.length > 0) problems.push('failure has child elements');
      }
    }
  }
  return problems;
};

describe('renderJunit', () => {
  it('writes a testsuite per product, a testcase per port or rule, failures for errors and warnings as system-out', () => {
    expect(renderJunit(gateReport())).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="mesh breaking" tests="3" failures="1" errors="0" time="0">',
        '  <testsuite name="sales/orders" tests="1" failures="1" errors="0" skipped="0" time="0">',
        '    <testcase name="orders" classname="sales/orders" time="0">',
        '      <failure message="orders 1.4.0 is not BACKWARD: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2 (channel)" type="field-added-without-default">error: orders 1.4.0 is not BACKWARD: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2 (channel) [field-added-without-default]',
        'at domains/sales/orders/contracts/orders.avsc:12:5',
        'pointer /fields/2',
        'downstream: marketing/campaigns',
        'fix: give channel a default</failure>',
        '      <system-out>warning: freshness maxAge went up from PT15M to PT1H [sla-loosened]',
        'at domains/sales/orders/product.yaml:20:7</system-out>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="sales/customers" tests="2" failures="0" errors="0" skipped="0" time="0">',
        '    <testcase name="customers" classname="sales/customers" time="0"/>',
        '    <testcase name="owner-changed" classname="sales/customers" time="0">',
        '      <system-out>info: owner changed from sales-data to sales-platform [owner-changed]</system-out>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('follows the structure of the Jenkins JUnit schema', () => {
    for (const report of [gateReport(), hostileReport(), emptyReport()]) {
      expect(jenkinsProblems(parseXml(renderJunit(report)))).toEqual([]);
    }
  });

  it('validates against the Jenkins JUnit XSD with the JDK parser', async () => {
    const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'mesh-junit-'));
    try {
      const reports = { gate: gateReport(), hostile: hostileReport(), empty: emptyReport() };
      const files = Object.entries(reports).map(([name, report]) => {
        const file = join(dir, `${name}.xml`);
        writeFileSync(file, renderJunit(report));
        return file;
      });
      // A known-bad file proves the validator rejects: failure after system-out breaks the order.
      const bad = join(dir, 'bad.xml');
      writeFileSync(
        bad,
        '<testsuites><testsuite name="s" tests="1"><testcase name="c"><system-out/><failure/></testcase></testsuite></testsuites>',
      );
      const java = (xml: string[]) =>
        promisify(execFile)(
          'java',
          [join(fixtures, 'ValidateXml.java'), join(fixtures, 'jenkins-junit.xsd'), ...xml],
          {
            timeout: 60_000,
          },
        );
      await java(files).catch((error: Error & { code?: string; stdout?: string }) => {
        if (error.code === 'ENOENT')
          throw new Error('this test needs java (a JDK 11+) on PATH to validate XML');
        throw new Error(`JUnit XML is not valid: ${error.stdout ?? error.message}`);
      });
      await expect(java([bad])).rejects.toMatchObject({
        stdout: expect.stringContaining('bad.xml: cvc-complex-type'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('escapes markup and writes control characters visibly, so a hostile message round-trips as text', () => {
    const xml = renderJunit(hostileReport());
    expect(xml).not.toContain('<script>');
    // eslint-disable-next-line no-control-regex -- the test looks for control characters
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    const root = parseXml(xml);
    const testcase = root.children[0]!.children[0]!;
    expect(testcase.attrs['name']).toBe('p|q');
    const failure = testcase.children[0]!;
    const visible = HOSTILE.replace('\u0000', '\\u0000')
      .replace('\u001b', '\\u001B')
      .replace('\u0007', '\\u0007');
    expect(failure.attrs['message']).toBe(visible);
    expect(failure.text).toContain(`error: ${visible} [type-changed]`);
    expect(failure.text).toContain('downstream: <img src=x onerror=alert(1)>, z/w|v');
  });

  it('replaces lone surrogates and U+FFFF, which XML 1.0 cannot carry', () => {
    const report = hostileReport();
    report.findings[0]!.message = 'a\uD800b\uDC00c\uFFFFd \u{1F600}';
    const failure = parseXml(renderJunit(report)).children[0]!.children[0]!.children[0]!;
    expect(failure.attrs['message']).toBe('a\\uD800b\\uDC00c\\uFFFFd \u{1F600}');
  });

  it('reports an empty run as one passing testcase', () => {
    expect(renderJunit(emptyReport())).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="mesh compat" tests="1" failures="0" errors="0" time="0">',
        '  <testsuite name="mesh compat" tests="1" failures="0" errors="0" skipped="0" time="0">',
        '    <testcase name="no findings" classname="mesh compat" time="0"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('groups findings without a product under the command and without a port by rule', () => {
    const report = emptyReport();
    report.ok = false;
    report.findings = [
      { ruleId: 'type-changed', severity: 'error', message: 'm1' },
      { ruleId: 'type-changed', severity: 'error', message: 'm2' },
      { ruleId: 'enum-symbol-removed', severity: 'warning', message: 'm3' },
    ];
    const root = parseXml(renderJunit(report));
    expect(root.attrs).toMatchObject({ tests: '2', failures: '1' });
    const suite = root.children[0]!;
    expect(suite.attrs['name']).toBe('mesh compat');
    expect(suite.children.map((c) => [c.attrs['name'], c.children.map((x) => x.name)])).toEqual([
      ['type-changed', ['failure', 'failure']],
      ['enum-symbol-removed', ['system-out']],
    ]);
  });
});
