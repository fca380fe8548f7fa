import { InvalidArgumentError } from 'commander';

/** A `--format`-style option parser that accepts only the given choices. */
export const formatOption =
  <T extends string>(choices: readonly T[]) =>
  (value: string): T => {
    if (!(choices as readonly string[]).includes(value))
      throw new InvalidArgumentError(`must be one of ${choices.join(', ')}`);
    return value as T;
  };
