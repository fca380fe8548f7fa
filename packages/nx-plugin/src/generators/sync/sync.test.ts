import { describe, expect, it } from 'vitest';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { domainGenerator } from '../domain/domain.js';
import { productGenerator } from '../product/product.js';
import { syncGenerator } from './sync.js';

const workspace = async (): Promise<Tree> => {
  const tree = createTreeWithEmptyWorkspace();
  // Format with prettier, as this repository does, so formatting cannot look like staleness.
  tree.delete('.oxfmtrc.json');
  tree.write('.prettierrc', JSON.stringify({ printWidth: 100, singleQuote: true }));
  await domainGenerator(tree, { name: 'sales', owner: 'sales-data', skipFormat: true });
  for (const [name, consumes] of [
    ['orders', undefined],
    ['revenue', 'sales/orders/orders'],
  ] as const)
    await productGenerator(tree, {
      domain: 'sales',
      name,
      description: `The ${name}.`,
      ...(consumes ? { consumes } : {}),
      skipFormat: true,
    });
  return tree;
};

/** The workspace as committed: READMEs written and formatted by a first sync. */
const committed = async (tree: Tree): Promise<Tree> => {
  await syncGenerator(tree, {});
  return tree;
};

describe('sync generator', () => {
  it('reports nothing when every README matches its product.yaml', async () => {
    const tree = await committed(await workspace());
    const before = tree.listChanges().map((c) => [c.path, c.content?.toString()]);
    expect(await syncGenerator(tree)).toBeUndefined();
    expect(tree.listChanges().map((c) => [c.path, c.content?.toString()])).toEqual(before);
  });

  it('names the stale READMEs after a descriptor change, and rewrites them', async () => {
    const tree = await committed(await workspace());
    const file = 'domains/sales/orders/product.yaml';
    tree.write(file, tree.read(file, 'utf-8')!.replace('team: sales-data', 'team: order-data'));
    tree.delete('domains/sales/revenue/README.md');
    const result = await syncGenerator(tree);
    expect(result).toEqual({
      outOfSyncMessage:
        '2 product READMEs are out of date with product.yaml; run "nx sync" and commit the result',
      outOfSyncDetails: ['domains/sales/orders/README.md', 'domains/sales/revenue/README.md'],
    });
    expect(tree.read('domains/sales/orders/README.md', 'utf-8')).toContain('Owner: `order-data`');
  });

  it('returns no task when run with options, as `nx g` runs whatever comes back', async () => {
    const tree = await committed(await workspace());
    tree.delete('domains/sales/orders/README.md');
    expect(await syncGenerator(tree, { skipFormat: true })).toBeUndefined();
    expect(tree.exists('domains/sales/orders/README.md')).toBe(true);
  });

  it('skips a product.yaml that does not parse, leaving it to mesh validate', async () => {
    const tree = await committed(await workspace());
    tree.write('domains/sales/broken/product.yaml', 'outputPorts: [');
    await syncGenerator(tree, { skipFormat: true });
    expect(tree.exists('domains/sales/broken/README.md')).toBe(false);
  });
});
