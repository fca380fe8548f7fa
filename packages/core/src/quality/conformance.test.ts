import { describe, expect, it } from 'vitest';
import { checkSchemaConformance } from './conformance.js';
import { contractColumns, withPiiFlags } from './contract-columns.js';

const contract = contractColumns({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'order_id', type: 'string' },
    { name: 'total', type: 'double' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'updated_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'email', type: 'string', pii: true },
  ],
});

describe('checkSchemaConformance', () => {
  it("passes a dataset with the contract's columns and types", () => {
    const findings = checkSchemaConformance(
      contract,
      [
        { name: 'order_id', type: 'VARCHAR' },
        { name: 'total', type: 'DOUBLE' },
        { name: 'note', type: 'VARCHAR' },
        { name: 'updated_at', type: 'TIMESTAMP WITH TIME ZONE' },
        { name: 'email', type: 'VARCHAR' },
      ],
      { strictness: 'strict' },
    );
    expect(findings).toEqual([]);
  });

  it('reports missing, extra and mistyped columns at the contract field', () => {
    const findings = checkSchemaConformance(
      contract,
      [
        { name: 'order_id', type: 'BIGINT' },
        { name: 'total', type: 'DOUBLE' },
        { name: 'updated_at', type: 'VARCHAR' },
        { name: 'email', type: 'VARCHAR' },
        { name: 'order_date', type: 'DATE' },
        { name: 'surprise', type: 'VARCHAR' },
      ],
      { strictness: 'strict', ignoreExtra: ['order_date'] },
    );
    expect(
      findings.map((f) => [f.ruleId, f.severity, f.location?.pointer ?? null, f.message]),
    ).toEqual([
      [
        'schema/type-mismatch',
        'error',
        '/fields/0',
        'column "order_id" is BIGINT in the dataset but string in the contract',
      ],
      [
        'schema/column-missing',
        'warning',
        '/fields/2',
        'the dataset has no column "note" (["null", "string"], nullable in the contract)',
      ],
      [
        'schema/type-mismatch',
        'error',
        '/fields/3',
        'column "updated_at" is VARCHAR in the dataset but long (timestamp-millis) in the contract',
      ],
      [
        'schema/column-extra',
        'warning',
        null,
        'the dataset has column "surprise" (VARCHAR), which the contract does not declare',
      ],
    ]);
  });

  it('accepts what JSON Lines inference gives in lenient mode', () => {
    const findings = checkSchemaConformance(
      contract,
      [
        { name: 'order_id', type: 'VARCHAR' },
        { name: 'total', type: 'BIGINT' },
        { name: 'note', type: 'JSON' },
        { name: 'updated_at', type: 'VARCHAR' },
        { name: 'email', type: 'VARCHAR' },
      ],
      { strictness: 'lenient' },
    );
    expect(findings).toEqual([]);
  });

  it('reads pii and nullability from the contract', () => {
    expect(contract.filter((c) => c.pii).map((c) => c.name)).toEqual(['email']);
    expect(contract.filter((c) => c.nullable).map((c) => c.name)).toEqual(['note']);
  });
});

describe('withPiiFlags', () => {
  it('copies field pii flags from the contract as written', () => {
    const lost = {
      type: 'record',
      name: 'O',
      fields: [
        { name: 'email', type: 'string' },
        { name: 'id', type: 'string' },
      ],
    };
    const written = {
      ...lost,
      fields: [
        { name: 'email', type: 'string', pii: true },
        { name: 'id', type: 'string' },
      ],
    };
    expect(contractColumns(withPiiFlags(lost, written)).map((c) => [c.name, c.pii])).toEqual([
      ['email', true],
      ['id', false],
    ]);
  });
});
