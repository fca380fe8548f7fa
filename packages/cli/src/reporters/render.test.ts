import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gateReport } from './__fixtures__/reports.js';
import { renderGithub } from './github-reporter.js';
import { renderJson } from './json-reporter.js';
import { renderJunit } from './junit-reporter.js';
import { renderMarkdown } from './markdown-reporter.js';
import { renderContext, renderReport, REPORT_FORMATS } from './render.js';
import { renderSarif } from './sarif-reporter.js';
import { renderText } from './text-reporter.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('renderReport', () => {
  it('knows the six formats', () => {
    expect(REPORT_FORMATS).toEqual(['text', 'json', 'junit', 'sarif', 'github', 'markdown']);
  });

  it('dispatches each format to its reporter with the options that concern it', () => {
    const report = gateReport();
    const options = {
      noun: 'pair',
      ruleDocs: new Set(['sla-loosened']),
      sourceBaseUri: 'https://example.test/r/',
    };
    expect(renderReport('text', report, options)).toBe(renderText(report, 'pair'));
    expect(renderReport('json', report, options)).toBe(renderJson(report));
    expect(renderReport('junit', report, options)).toBe(renderJunit(report));
    expect(renderReport('sarif', report, options)).toBe(
      renderSarif(report, { ruleDocs: options.ruleDocs, sourceBaseUri: options.sourceBaseUri }),
    );
    expect(renderReport('sarif', report, options)).toContain(
      'https://example.test/r/docs/rules/sla-loosened.md',
    );
    expect(renderReport('github', report, options)).toBe(renderGithub(report));
    expect(renderReport('markdown', report, options)).toBe(
      renderMarkdown(report, { noun: 'pair', sourceBaseUri: options.sourceBaseUri }),
    );
  });
});

describe('renderContext', () => {
  it('lists the rule pages under docs/rules and builds the GitHub blob URL of the commit', () => {
    dir = mkdtempSync(join(tmpdir(), 'mesh-render-'));
    mkdirSync(join(dir, 'docs/rules'), { recursive: true });
    writeFileSync(join(dir, 'docs/rules/type-changed.md'), '# type-changed\n');
    writeFileSync(join(dir, 'docs/rules/README.txt'), '');
    const context = renderContext(dir, {
      GITHUB_SERVER_URL: 'https://github.com/',
      GITHUB_REPOSITORY: 'acme/mesh',
      GITHUB_SHA: 'abc1234def',
    });
    expect([...(context.ruleDocs ?? [])]).toEqual(['type-changed']);
    expect(context.sourceBaseUri).toBe('https://github.com/acme/mesh/blob/abc1234def/');
  });

  it('has no links outside GitHub Actions or without docs/rules, and ignores malformed variables', () => {
    dir = mkdtempSync(join(tmpdir(), 'mesh-render-'));
    expect(renderContext(dir, {})).toEqual({ ruleDocs: new Set() });
    expect(
      renderContext(dir, {
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'a/b)',
        GITHUB_SHA: 'abc1234',
      }),
    ).toEqual({ ruleDocs: new Set() });
  });
});
