import type { CompatRule } from '../types.js';

export const enumSymbolRemoved: CompatRule = {
  id: 'enum-symbol-removed',
  type: 'MISSING_ENUM_SYMBOLS',
  title: 'The writer enum has symbols the reader enum lacks',
  purpose:
    'A value written with a symbol the reader does not know cannot be read. Java accepts it when ' +
    'the reader enum declares a `default` symbol to fall back to.',
  fix: 'Keep the symbols, or give the reader enum a `"default"` symbol for unknown values.',
  optIn: false,
  example: {
    reader: { type: 'enum', name: 'Status', symbols: ['PLACED', 'PAID'] },
    writer: { type: 'enum', name: 'Status', symbols: ['PLACED', 'PAID', 'SHIPPED'] },
  },
};
