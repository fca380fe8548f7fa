import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, type Finding } from '@meshkit/core';
import type { GlueAction, GlueConnection } from '@meshkit/glue';
import { loadMeshConfig } from '../config/mesh-config.js';
import { openWorkspace } from '../workspace/open-workspace.js';
import { readContractHistory } from './git-history.js';

export interface PublishCatalogToGlueOptions {
  root: string;
  dryRun?: boolean;
  prune?: boolean;
  /** Glue Schema Registry name; default `meshkit`. */
  registryName?: string;
  /** Overrides mesh.config.yaml `aws` (tests pass moto's address and dummy credentials). */
  connection?: GlueConnection;
}

export interface PublishCatalogToGlueResult {
  actions: GlueAction[];
  dryRun: boolean;
  findings: Finding[];
  /** Where it published: the endpoint, or `AWS <region>`. */
  location: string;
}

/** `file://.mesh/lake` (relative to the root) -> an absolute file URL; s3:// stays as it is. */
export const lakeBaseUrl = (root: string, url: string): string => {
  if (!url.startsWith('file://')) return url.replace(/\/+$/, '');
  const path = url.slice('file://'.length);
  return pathToFileURL(isAbsolute(path) ? path : resolve(root, path)).href.replace(/\/+$/, '');
};

/**
 * `mesh catalog publish --glue`: a Glue database per domain, a table per port major (columns,
 * partition keys, SerDe, lake location, owner/SLA/version parameters) and a Glue Schema Registry
 * schema per port major holding every committed version of its contract.
 */
export const publishCatalogToGlue = async (
  o: PublishCatalogToGlueOptions,
): Promise<PublishCatalogToGlueResult> => {
  const config = await loadMeshConfig(o.root);
  const { workspace, findings } = await openWorkspace(o.root, { config });
  if (workspace.products.length === 0)
    throw new InputError(
      'INPUT_WORKSPACE_EMPTY',
      `no valid products under ${config.domainsDir}/ to publish; run "mesh validate" to see why`,
    );
  // Loaded here, not at the top: the AWS SDK costs every other command its start-up time.
  const { createGlueCatalogPublisher, toGluePublishSpec } = await import('@meshkit/glue');
  const history = await readContractHistory(workspace, config.domainsDir);
  const definitions = new Map(
    [...history].map(([key, versions]) => [
      key,
      versions.map((v) => JSON.stringify(v.schema)).reverse(),
    ]),
  );
  const spec = toGluePublishSpec(workspace, {
    lakeUrl: lakeBaseUrl(config.root, config.lake.url),
    history: definitions,
    ...(o.registryName ? { registry: o.registryName } : {}),
  });
  const connection: GlueConnection = o.connection ?? {
    region: config.aws.region,
    ...(config.aws.endpoint ? { endpoint: config.aws.endpoint } : {}),
  };
  const { publisher, close } = createGlueCatalogPublisher(connection);
  try {
    const result = await publisher.publish(spec, {
      dryRun: o.dryRun ?? false,
      prune: o.prune ?? false,
    });
    return { ...result, findings, location: connection.endpoint ?? `AWS ${connection.region}` };
  } finally {
    close();
  }
};
