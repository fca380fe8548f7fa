import type { Finding } from '@meshkit/core';

/** What happened to one port major between the published side and the candidate. */
export interface ReportPortChange {
  product: string;
  port: string;
  major: number;
  change: 'unchanged' | 'docs' | 'compatible' | 'breaking' | 'added' | 'removed';
  versionBefore?: string;
  versionAfter?: string;
  level?: string;
  /** Products whose input ports consume this port major. */
  consumers: string[];
}

/**
 * What a checking command hands to a reporter. The JSON reporter prints exactly this shape
 * (documented in docs/cli.md; `schemaVersion` changes only with a breaking change to it).
 */
export interface FindingsReport {
  schemaVersion: 1;
  command: string;
  ok: boolean;
  summary: { checked: number; errors: number; warnings: number; infos: number };
  findings: Finding[];
  /** What happened to each port major (gate commands only); the markdown reporter tabulates it. */
  ports?: ReportPortChange[];
  /** The published side a gate compared with: the ref as given and the commit it resolved to. */
  against?: { ref: string; commit: string };
}

export const createFindingsReport = (
  command: string,
  checked: number,
  findings: readonly Finding[],
): FindingsReport => {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  return {
    schemaVersion: 1,
    command,
    ok: errors === 0,
    summary: { checked, errors, warnings: count('warning'), infos: count('info') },
    findings: [...findings],
  };
};
