import type { CompatRule } from '../types.js';

export const typeChanged: CompatRule = {
  id: 'type-changed',
  type: 'TYPE_MISMATCH',
  title: 'The reader type cannot read the writer type',
  purpose:
    "Any type change outside Avro's promotions (int→long→float→double, string↔bytes) breaks " +
    'decoding: a string read as an int, a map read as an array, an optional value read as required.',
  fix: 'Keep the old type; to change it, add a new field (with a default) or publish a new major version.',
  optIn: false,
  example: {
    reader: { type: 'record', name: 'Customer', fields: [{ name: 'email', type: 'string' }] },
    writer: {
      type: 'record',
      name: 'Customer',
      fields: [{ name: 'email', type: ['null', 'string'] }],
    },
  },
};
