import { describe, expect, it } from 'vitest';
import { createTree } from '@nx/devkit/testing';
import { treeWorkspaceFs } from './tree-workspace-fs.js';

const decode = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

describe('treeWorkspaceFs', () => {
  const tree = createTree();
  tree.write('domains/sales/domain.yaml', 'name: sales\n');
  tree.write('domains/sales/orders/product.yaml', 'name: orders\n');
  const fs = treeWorkspaceFs(tree);

  it('reads files the tree holds, including ones not yet on disk', async () => {
    expect(decode(await fs.readFile('domains/sales/orders/product.yaml'))).toBe('name: orders\n');
    expect(await fs.readFile('domains/sales/missing.yaml')).toBeUndefined();
    expect(await fs.readFile('domains/sales')).toBeUndefined();
  });

  it('lists folders with kinds, sorted, and the root as ""', async () => {
    expect(await fs.list('domains/sales')).toEqual([
      { name: 'domain.yaml', kind: 'file' },
      { name: 'orders', kind: 'dir' },
    ]);
    expect((await fs.list(''))?.map((e) => e.name)).toContain('domains');
    expect(await fs.list('domains/sales/domain.yaml')).toBeUndefined();
    expect(await fs.list('nowhere')).toBeUndefined();
  });

  it('refuses paths that leave the workspace', async () => {
    for (const path of ['../etc/passwd', '/etc/passwd', 'domains/../../x', 'a\\b']) {
      expect(await fs.readFile(path), path).toBeUndefined();
      expect(await fs.list(path), path).toBeUndefined();
      expect(await fs.realpath(path), path).toBeUndefined();
    }
    expect(await fs.realpath('domains/sales/./orders')).toBe('domains/sales/orders');
  });
});
