import type { CompatRule } from '../types.js';

export const fixedSizeChanged: CompatRule = {
  id: 'fixed-size-changed',
  type: 'FIXED_SIZE_MISMATCH',
  title: 'A fixed type changed its size',
  purpose:
    'A `fixed` value is exactly `size` bytes: a reader expecting another size misreads every value after it.',
  fix: 'Keep the size; use a new fixed type (new name) in a new field for the new size.',
  optIn: false,
  example: {
    reader: { type: 'fixed', name: 'Hash', size: 16 },
    writer: { type: 'fixed', name: 'Hash', size: 32 },
  },
};
