import { describe, expect, it } from 'vitest';
import { compareContractVersions } from './contract-compatibility.js';

const record = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'Order', fields });

describe('compareContractVersions', () => {
  it('says a field added with a default is compatible both ways', () => {
    const before = record([{ name: 'id', type: 'string' }]);
    const after = record([
      { name: 'id', type: 'string' },
      { name: 'note', type: 'string', default: '' },
    ]);
    expect(compareContractVersions(before, after)).toEqual({
      backward: true,
      forward: true,
      incompatibilities: [],
    });
  });

  it('names the rule and place when a field is added without a default', () => {
    const before = record([{ name: 'id', type: 'string' }]);
    const after = record([
      { name: 'id', type: 'string' },
      { name: 'total', type: 'double' },
    ]);
    const result = compareContractVersions(before, after);
    expect(result).toMatchObject({ backward: false, forward: true });
    if ('error' in result) throw new Error(result.error);
    expect(result.incompatibilities[0]).toMatchObject({
      direction: 'backward',
      location: expect.stringContaining('/fields'),
    });
  });

  it('reports a file that is not a schema instead of throwing', () => {
    expect(compareContractVersions('{', '{}')).toHaveProperty('error');
  });
});
