import { InvalidArgumentError, type Command } from 'commander';
import { hasErrors, type Finding } from '@meshkit/core';
import {
  buildCatalogSite,
  publishCatalogToGlue,
  publishToRegistry,
  serveCatalog,
  type BuildCatalogSiteResult,
} from '@meshkit/runtime';
import { InputError } from '@meshkit/core';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

const DEFAULT_OUT = 'dist/catalog';

const portOption = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535)
    throw new InvalidArgumentError('must be a TCP port from 1 to 65535');
  return n;
};

const summary = (r: BuildCatalogSiteResult): string => {
  const c = r.catalog;
  const ports = c.products.reduce((n, p) => n + p.ports.length, 0);
  return `catalog: ${c.products.length} products, ${ports} ports in ${c.domains.length} domains -> ${r.outDir} (${r.files} files)\n`;
};

const leftOut = (io: CliIo, r: BuildCatalogSiteResult): void => leftOutFindings(io, r.findings);

const leftOutFindings = (io: CliIo, findings: readonly Finding[]): void => {
  if (!hasErrors(findings)) return;
  const products = new Set(
    findings.filter((f) => f.severity === 'error').map((f) => f.product ?? f.location?.file ?? '?'),
  );
  io.err(
    `catalog: ${products.size} product(s) or file(s) with errors were left out: ${[...products].slice(0, 10).join(', ')}; run "mesh validate" for details\n`,
  );
};

export const registerCatalog = (program: Command, io: CliIo): void => {
  const catalog = program
    .command('catalog')
    .description('build, serve and publish the data product catalog');

  catalog
    .command('build')
    .description('write catalog.json and a static site (works from file:// and any web server)')
    .option('--out <dir>', 'output folder, relative to the workspace root', DEFAULT_OUT)
    .addHelpText(
      'after',
      '\nQuality results are read from .mesh/quality/ and the gate result from .mesh/gate/latest.json when present.\nExit codes: 0 built, 2 bad usage, 3 internal failure.',
    )
    .action(async (opts: { out: string }) => {
      const result = await buildCatalogSite({ root: io.cwd, out: opts.out });
      leftOut(io, result);
      io.out(summary(result));
      io.out(`open ${result.outDir}/index.html, or run "mesh catalog serve"\n`);
      io.exitCode = ExitCode.Ok;
    });

  catalog
    .command('serve')
    .description(
      'build the catalog, serve it on 127.0.0.1 and rebuild when domains/ or contracts/ change',
    )
    .option('--port <port>', 'TCP port on 127.0.0.1', portOption, 4400)
    .option('--out <dir>', 'output folder, relative to the workspace root', DEFAULT_OUT)
    .action(async (opts: { port: number; out: string }) => {
      const served = await serveCatalog({
        root: io.cwd,
        out: opts.out,
        port: opts.port,
        onBuild: (r) => {
          leftOut(io, r);
          io.out(summary(r));
        },
        onError: (e) =>
          io.err(`catalog: rebuild failed: ${e instanceof Error ? e.message : String(e)}\n`),
      });
      io.out(`serving the catalog at ${served.url} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void served.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      io.exitCode = ExitCode.Ok;
    });

  catalog
    .command('publish')
    .description(
      'publish the catalog to AWS Glue (Data Catalog + Schema Registry) and/or a Confluent-compatible registry',
    )
    .option(
      '--glue',
      'publish databases, tables and Glue Schema Registry schemas (aws endpoint/region from mesh.config.yaml or AWS_ENDPOINT_URL)',
    )
    .option(
      '--registry [url]',
      'register every port contract in a Confluent-compatible registry (default: registry.url of mesh.config.yaml, else the embedded one)',
    )
    .option('--glue-registry <name>', 'Glue Schema Registry name', 'meshkit')
    .option('--dry-run', 'print the plan and change nothing')
    .option(
      '--prune',
      'delete Glue tables and schemas of ports that no longer exist (only ones Meshkit created)',
    )
    .addHelpText(
      'after',
      '\nPublishing is idempotent: a second run with an unchanged workspace changes nothing.\nExit codes: 0 published, 1 a contract was refused or the workspace has errors, 2 bad usage, 3 service unreachable or failing.',
    )
    .action(
      async (opts: {
        glue?: boolean;
        registry?: string | boolean;
        glueRegistry: string;
        dryRun?: boolean;
        prune?: boolean;
      }) => {
        if (!opts.glue && opts.registry === undefined)
          throw new InputError(
            'INPUT_USAGE',
            'mesh catalog publish needs a target: --glue, --registry [url], or both',
          );
        let failed = false;
        if (opts.glue) {
          const r = await publishCatalogToGlue({
            root: io.cwd,
            dryRun: opts.dryRun === true,
            prune: opts.prune === true,
            registryName: opts.glueRegistry,
          });
          leftOutFindings(io, r.findings);
          io.out(`${r.dryRun ? 'plan for' : 'published to'} Glue at ${r.location}:\n`);
          for (const a of r.actions)
            io.out(`  ${a.kind.padEnd(24)} ${a.target}${a.detail ? `  (${a.detail})` : ''}\n`);
          io.out(
            r.actions.length === 0
              ? '  nothing to change\n'
              : `${r.actions.length} change(s)${r.dryRun ? ' planned' : ''}\n`,
          );
          failed ||= hasErrors(r.findings);
        }
        if (opts.registry !== undefined) {
          const url = typeof opts.registry === 'string' ? opts.registry : io.env.MESH_REGISTRY_URL;
          const auth = io.env.MESH_REGISTRY_AUTH;
          const r = await publishToRegistry({
            root: io.cwd,
            ...(url ? { url } : {}),
            ...(auth ? { auth } : {}),
            ...(opts.dryRun ? { dryRun: true } : {}),
          });
          io.out(`${opts.dryRun ? 'plan for' : 'published to'} registry ${r.location}:\n`);
          for (const p of r.results)
            io.out(
              `  ${p.status.padEnd(24)} ${p.subject} (${p.level})${p.messages.length > 0 ? `: ${p.messages.join('; ')}` : ''}\n`,
            );
          failed ||= !r.ok;
        }
        io.exitCode = failed ? ExitCode.Findings : ExitCode.Ok;
      },
    );
};
