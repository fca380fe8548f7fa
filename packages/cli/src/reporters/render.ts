import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FindingsReport } from './findings-report.js';
import { renderGithub } from './github-reporter.js';
import { renderJson } from './json-reporter.js';
import { renderJunit } from './junit-reporter.js';
import { renderMarkdown } from './markdown-reporter.js';
import { renderSarif } from './sarif-reporter.js';
import { renderText } from './text-reporter.js';

/** Every `--format` a checking command accepts. */
export const REPORT_FORMATS = ['text', 'json', 'junit', 'sarif', 'github', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions {
  /** What `summary.checked` counts, for text and markdown (default `product`). */
  noun?: string;
  /** Ids of the rules with a page `docs/rules/<id>.md` in the repository (SARIF `helpUri`). */
  ruleDocs?: ReadonlySet<string>;
  /** Absolute URI of the repository root at the analysed commit, ending in `/`. */
  sourceBaseUri?: string;
}

/** Renders a report in one format; pure, so commands and tests share it. */
export const renderReport = (
  format: ReportFormat,
  report: FindingsReport,
  options: RenderOptions = {},
): string => {
  switch (format) {
    case 'text':
      return renderText(report, options.noun);
    case 'json':
      return renderJson(report);
    case 'junit':
      return renderJunit(report);
    case 'sarif':
      return renderSarif(report, {
        ...(options.ruleDocs ? { ruleDocs: options.ruleDocs } : {}),
        ...(options.sourceBaseUri ? { sourceBaseUri: options.sourceBaseUri } : {}),
      });
    case 'github':
      return renderGithub(report);
    case 'markdown':
      return renderMarkdown(report, {
        ...(options.noun ? { noun: options.noun } : {}),
        ...(options.sourceBaseUri ? { sourceBaseUri: options.sourceBaseUri } : {}),
      });
  }
};

/**
 * What the reporters may link to, read from the workspace and the CI environment: the rule pages
 * under `docs/rules/`, and on GitHub Actions the repository at the commit being checked.
 */
export const renderContext = (
  root: string,
  env: Record<string, string | undefined>,
): Pick<RenderOptions, 'ruleDocs' | 'sourceBaseUri'> => {
  let pages: string[] = [];
  try {
    pages = readdirSync(join(root, 'docs', 'rules'));
  } catch {
    // No docs/rules folder: rules are reported without a help link.
  }
  const ruleDocs = new Set(pages.filter((p) => p.endsWith('.md')).map((p) => p.slice(0, -3)));
  const server = env['GITHUB_SERVER_URL'];
  const repository = env['GITHUB_REPOSITORY'];
  const sha = env['GITHUB_SHA'];
  const github =
    server &&
    repository &&
    sha &&
    /^[\w.-]+\/[\w.-]+$/.test(repository) &&
    /^[0-9a-f]{7,64}$/.test(sha)
      ? `${server.replace(/\/+$/, '')}/${repository}/blob/${sha}/`
      : undefined;
  return { ruleDocs, ...(github ? { sourceBaseUri: github } : {}) };
};
