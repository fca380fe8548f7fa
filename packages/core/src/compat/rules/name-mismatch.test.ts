import { describe } from 'vitest';
import { ruleCases } from './__fixtures__/rule-test-kit.js';
import { nameMismatch as rule } from './name-mismatch.js';

describe('name-mismatch', () => {
  ruleCases(rule, {
    reports: [
      {
        type: 'NAME_MISMATCH',
        location: '/name',
        message: 'expected: sales.Order',
      },
      {
        type: 'NAME_MISMATCH',
        location: '/fields/1/type/name',
        message: 'expected: sales.OrderKind',
      },
    ],
    passes: 'a rename with the old full name as an alias',
  });
});
