import type { CompatRule } from '../types.js';

export const fieldAddedWithoutDefault: CompatRule = {
  id: 'field-added-without-default',
  type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
  title: 'A reader field has no default and the writer does not have it',
  purpose:
    'Data written without the field cannot be read: the reader has no value to fill in. Under ' +
    'BACKWARD this is a field added without a default; under FORWARD, a field removed that had none.',
  fix: 'Give the field a default (`"default": null` with a `["null", ...]` union is the usual way), or add an alias naming the writer field it replaces.',
  optIn: false,
  example: {
    reader: {
      type: 'record',
      name: 'Order',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'channel', type: 'string' },
      ],
    },
    writer: { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] },
  },
};
