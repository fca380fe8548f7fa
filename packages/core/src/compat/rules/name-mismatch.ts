import type { CompatRule } from '../types.js';

export const nameMismatch: CompatRule = {
  id: 'name-mismatch',
  type: 'NAME_MISMATCH',
  title: 'A record, enum or fixed was renamed',
  purpose:
    'Named types are matched by their unqualified name (namespaces may differ, as in Java), or by ' +
    "a reader alias equal to the writer's full name. A rename without an alias breaks decoding.",
  fix: 'Keep the name, or list the old full name in the reader type\'s `"aliases"`.',
  optIn: false,
  example: {
    reader: { type: 'record', name: 'Purchase', fields: [{ name: 'id', type: 'string' }] },
    writer: { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] },
  },
};
