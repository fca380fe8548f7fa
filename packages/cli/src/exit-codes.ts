import { InputError, isMeshError } from '@meshkit/core';

/** The exit codes every `mesh` command uses (STYLE.md, Findings, results, errors). */
export const ExitCode = {
  /** Passed; warnings allowed. */
  Ok: 0,
  /** Findings of severity error. */
  Findings: 1,
  /** Bad input or usage. */
  Input: 2,
  /** Infrastructure or internal failure. */
  Infrastructure: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Bad input (an `InputError`, or any MeshError whose code starts with INPUT_) is 2; the rest 3. */
export const exitCodeForError = (error: unknown): ExitCode =>
  error instanceof InputError || (isMeshError(error) && error.code.startsWith('INPUT_'))
    ? ExitCode.Input
    : ExitCode.Infrastructure;
