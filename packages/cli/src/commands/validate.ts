import type { Command } from 'commander';
import { hasErrors, InputError, parseProductId, type Finding } from '@meshkit/core';
import { openWorkspace } from '@meshkit/runtime';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { formatOption } from '../options.js';
import {
  createFindingsReport,
  REPORT_FORMATS,
  renderContext,
  renderReport,
  type ReportFormat,
} from '../reporters/index.js';

/** Findings that concern one of the selected products, or the workspace as a whole. */
const selectFindings = (findings: Finding[], selected: Set<string>): Finding[] =>
  selected.size === 0
    ? findings
    : findings.filter((f) => {
        if (f.product) return selected.has(f.product);
        const file = f.location?.file ?? '';
        const m = /^[^/]+\/([^/]+)\/([^/]+)\//.exec(file);
        return !m || selected.has(`${m[1]}/${m[2]}`);
      });

export const registerValidate = (program: Command, io: CliIo): void => {
  program
    .command('validate')
    .description('validate descriptors, contracts and cross-product references')
    .argument('[products...]', 'products to report on, as <domain>/<product> (default: all)')
    .option(
      '--format <format>',
      `output format: ${REPORT_FORMATS.join(', ')}`,
      formatOption(REPORT_FORMATS),
      'text',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 valid (warnings allowed), 1 errors found, 2 bad usage, 3 internal failure.\nThe whole workspace is always loaded, so references to other products are checked too.',
    )
    .action(async (products: string[], opts: { format: ReportFormat }) => {
      for (const id of products) {
        const parsed = parseProductId(id);
        if (!parsed.ok) throw new InputError('INPUT_USAGE', parsed.error);
      }
      const { workspace, findings } = await openWorkspace(io.cwd);
      const selected = new Set(products);
      const unknown = products.filter(
        (id) =>
          !workspace.products.some((p) => p.id === id) &&
          !findings.some((f) => f.product === id || f.location?.file?.startsWith(`domains/${id}/`)),
      );
      if (unknown.length > 0)
        throw new InputError(
          'INPUT_USAGE',
          `no such product: ${unknown.join(', ')} (products are named <domain>/<product>)`,
        );
      const shown = selectFindings(findings, selected);
      const failed = new Set(
        findings.map((f) => f.product).filter((id): id is string => id !== undefined),
      );
      const checked =
        selected.size || new Set([...workspace.products.map((p) => p.id), ...failed]).size;
      const report = createFindingsReport('validate', checked, shown);
      io.out(renderReport(opts.format, report, renderContext(io.cwd, io.env)));
      io.exitCode = hasErrors(shown) ? ExitCode.Findings : ExitCode.Ok;
    });
};
