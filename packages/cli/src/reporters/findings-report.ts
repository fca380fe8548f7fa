import type { Finding } from '@meshkit/core';

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
