import {
  checkBreakingChanges,
  createCompatibilityChecker,
  findingProductId,
  loadWaivers,
  loadWorkspace,
  type Finding,
  type GateResult,
} from '@meshkit/core';
import { InputError } from '@meshkit/core';
import { loadMeshConfig } from '../config/mesh-config.js';
import { startGitWorkspaceFs } from '../git/git-workspace-fs.js';
import { git, resolveCommit } from '../git/git.js';
import { createNodeWorkspaceFs } from '../workspace/node-workspace-fs.js';
import { startPortHistories } from './port-histories.js';

export interface BreakingOptions {
  root: string;
  /** The published side; default: the merge base of HEAD with main (or origin/main). */
  against?: string;
  /** Limit the report to these product ids. */
  products?: readonly string[];
  /** YYYY-MM-DD; default: today (UTC). */
  today?: string;
}

export interface BreakingReport extends GateResult {
  against: { ref: string; commit: string };
  /** Problems loading the candidate workspace (they fail the gate too). */
  loadFindings: Finding[];
}

const defaultBase = async (root: string): Promise<string> => {
  for (const branch of ['main', 'origin/main', 'master', 'origin/master']) {
    try {
      return (await git(root, ['merge-base', 'HEAD', branch])).toString('utf8').trim();
    } catch {
      // try the next candidate
    }
  }
  throw new InputError(
    'INPUT_GIT_REF',
    `found no main branch to compare with in ${root}; pass --against <git-ref>`,
  );
};

/** `mesh breaking`: the candidate working tree against what is published at a git ref. */
export const runBreaking = async (options: BreakingOptions): Promise<BreakingReport> => {
  const { root } = options;
  const config = await loadMeshConfig(root);
  const ref = options.against ?? (await defaultBase(root));
  const commit = await resolveCommit(root, ref);
  const headFs = createNodeWorkspaceFs(root);
  // Git reads the published side (one process for the tree, one for the history) while this
  // thread loads the working tree.
  const [baseFiles, history] = await Promise.all([
    startGitWorkspaceFs(root, commit, [config.domainsDir, 'contracts']),
    startPortHistories(root, commit, config.domainsDir),
  ]);
  const head = await loadWorkspace(headFs, { domainsDir: config.domainsDir });
  const baseFs = await baseFiles.read();
  // The published side loads leniently: what is broken there is not this change's doing.
  const base = await loadWorkspace(baseFs, { domainsDir: config.domainsDir, types: 'lazy' });
  const published = base.findings.some((f) => f.ruleId === 'workspace-empty')
    ? undefined
    : base.workspace;
  const histories = published ? await history.read(published) : new Map();
  const waivers = await loadWaivers(headFs, head.workspace);
  // Products whose folder exists but failed to load: their load findings fail the gate already.
  const unloaded = new Set(
    head.findings.map(findingProductId).filter((id): id is string => id !== undefined),
  );
  const result = checkBreakingChanges({
    unloaded,
    base: published,
    head: head.workspace,
    histories,
    waivers: waivers.waivers,
    today: options.today ?? new Date().toISOString().slice(0, 10),
    // No verdict cache: a gate checks each candidate against its own port's history, so its pairs
    // almost never repeat, and fingerprinting every schema for the cache costs twice the checks.
    checker: createCompatibilityChecker({ cache: false }),
    ...(options.products?.length ? { products: new Set(options.products) } : {}),
  });
  return {
    ...result,
    against: { ref, commit },
    loadFindings: [...head.findings, ...waivers.findings],
  };
};
