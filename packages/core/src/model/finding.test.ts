import { describe, expect, it } from 'vitest';
import { findingProductId, type Finding } from './finding.js';

const finding = (extra: Partial<Finding>): Finding => ({
  ruleId: 'r',
  severity: 'error',
  message: 'm',
  ...extra,
});

describe('findingProductId', () => {
  it('takes the product a finding names', () => {
    expect(
      findingProductId(finding({ product: 'sales/orders', location: { file: 'x/y/z/w' } })),
    ).toBe('sales/orders');
  });

  it('falls back to the product folder of the file, whatever the domains folder is called', () => {
    expect(
      findingProductId(finding({ location: { file: 'mesh/sales/orders/product.yaml' } })),
    ).toBe('sales/orders');
  });

  it('gives nothing for workspace-wide findings', () => {
    expect(findingProductId(finding({ location: { file: 'domains/' } }))).toBeUndefined();
    expect(findingProductId(finding({}))).toBeUndefined();
  });
});
