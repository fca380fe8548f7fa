import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { hasErrors } from '@meshkit/core';
import { publishToRegistry, serveRegistry } from '@meshkit/runtime';
import type { PortPublishResult } from '@meshkit/runtime';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { formatOption } from '../options.js';
import { createFindingsReport, renderText } from '../reporters/index.js';

const FORMATS = ['text', 'json'] as const;

const portNumber = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new InvalidArgumentError(
      'must be a port number between 0 and 65535 (0 picks a free one)',
    );
  return n;
};

const describeResult = (r: PortPublishResult): string => {
  const level = r.levelChanged
    ? `${r.level} (was ${r.previousLevel ?? 'the global level'})`
    : r.level;
  const what =
    r.status === 'registered'
      ? `registered as id ${r.id}, version ${r.registryVersion}`
      : r.status === 'unchanged'
        ? `unchanged (id ${r.id}, version ${r.registryVersion})`
        : r.status === 'would-register'
          ? 'would be registered'
          : 'REFUSED: incompatible';
  const lines = [`  ${r.subject}  contract ${r.version}  ${level}  ${what}`];
  for (const m of r.messages) lines.push(`      ${m}`);
  return lines.join('\n');
};

export const registerRegistry = (program: Command, io: CliIo): void => {
  const registry = program
    .command('registry')
    .description('run a local Confluent-compatible schema registry, or publish contracts to one');

  registry
    .command('serve')
    .description('serve the Confluent Schema Registry REST API (Avro) until stopped (Ctrl-C)')
    .option('--port <port>', 'port to listen on', portNumber, 8081)
    .option(
      '--host <host>',
      'address to bind; keep 127.0.0.1 unless others must reach it',
      '127.0.0.1',
    )
    .option(
      '--data <dir>',
      'data folder, relative to the workspace root (default: registry.data in mesh.config.yaml, .mesh/registry)',
    )
    .option('--auth <user:password>', 'require HTTP basic auth (or set MESH_REGISTRY_AUTH)')
    .action(async (opts: { port: number; host: string; data?: string; auth?: string }) => {
      const auth = opts.auth ?? io.env.MESH_REGISTRY_AUTH;
      const server = await serveRegistry({
        root: io.cwd,
        port: opts.port,
        host: opts.host,
        ...(opts.data !== undefined ? { data: opts.data } : {}),
        ...(auth ? { auth } : {}),
      });
      const { subjects, schemas } = server.stats();
      const torn = server.recovery.truncatedBytes;
      io.out(
        `mesh registry listening on ${server.url} (data ${server.dataDir}: ${subjects} subjects, ${schemas} schemas` +
          `${torn > 0 ? `; cut off a torn last record of ${torn} bytes` : ''}${auth ? '; basic auth on' : ''})\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      io.out('mesh registry stopped\n');
    });

  registry
    .command('push')
    .description(
      "set each output port's subject level, then register its contract as the subject's next version (idempotent)",
    )
    .argument('[products...]', 'products to push, as <domain>/<product> (default: all)')
    .option(
      '--url <url>',
      'registry URL (default: registry.url in mesh.config.yaml or MESH_REGISTRY_URL; with none, the embedded registry in registry.data, .mesh/registry)',
    )
    .option('--auth <user:password>', 'HTTP basic auth (or set MESH_REGISTRY_AUTH)')
    .option('--dry-run', 'show what would change without changing anything')
    .option(
      '--format <format>',
      `output format: ${FORMATS.join(', ')}`,
      formatOption(FORMATS),
      'text',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 all pushed (or nothing to do), 1 a contract was refused as incompatible or the workspace has errors, 2 bad usage, 3 registry unreachable or failing.',
    )
    .action(
      async (
        products: string[],
        opts: { url?: string; auth?: string; dryRun?: boolean; format: (typeof FORMATS)[number] },
      ) => {
        const auth = opts.auth ?? io.env.MESH_REGISTRY_AUTH;
        const url = opts.url ?? io.env.MESH_REGISTRY_URL;
        const result = await publishToRegistry({
          root: io.cwd,
          products,
          ...(url ? { url } : {}),
          ...(auth ? { auth } : {}),
          ...(opts.dryRun ? { dryRun: true } : {}),
        });
        if (opts.format === 'json') {
          io.out(
            `${JSON.stringify({ schemaVersion: 1, command: 'registry push', dryRun: opts.dryRun === true, ...result }, null, 2)}\n`,
          );
        } else {
          if (hasErrors(result.findings))
            io.out(
              renderText(
                createFindingsReport(
                  'registry push',
                  new Set(result.results.map((r) => r.product)).size,
                  result.findings,
                ),
              ),
            );
          io.out(`${opts.dryRun ? 'dry run against' : 'pushed to'} registry ${result.location}\n`);
          for (const r of result.results) io.out(`${describeResult(r)}\n`);
          const refused = result.results.filter((r) => r.status === 'incompatible').length;
          const registered = result.results.filter(
            (r) => r.status === 'registered' || r.status === 'would-register',
          ).length;
          io.out(
            `${result.results.length} ports: ${registered} ${opts.dryRun ? 'would be registered' : 'registered'}, ` +
              `${result.results.length - registered - refused} unchanged, ${refused} refused\n`,
          );
        }
        io.exitCode = result.ok ? ExitCode.Ok : ExitCode.Findings;
      },
    );
};
