import { formatLocation } from '@meshkit/core';
import type { FindingsReport } from './findings-report.js';

/** Compiler-style lines (`file:line:col: severity: message [rule]`) that editors and terminals link. */
export const renderText = (report: FindingsReport, noun = 'product'): string => {
  const lines: string[] = [];
  for (const f of report.findings) {
    const where = formatLocation(f.location);
    lines.push(`${where ? `${where}: ` : ''}${f.severity}: ${f.message} [${f.ruleId}]`);
    if (f.hint) lines.push(`  fix: ${f.hint}`);
  }
  const { checked, errors, warnings } = report.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${report.ok ? 'ok' : 'failed'}: ${plural(checked, noun)} checked, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`,
  );
  return `${lines.join('\n')}\n`;
};
