import { InputError, hasErrors, parseProductId, portNames } from '@meshkit/core';
import type { CompatibilityLevel, Finding, SchemaRegistry } from '@meshkit/core';
import { openWorkspace } from '../workspace/open-workspace.js';
import { openSchemaRegistry } from './open-schema-registry.js';

export type PublishStatus =
  /** Already registered under the subject: nothing to do. */
  | 'unchanged'
  | 'registered'
  /** Dry run: it would be registered. */
  | 'would-register'
  /** The registry refused it (incompatible with the subject's versions). */
  | 'incompatible';

export interface PortPublishResult {
  product: string;
  port: string;
  major: number;
  /** The contract's semantic version in product.yaml. */
  version: string;
  subject: string;
  level: CompatibilityLevel;
  /** The subject's level before this run (undefined: it followed the registry's global level). */
  previousLevel: CompatibilityLevel | undefined;
  levelChanged: boolean;
  status: PublishStatus;
  id?: number;
  registryVersion?: number;
  /** Why the registry refused it. */
  messages: string[];
}

export interface PublishToRegistryOptions {
  /** Workspace root. */
  root: string;
  /**
   * Registry URL; default `registry.url` of mesh.config.yaml (or MESH_REGISTRY_URL). With no URL
   * anywhere, the embedded registry in `registry.data` (`.mesh/registry`) is written directly.
   */
  url?: string;
  /** HTTP basic auth `user:password`. */
  auth?: string;
  /** Only these products (`<domain>/<product>`); default all. */
  products?: readonly string[];
  /** Report what would change without changing anything. */
  dryRun?: boolean;
  /** A registry to use instead of a client for `url` (tests pass the in-memory fake). */
  registry?: SchemaRegistry;
}

export interface PublishToRegistryResult {
  location: string;
  results: PortPublishResult[];
  /** Workspace findings (products with errors are not published). */
  findings: Finding[];
  /** True when every selected port is registered (or would be) and the workspace has no errors. */
  ok: boolean;
}

/**
 * Publishes every selected product's output ports to a Confluent-compatible registry: for each
 * port, first the subject's compatibility level (`PUT /config/{subject}`), so the registry
 * checks the new version at the port's level, then the contract as the subject's next version.
 * Ports are handled in a fixed order (product id, port name); running it again changes nothing.
 */
export const publishToRegistry = async (
  options: PublishToRegistryOptions,
): Promise<PublishToRegistryResult> => {
  for (const id of options.products ?? []) {
    const parsed = parseProductId(id);
    if (!parsed.ok) throw new InputError('INPUT_USAGE', parsed.error);
  }
  const { workspace, findings } = await openWorkspace(options.root);
  const wanted = new Set(options.products ?? []);
  const unknown = [...wanted].filter(
    (id) => !workspace.products.some((p) => p.id === id) && !findings.some((f) => f.product === id),
  );
  if (unknown.length > 0)
    throw new InputError(
      'INPUT_USAGE',
      `no such product: ${unknown.join(', ')} (products are named <domain>/<product>)`,
    );
  const registry =
    options.registry ??
    (await openSchemaRegistry({
      root: options.root,
      ...(options.url !== undefined ? { url: options.url } : {}),
      ...(options.auth !== undefined ? { auth: options.auth } : {}),
      createIfMissing: options.dryRun !== true,
    }));
  const results: PortPublishResult[] = [];
  try {
    const products = workspace.products
      .filter((p) => wanted.size === 0 || wanted.has(p.id))
      .sort((a, b) => a.id.localeCompare(b.id));
    for (const product of products) {
      const ports = [...product.ports].sort(
        (a, b) => a.name.localeCompare(b.name) || a.major - b.major,
      );
      for (const port of ports) {
        const { subject } = portNames(product.domain, product.name, port.name, port.major);
        const level = port.descriptor.compatibility;
        const schema = JSON.stringify(port.schema);
        const previousLevel = await registry.getCompatibility(subject);
        const levelChanged = previousLevel !== level;
        if (levelChanged && !options.dryRun) await registry.setCompatibility(subject, level);
        const base = {
          product: product.id,
          port: port.name,
          major: port.major,
          version: port.version,
          subject,
          level,
          previousLevel,
          levelChanged,
        };
        const existing = await registry.lookup(subject, schema);
        if (existing) {
          results.push({
            ...base,
            status: 'unchanged',
            id: existing.id,
            registryVersion: existing.version,
            messages: [],
          });
          continue;
        }
        if (options.dryRun) {
          // The registry checks at the subject's current level; the port's level is what counts.
          const verdict = levelChanged
            ? await checkAtLevel(registry, subject, schema, level)
            : await registry.testCompatibility(subject, schema);
          results.push({
            ...base,
            status: verdict.compatible ? 'would-register' : 'incompatible',
            messages: verdict.messages,
          });
          continue;
        }
        const verdict = await registry.testCompatibility(subject, schema);
        if (!verdict.compatible) {
          results.push({ ...base, status: 'incompatible', messages: verdict.messages });
          continue;
        }
        const registered = await registry.register(subject, schema);
        results.push({
          ...base,
          status: 'registered',
          id: registered.id,
          registryVersion: registered.version,
          messages: [],
        });
      }
    }
  } finally {
    if (!options.registry) await registry.close();
  }
  return {
    location: registry.location,
    results,
    findings,
    ok: !hasErrors(findings) && results.every((r) => r.status !== 'incompatible'),
  };
};

/**
 * A dry run must not change the subject's level, so when the level would change, the check
 * runs on a scratch copy of the subject's versions in an in-memory registry at the port's level.
 */
const checkAtLevel = async (
  registry: SchemaRegistry,
  subject: string,
  schema: string,
  level: CompatibilityLevel,
): Promise<{ compatible: boolean; messages: string[] }> => {
  const { createMemorySchemaRegistry } = await import('@meshkit/registry');
  const scratch = await createMemorySchemaRegistry();
  try {
    await scratch.setCompatibility(subject, 'NONE');
    for (const version of await registry.versions(subject))
      await scratch.register(subject, version.schema);
    await scratch.setCompatibility(subject, level);
    return await scratch.testCompatibility(subject, schema);
  } finally {
    await scratch.close();
  }
};
