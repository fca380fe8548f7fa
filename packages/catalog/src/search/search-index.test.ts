import { describe, expect, it } from 'vitest';
import { loadWorkspace, memoryWorkspaceFs } from '@meshkit/core';
import { buildCatalog } from '../model/build-catalog.js';
import { catalogFixtureFiles } from '../testing/catalog-fixture.js';
import { searchIndex, tokenize } from './search-index.js';

const catalog = async () => {
  const { workspace } = await loadWorkspace(
    memoryWorkspaceFs(catalogFixtureFiles({ customersExtraField: true })),
  );
  return buildCatalog(workspace, { generatedAt: '2026-11-26T00:00:00Z' });
};

describe('search index', () => {
  it('splits identifiers into their parts and keeps the whole', () => {
    expect(tokenize('customer_email loyaltyTier sales/orders')).toEqual(
      expect.arrayContaining([
        'customer_email',
        'customer',
        'email',
        'loyaltytier',
        'loyalty',
        'tier',
        'sales',
        'orders',
      ]),
    );
  });

  it('finds products by field name, field doc, port, description and prefix, every word required', async () => {
    const c = await catalog();
    const ids = (q: string) => searchIndex(c.search, q).map((i) => c.search.docs[i]!.id);
    expect(ids('loyalty_tier')).toEqual(['shop/customers']);
    expect(ids('bronze')).toEqual(['shop/customers']); // a field's doc
    expect(ids('parcels')).toEqual(['ops/shipments']); // the description
    expect(ids('ship')).toEqual(['ops/shipments', 'shop/orders']); // shipments, shipping_email
    expect(ids('shipping email')).toEqual(['shop/orders']);
    expect(ids('nothing-like-this')).toEqual([]);
    expect(ids('   ')).toHaveLength(3);
  });

  it('keeps terms sorted so a prefix is one binary search', async () => {
    const { terms } = (await catalog()).search;
    expect([...terms].sort()).toEqual(terms);
  });
});
