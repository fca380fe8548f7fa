import { describe } from 'vitest';
import { ruleCases } from './__fixtures__/rule-test-kit.js';
import { typeChanged as rule } from './type-changed.js';

describe('type-changed', () => {
  ruleCases(rule, {
    reports: [
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/0/type/0',
        message: 'reader type: STRING not compatible with writer type: NULL',
      },
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/1/type',
        message: 'reader type: MAP not compatible with writer type: ARRAY',
      },
    ],
    passes: 'string read as bytes',
  });
});
