import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import { hasErrors, InputError, parseProductId } from '@meshkit/core';
import { runBreaking } from '@meshkit/runtime';
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

export const registerBreaking = (program: Command, io: CliIo): void => {
  program
    .command('breaking')
    .description(
      'the contract-test gate: check the working tree against what is published at a git ref',
    )
    .argument('[products...]', 'products to report on, as <domain>/<product> (default: all)')
    .option(
      '--against <git-ref>',
      'the published side (default: $MESH_AGAINST, else the merge base of HEAD with main)',
    )
    .option(
      '--format <format>',
      `output format: ${REPORT_FORMATS.join(', ')}`,
      formatOption(REPORT_FORMATS),
      'text',
    )
    .option('--today <date>', 'evaluate sunsets and waiver expiry as of this day (YYYY-MM-DD)')
    .addHelpText(
      'after',
      `
Reports, per product and port: schema changes that fail the port's compatibility level against
every published version the level names; contract changes without a matching version bump; breaking
changes without a new major; ports and products removed before their sunset; looser SLAs and quality
rules; deprecations without a sunset date. Each breaking finding names the downstream products that
consume the port. Waivers live in domains/<domain>/<product>/waivers.yaml.

Examples:
  mesh breaking                          # against the merge base with main
  mesh breaking --against origin/main --format json
  mesh breaking sales/orders --against v1.4.0

Exit codes: 0 passed (warnings allowed), 1 breaking findings, 2 bad input (e.g. unknown ref), 3 failure.`,
    )
    .action(
      async (
        products: string[],
        opts: { against?: string; format: ReportFormat; today?: string },
      ) => {
        for (const id of products) {
          const parsed = parseProductId(id);
          if (!parsed.ok) throw new InputError('INPUT_USAGE', parsed.error);
        }
        if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today))
          throw new InputError(
            'INPUT_USAGE',
            `--today must be a date such as 2026-11-26, not "${opts.today}"`,
          );
        // The gate keeps the two workspaces it loads, then parses thousands of published versions
        // it drops at once. V8's allocation-site pretenuring, trained on the loading, would put
        // those straight into the old generation, which only full collections sweep: on 10,000
        // versions that is 300 MB more heap and a second of garbage collection.
        setFlagsFromString('--no-allocation-site-pretenuring');
        // CI sets MESH_AGAINST once for every `nx affected -t contract-test` task.
        const against = opts.against ?? (io.env['MESH_AGAINST'] || undefined);
        const report = await runBreaking({
          root: io.cwd,
          products,
          ...(against !== undefined ? { against } : {}),
          ...(opts.today !== undefined ? { today: opts.today } : {}),
        });
        const findings = [...report.loadFindings, ...report.findings];
        const out = {
          ...createFindingsReport('breaking', report.checked, findings),
          against: report.against,
          ports: report.ports,
        };
        io.out(renderReport(opts.format, out, renderContext(io.cwd, io.env)));
        io.exitCode = hasErrors(findings) ? ExitCode.Findings : ExitCode.Ok;
      },
    );
};
