import type { AvroNode } from '../avro-model.js';
import type { CompatRule } from '../types.js';

const NUMERIC = new Set(['int', 'long', 'float', 'double']);

export const typeNarrowed: CompatRule = {
  id: 'type-narrowed',
  type: 'TYPE_MISMATCH',
  title: 'A number type was narrowed',
  purpose:
    'Avro promotes int to long, float and double, long to float and double, float to double, ' +
    'never the other way: a reader with a narrower number type cannot read wider written values.',
  fix: 'Keep the wider type, or widen the reader (for example `long` instead of `int`).',
  optIn: false,
  example: {
    reader: { type: 'record', name: 'Reading', fields: [{ name: 'value', type: 'int' }] },
    writer: { type: 'record', name: 'Reading', fields: [{ name: 'value', type: 'long' }] },
  },
  matches: (reader: AvroNode, writer: AvroNode) =>
    NUMERIC.has(reader.type) && NUMERIC.has(writer.type),
};
