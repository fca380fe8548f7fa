import { describe } from 'vitest';
import { ruleCases } from './__fixtures__/rule-test-kit.js';
import { fixedSizeChanged as rule } from './fixed-size-changed.js';

describe('fixed-size-changed', () => {
  ruleCases(rule, {
    reports: [
      {
        type: 'FIXED_SIZE_MISMATCH',
        location: '/fields/0/type/size',
        message: 'expected: 32, found: 16',
      },
    ],
    passes: 'the same size in another namespace',
  });
});
