import { loadWorkspace, type LoadWorkspaceResult } from '@meshkit/core';
import { loadMeshConfig, type MeshConfig } from '../config/mesh-config.js';
import { createNodeWorkspaceFs } from './node-workspace-fs.js';

/**
 * Loads the workspace at `root` from disk, with the folders named in its mesh.config.yaml (pass
 * `config` when it is loaded already). `types: 'lazy'` is for readers of schemas only (see
 * `loadWorkspace`).
 */
export const openWorkspace = async (
  root: string,
  options: { types?: 'eager' | 'lazy'; config?: Pick<MeshConfig, 'domainsDir'> } = {},
): Promise<LoadWorkspaceResult> => {
  const config = options.config ?? (await loadMeshConfig(root));
  return loadWorkspace(createNodeWorkspaceFs(root), {
    domainsDir: config.domainsDir,
    ...(options.types ? { types: options.types } : {}),
  });
};
