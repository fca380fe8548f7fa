import type { CompatRule } from '../types.js';

export const unionBranchRemoved: CompatRule = {
  id: 'union-branch-removed',
  type: 'MISSING_UNION_BRANCH',
  title: 'The reader union has no branch that reads a writer type',
  purpose:
    'A value of a writer type that no branch of the reader union can read fails to decode. Java ' +
    'takes the first reader branch that reads the writer type (numeric promotion and string/bytes count).',
  fix: 'Keep the branch in the union (or a branch it promotes to, such as `long` for `int`).',
  optIn: false,
  example: {
    reader: ['null', 'string'],
    writer: ['null', 'string', 'long'],
  },
};
