import { describe, expect, it } from 'vitest';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { domainGenerator } from './domain.js';

describe('domain generator', () => {
  it('writes domains/<name>/domain.yaml with owner, title and tags', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await domainGenerator(tree, {
      name: 'web-shop',
      owner: 'shop-data',
      email: 'shop-data@example.com',
      description: 'Orders: the web shop and: its apps.',
      tags: ['tier:1,region:eu'],
      skipFormat: true,
    });
    const doc = parse(tree.read('domains/web-shop/domain.yaml', 'utf-8')!);
    expect(doc).toEqual({
      apiVersion: 'meshkit/v1',
      kind: 'Domain',
      name: 'web-shop',
      title: 'Web Shop',
      description: 'Orders: the web shop and: its apps.',
      owner: { team: 'shop-data', email: 'shop-data@example.com' },
      tags: ['tier:1', 'region:eu'],
    });
  });

  it.each([
    ['Sales', 'must be lowercase'],
    ['..', 'must not contain ".."'],
    ['a/b', 'must not contain a slash'],
    ['/etc', 'must not contain a slash'],
    ['x'.repeat(65), 'longer than 64'],
    ['1st', 'is not valid'],
  ])('refuses the name %j with a message saying why', async (name, why) => {
    const tree = createTreeWithEmptyWorkspace();
    await expect(domainGenerator(tree, { name, owner: 'a-team' })).rejects.toThrow(why);
    expect(tree.listChanges().filter((c) => c.path.startsWith('domains'))).toEqual([]);
  });

  it('refuses an existing domain', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await domainGenerator(tree, { name: 'sales', owner: 'sales-data', skipFormat: true });
    await expect(domainGenerator(tree, { name: 'sales', owner: 'x' })).rejects.toThrow(
      /domain "sales" already exists: domains\/sales\/ is there/,
    );
  });

  it('refuses a bad owner team and a bad tag', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await expect(domainGenerator(tree, { name: 'sales', owner: 'Sales Data' })).rejects.toThrow(
      /--owner: team "Sales Data" is not valid/,
    );
    await expect(
      domainGenerator(tree, { name: 'sales', owner: 'sales-data', tags: 'Tier 1' }),
    ).rejects.toThrow(/--tags: "Tier 1" is not a tag/);
  });

  it('refuses what the domain schema refuses, naming the file and line', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await expect(
      domainGenerator(tree, { name: 'sales', owner: 'sales-data', email: 'not-an-email' }),
    ).rejects.toThrow(/domains\/sales\/domain\.yaml:\d+:\d+: .*email/);
  });
});
