import type { Command } from 'commander';
import {
  findingProductId,
  hasErrors,
  InputError,
  parseProductId,
  type Finding,
} from '@meshkit/core';
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
        const id = findingProductId(f);
        return id === undefined || selected.has(id);
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
      // Every product the workspace has, loaded or not (a broken one still has findings).
      const known = new Set([
        ...workspace.products.map((p) => p.id),
        ...findings.map(findingProductId).filter((id): id is string => id !== undefined),
      ]);
      const unknown = products.filter((id) => !known.has(id));
      if (unknown.length > 0)
        throw new InputError(
          'INPUT_USAGE',
          `no such product: ${unknown.join(', ')} (products are named <domain>/<product>)`,
        );
      const shown = selectFindings(findings, selected);
      const checked = selected.size || known.size;
      const report = createFindingsReport('validate', checked, shown);
      io.out(renderReport(opts.format, report, renderContext(io.cwd, io.env)));
      io.exitCode = hasErrors(shown) ? ExitCode.Findings : ExitCode.Ok;
    });
};
