import { describe } from 'vitest';
import { ruleCases } from './__fixtures__/rule-test-kit.js';
import { unionBranchRemoved as rule } from './union-branch-removed.js';

describe('union-branch-removed', () => {
  ruleCases(rule, {
    reports: [
      {
        type: 'MISSING_UNION_BRANCH',
        location: '/fields/0/type/2',
        message: 'reader union lacking writer type: LONG',
      },
      {
        type: 'MISSING_UNION_BRANCH',
        location: '/fields/0/type/3',
        message: 'reader union lacking writer type: BOOLEAN',
      },
    ],
    passes: 'when a reader branch promotes the writer type (long to double)',
  });
});
