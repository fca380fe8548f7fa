import type { Finding } from '@meshkit/core';
import type { FindingsReport } from './findings-report.js';

// Escaping as the Actions runner decodes workflow commands (actions/toolkit, command.ts): the
// message may not carry a raw line break, and property values may not carry `,` or `:` either.
const escapeData = (s: string): string =>
  s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

const escapeProperty = (s: string): string =>
  escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const COMMAND: Record<Finding['severity'], string> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
};

const annotation = (f: Finding): string => {
  const props: string[] = [];
  const loc = f.location;
  if (loc?.file) {
    props.push(`file=${escapeProperty(loc.file)}`);
    if (loc.line !== undefined) props.push(`line=${loc.line}`);
    if (loc.line !== undefined && loc.column !== undefined) props.push(`col=${loc.column}`);
  }
  const subject = [f.product, f.port].filter((s) => s !== undefined).join(' ');
  props.push(`title=${escapeProperty(subject ? `${f.ruleId} (${subject})` : f.ruleId)}`);
  const lines = [f.message];
  if (!loc?.file && loc?.pointer) lines.push(`at ${loc.pointer}`);
  const downstream = f.data?.['downstream'];
  if (Array.isArray(downstream) && downstream.length > 0)
    lines.push(`downstream: ${downstream.map(String).join(', ')}`);
  if (f.data?.['waived'] === true) lines.push('waived');
  if (f.hint) lines.push(`fix: ${f.hint}`);
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(lines.join('\n'))}`;
};

/**
 * GitHub Actions workflow commands, one annotation per finding (info findings as notices),
 * then one plain summary line for the job log. Run it inside a workflow step:
 * the runner turns each line into an annotation on the file and line of the pull request.
 */
export const renderGithub = (report: FindingsReport): string => {
  const lines = report.findings.map(annotation);
  const { checked, errors, warnings, infos } = report.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `mesh ${report.command}: ${report.ok ? 'passed' : 'failed'}, ${checked} checked, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'notice')}`,
  );
  return `${lines.join('\n')}\n`;
};
