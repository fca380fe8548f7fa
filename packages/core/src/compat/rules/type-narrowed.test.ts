import { describe } from 'vitest';
import { ruleCases } from './__fixtures__/rule-test-kit.js';
import { typeNarrowed as rule } from './type-narrowed.js';

describe('type-narrowed', () => {
  ruleCases(rule, {
    reports: [
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/0/type',
        message: 'reader type: INT not compatible with writer type: LONG',
      },
      {
        type: 'TYPE_MISMATCH',
        location: '/fields/1/type/items',
        message: 'reader type: FLOAT not compatible with writer type: DOUBLE',
      },
    ],
    passes: 'promotions int to double and float to double',
  });
});
