import { describe } from 'vitest';
import { ruleCases } from './__fixtures__/rule-test-kit.js';
import { fieldAddedWithoutDefault as rule } from './field-added-without-default.js';

describe('field-added-without-default', () => {
  ruleCases(rule, {
    reports: [
      {
        type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        location: '/fields/2',
        message: 'channel',
      },
      {
        type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        location: '/fields/3/type/fields/1',
        message: 'tier',
      },
    ],
    passes: 'a new field with a default and a renamed field with an alias',
  });
});
