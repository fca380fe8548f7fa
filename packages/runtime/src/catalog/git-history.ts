import type { ContractVersion } from '@meshkit/catalog';
import { inlineNamedTypes, type Workspace } from '@meshkit/core';
import { startContractTouches, type ContractTouches } from '../git/contract-touches.js';

/** How much history the catalog shows. */
export interface GitHistoryOptions {
  /** Versions per port major, newest first (default 20). */
  maxVersionsPerPort?: number;
}

type ContractHistory = Map<string, ContractVersion[]>;

/**
 * Each port's committed contract versions, newest first, as the catalog shows them: commits in a
 * row with the same contract are one version (its oldest commit), at most `maxVersionsPerPort`.
 * Not a git repository, no commits yet, or git missing: an empty map (the catalog then shows
 * the working tree only).
 */
export const readContractHistory = async (
  workspace: Workspace,
  domainsDir: string,
  options: GitHistoryOptions = {},
): Promise<ContractHistory> =>
  (await startContractHistory(workspace.root, domainsDir, options)).read(workspace);

/**
 * The first half of `readContractHistory`, which needs no workspace: git reads the log and the
 * files while the caller loads the workspace; `read` then builds the versions of its ports.
 */
export const startContractHistory = async (
  root: string,
  domainsDir: string,
  options: GitHistoryOptions = {},
): Promise<{ read: (workspace: Workspace) => Promise<ContractHistory> }> => {
  const maxVersions = options.maxVersionsPerPort ?? 20;
  let started: Awaited<ReturnType<typeof startContractTouches>>;
  try {
    started = await startContractTouches(root, 'HEAD', domainsDir);
  } catch {
    return { read: () => Promise.resolve(new Map()) };
  }
  return {
    read: async (workspace) => {
      let touches: ContractTouches;
      try {
        // Commits in a row with the same contract collapse into one version: twice the bound.
        touches = await started.read(workspace, maxVersions * 2);
      } catch {
        return new Map();
      }
      return versionsOf(touches, workspace.sharedSchemas, maxVersions);
    },
  };
};

const versionsOf = (
  touches: ContractTouches,
  shared: ReadonlyMap<string, unknown>,
  maxVersions: number,
): ContractHistory => {
  const history: ContractHistory = new Map();
  for (const [key, oldestFirst] of touches) {
    const list: ContractVersion[] = [];
    let newerJson: string | undefined;
    for (const t of [...oldestFirst].reverse()) {
      let json: unknown;
      try {
        json = JSON.parse(t.text);
      } catch {
        continue; // a commit with a broken contract is not a version anyone could publish
      }
      const entry: ContractVersion = {
        commit: t.commit.hash,
        date: t.commit.date,
        author: t.commit.author,
        subject: t.commit.subject,
        schema: inlineNamedTypes(json, shared),
        source: json,
        ...(t.version ? { version: t.version } : {}),
      };
      // Consecutive commits with the same contract (as JSON: layout aside) are one version: keep
      // its oldest commit.
      const newer = list.at(-1);
      const same = JSON.stringify(json);
      if (newer && newerJson === same)
        list[list.length - 1] = { ...entry, ...(newer.version ? { version: newer.version } : {}) };
      else list.push(entry);
      newerJson = same;
    }
    if (list.length > 0) history.set(key, list.slice(0, maxVersions));
  }
  return history;
};
