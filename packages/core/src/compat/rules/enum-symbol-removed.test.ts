import { describe } from 'vitest';
import { ruleCases } from './__fixtures__/rule-test-kit.js';
import { enumSymbolRemoved as rule } from './enum-symbol-removed.js';

describe('enum-symbol-removed', () => {
  ruleCases(rule, {
    reports: [
      {
        type: 'MISSING_ENUM_SYMBOLS',
        location: '/fields/0/type/symbols',
        message: '[CANCELLED, SHIPPED]',
      },
    ],
    passes: 'when the reader enum has a default symbol',
  });
});
