import { InvalidArgumentError, type Command } from 'commander';
import { hasErrors } from '@meshkit/core';
import { buildCatalogSite, serveCatalog, type BuildCatalogSiteResult } from '@meshkit/runtime';
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

const leftOut = (io: CliIo, r: BuildCatalogSiteResult): void => {
  if (!hasErrors(r.findings)) return;
  const products = new Set(
    r.findings
      .filter((f) => f.severity === 'error')
      .map((f) => f.product ?? f.location?.file ?? '?'),
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
};
