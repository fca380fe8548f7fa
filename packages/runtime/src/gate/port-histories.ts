import {
  inlineNamedTypes,
  type PortHistories,
  type PublishedVersion,
  type Workspace,
} from '@meshkit/core';
import { startContractTouches } from '../git/contract-touches.js';

/**
 * Every version of every port major published on the history of `commit`, oldest first: the
 * transitive levels compare a candidate with all of them. A version is the contract as it stood
 * in a commit that touched it, labelled with the port's version in that commit's product.yaml;
 * commits where the port had another major are not part of this major's history (see
 * `startContractTouches`).
 */
export const readPortHistories = async (
  root: string,
  commit: string,
  base: Workspace,
  domainsDir: string,
): Promise<PortHistories> => (await startPortHistories(root, commit, domainsDir)).read(base);

/**
 * The first half of `readPortHistories`, which needs no workspace: git reads the log and the
 * published files while the caller loads the published workspace; `read` then picks out the
 * histories of its ports.
 */
export const startPortHistories = async (
  root: string,
  commit: string,
  domainsDir: string,
): Promise<{ read: (base: Workspace) => Promise<PortHistories> }> => {
  const started = await startContractTouches(root, commit, domainsDir);
  const read = async (base: Workspace): Promise<PortHistories> => {
    const histories = new Map<string, PublishedVersion[]>();
    for (const [key, touches] of await started.read(base)) {
      const list: PublishedVersion[] = [];
      for (const { commit: c, text, version } of touches) {
        // A commit where the port had no version of this major published nothing for it.
        if (version === undefined) continue;
        // Parsed on use: the gate reads the history of changed ports only.
        const schema = lazySchema(text, base.sharedSchemas);
        const entry = Object.defineProperty(
          { version, commit: c.hash } as PublishedVersion,
          'schema',
          { enumerable: true, get: schema },
        );
        // The same version edited again (docs, or a fix before release) counts once, as last written.
        if (list.at(-1)?.version === version) list[list.length - 1] = entry;
        else list.push(entry);
      }
      if (list.length > 0) histories.set(key, list);
    }
    return histories;
  };
  return { read };
};

/**
 * The contract of a published version as JSON with shared types written in, worked out on each
 * read and not kept: the gate reads each version once, and thousands of parsed histories held at
 * once would cost more memory (and garbage collection) than the text they come from.
 * `undefined` when the text is not JSON (such a version was never readable).
 */
const lazySchema = (text: string, shared: ReadonlyMap<string, unknown>) => (): unknown => {
  try {
    return inlineNamedTypes(JSON.parse(text), shared);
  } catch {
    return undefined;
  }
};
