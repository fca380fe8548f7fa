import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SchemaRegistry } from '@meshkit/core';
import { createMemorySchemaRegistry, startRegistryServer } from '@meshkit/registry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishToRegistry } from './publish-to-registry.js';

let root: string;
let registry: SchemaRegistry;

const contract = (extra: object[] = []) =>
  `${JSON.stringify({
    type: 'record',
    name: 'Shipment',
    namespace: 'logistics.shipments',
    fields: [{ name: 'shipment_id', type: 'string' }, ...extra],
  })}\n`;

const writeProduct = async (shipments: string, version = '1.0.0') => {
  const dir = join(root, 'domains', 'logistics', 'shipments');
  await mkdir(join(dir, 'contracts'), { recursive: true });
  await writeFile(
    join(root, 'domains', 'logistics', 'domain.yaml'),
    'apiVersion: meshkit/v1\nkind: Domain\nname: logistics\nowner: { team: logistics-data }\n',
  );
  await writeFile(
    join(dir, 'product.yaml'),
    [
      'apiVersion: meshkit/v1',
      'kind: DataProduct',
      'domain: logistics',
      'name: shipments',
      'owner: { team: logistics-data }',
      'lifecycle: active',
      'outputPorts:',
      `  - { name: shipments, version: ${version}, contract: contracts/shipments.avsc, compatibility: BACKWARD_TRANSITIVE, format: parquet }`,
      '  - { name: counts, version: 2.1.0, contract: contracts/counts.avsc, compatibility: FULL, format: parquet }',
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, 'contracts', 'shipments.avsc'), shipments);
  await writeFile(
    join(dir, 'contracts', 'counts.avsc'),
    JSON.stringify({ type: 'record', name: 'Count', fields: [{ name: 'n', type: 'long' }] }),
  );
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mesh-publish-'));
  registry = await createMemorySchemaRegistry();
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('publishToRegistry', () => {
  it('sets each subject level first, registers every port, and changes nothing when run again', async () => {
    await writeProduct(contract());
    const first = await publishToRegistry({ root, registry });
    expect(first.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(first.ok).toBe(true);
    expect(first.results.map((r) => [r.subject, r.level, r.status, r.registryVersion])).toEqual([
      ['logistics.shipments.counts.v2-value', 'FULL', 'registered', 1],
      ['logistics.shipments.shipments.v1-value', 'BACKWARD_TRANSITIVE', 'registered', 1],
    ]);
    expect(await registry.getCompatibility('logistics.shipments.shipments.v1-value')).toBe(
      'BACKWARD_TRANSITIVE',
    );
    const again = await publishToRegistry({ root, registry });
    expect(again.results.map((r) => [r.status, r.levelChanged])).toEqual([
      ['unchanged', false],
      ['unchanged', false],
    ]);
  });

  it('registers a compatible change as the next version and reports an incompatible one with reasons', async () => {
    await writeProduct(contract());
    await publishToRegistry({ root, registry });
    await writeProduct(contract([{ name: 'carrier', type: 'string', default: 'dhl' }]), '1.1.0');
    const compatible = await publishToRegistry({
      root,
      registry,
      products: ['logistics/shipments'],
    });
    expect(compatible.results.find((r) => r.port === 'shipments')).toMatchObject({
      status: 'registered',
      registryVersion: 2,
      version: '1.1.0',
    });
    await writeProduct(contract([{ name: 'weight', type: 'double' }]), '1.2.0');
    const breaking = await publishToRegistry({ root, registry });
    expect(breaking.ok).toBe(false);
    const refused = breaking.results.find((r) => r.port === 'shipments')!;
    expect(refused.status).toBe('incompatible');
    expect(refused.messages.join('\n')).toContain("The field 'weight'");
    expect((await registry.versions('logistics.shipments.shipments.v1-value')).length).toBe(2);
  });

  it('changes nothing on a dry run, but checks at the port level it would set', async () => {
    await writeProduct(contract());
    const dry = await publishToRegistry({ root, registry, dryRun: true });
    expect(dry.results.map((r) => r.status)).toEqual(['would-register', 'would-register']);
    expect(await registry.subjects()).toEqual([]);
    expect(await registry.getCompatibility('logistics.shipments.counts.v2-value')).toBeUndefined();
  });

  it('refuses an unknown product, naming it', async () => {
    await writeProduct(contract());
    await expect(
      publishToRegistry({ root, registry, products: ['logistics/nope'] }),
    ).rejects.toMatchObject({
      code: 'INPUT_USAGE',
      message: expect.stringContaining('logistics/nope'),
    });
  });

  it('writes the embedded registry in .mesh/registry when no URL is configured', async () => {
    await writeProduct(contract());
    const result = await publishToRegistry({ root });
    expect(result.location).toBe(`embedded:${join(root, '.mesh', 'registry')}`);
    expect(result.results.map((r) => r.status)).toEqual(['registered', 'registered']);
    const server = await startRegistryServer({ port: 0, dataDir: join(root, '.mesh', 'registry') });
    try {
      const res = await fetch(`${server.url}/subjects`);
      expect(await res.json()).toEqual([
        'logistics.shipments.counts.v2-value',
        'logistics.shipments.shipments.v1-value',
      ]);
      // While a server holds the folder, pushing without --url says to go through the server.
      await expect(publishToRegistry({ root })).rejects.toMatchObject({
        code: 'INPUT_REGISTRY_IN_USE',
        message: expect.stringContaining('--url'),
      });
    } finally {
      await server.close();
    }
  });

  it('publishes to a registry server by URL', async () => {
    await writeProduct(contract());
    const server = await startRegistryServer({ port: 0 });
    try {
      const result = await publishToRegistry({ root, url: server.url });
      expect(result.location).toBe(server.url);
      expect(result.results.map((r) => r.status)).toEqual(['registered', 'registered']);
    } finally {
      await server.close();
    }
  });
});
