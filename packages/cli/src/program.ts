import { Command, CommanderError } from 'commander';
import { isMeshError } from '@meshkit/core';
import { ExitCode, exitCodeForError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { registerValidate } from './commands/validate.js';
import { registerBreaking } from './commands/breaking.js';
import { registerSnapshot } from './commands/snapshot.js';
import { registerCatalog } from './commands/catalog.js';
import { registerCompat } from './commands/compat.js';
import { registerRegistry } from './commands/registry.js';
import { registerQuality } from './commands/quality.js';
import { registerPipeline } from './commands/pipeline.js';

export const VERSION = '0.1.0';

/** Builds the `mesh` program. Each command lives in `commands/<name>.ts` and registers itself here. */
export const createProgram = (io: CliIo): Command => {
  const program = new Command('mesh')
    .description(
      'Meshkit: contracts, compatibility gates, quality checks, pipelines and a catalog for a data mesh.',
    )
    .version(VERSION)
    .option('-C, --cwd <dir>', 'run as if started in <dir> (the workspace root)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  program.hook('preAction', (cmd) => {
    const cwd = cmd.opts<{ cwd?: string }>().cwd;
    if (cwd) io.cwd = cwd;
  });
  registerValidate(program, io);
  registerBreaking(program, io);
  registerSnapshot(program, io);
  registerCatalog(program, io);
  registerCompat(program, io);
  registerRegistry(program, io);
  registerQuality(program, io);
  registerPipeline(program, io);
  return program;
};

/** Runs argv (without node and script) and returns the exit code; never throws. */
export const run = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return io.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0; usage errors are already printed.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Input;
    }
    const code = exitCodeForError(error);
    const prefix = isMeshError(error) ? `error ${error.code}` : 'internal error';
    io.err(`mesh: ${prefix}: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!isMeshError(error) && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    return code;
  }
};
