import { parse } from 'yaml';
import {
  decodeUtf8,
  historyKey,
  inlineNamedTypes,
  type PortHistories,
  type PublishedVersion,
  type Workspace,
} from '@meshkit/core';
import { git, readObjects } from '../git/git.js';

interface PortRef {
  key: string;
  productFile: string;
  contractFile: string;
  port: string;
  major: number;
}

/**
 * Every version of every port major published on the history of `commit`, oldest first: the
 * transitive levels compare a candidate with all of them. A version is the contract as it stood
 * in a commit that touched it, labelled with the port's version in that commit's product.yaml;
 * commits where the port had another major are not part of this major's history. One `git log`
 * and one `git cat-file --batch` serve the whole workspace.
 */
export const readPortHistories = async (
  root: string,
  commit: string,
  base: Workspace,
  domainsDir: string,
): Promise<PortHistories> => (await startPortHistories(root, commit, domainsDir)).read(base);

/**
 * The first half of `readPortHistories`, which needs no workspace: reads the log and starts
 * fetching every contract and product.yaml it names. Git works on while the caller loads the
 * published workspace; `read` then picks out the histories of its ports.
 */
export const startPortHistories = async (
  root: string,
  commit: string,
  domainsDir: string,
): Promise<{ read: (base: Workspace) => Promise<PortHistories> }> => {
  // `--raw` names each changed file's new blob, so most contents are fetched by blob id, which
  // is cheaper for git than resolving `<commit>:<path>` through the trees.
  const log = (
    await git(root, [
      'log',
      '--format=%x01%H',
      '--raw',
      '--no-abbrev',
      '--no-renames',
      commit,
      '--',
      domainsDir,
    ])
  ).toString('utf8');
  const ZERO = /^0+$/;
  const touches = new Map<string, { commit: string; blob: string }[]>(); // contracts, newest first
  const changedIn = new Map<string, string>(); // `<commit> <path>` -> new blob
  const wanted = new Set<string>();
  for (const block of log.split('\x01')) {
    const [sha = '', ...lines] = block.split('\n');
    const c = sha.trim();
    if (!c) continue;
    for (const line of lines) {
      // :<old mode> <new mode> <old blob> <new blob> <status>\t<path>
      const tab = line.indexOf('\t');
      if (!line.startsWith(':') || tab < 0) continue;
      const blob = line.slice(0, tab).split(' ')[3] ?? '';
      const path = line.slice(tab + 1);
      if (ZERO.test(blob)) continue; // deleted in this commit
      changedIn.set(`${c} ${path}`, blob);
      // Contracts are .avsc files (the descriptor's meta-contract says so).
      if (path.endsWith('.avsc')) {
        touches.set(path, [...(touches.get(path) ?? []), { commit: c, blob }]);
        wanted.add(blob);
      } else if (path.endsWith('/product.yaml')) wanted.add(blob);
    }
  }
  const prefetched = [...wanted];
  const fetching = readObjects(root, prefetched);
  // Settled here too, so a failure is not unhandled while the caller is busy; `read` rethrows it.
  fetching.catch(() => undefined);

  const read = async (base: Workspace): Promise<PortHistories> => {
    const refs: PortRef[] = base.products.flatMap((p) =>
      p.ports.map((port) => ({
        key: historyKey(p.id, port.name, port.major),
        productFile: p.file,
        contractFile: port.contractFile,
        port: port.name,
        major: port.major,
      })),
    );
    const byContract = new Map<string, PortRef[]>();
    for (const r of refs)
      byContract.set(r.contractFile, [...(byContract.get(r.contractFile) ?? []), r]);

    const requests: { ref: PortRef; commit: string }[] = [];
    const specs: string[] = [];
    for (const [file, versions] of touches) {
      const portRefs = byContract.get(file);
      if (!portRefs) continue;
      for (const v of [...versions].reverse())
        for (const ref of portRefs) {
          requests.push({ ref, commit: v.commit });
          specs.push(
            v.blob,
            changedIn.get(`${v.commit} ${ref.productFile}`) ?? `${v.commit}:${ref.productFile}`,
          );
        }
    }
    const byBlob = new Map<string, Buffer | undefined>();
    (await fetching).forEach((content, i) => byBlob.set(prefetched[i]!, content));
    // A product.yaml the contract's commit left unchanged is read through that commit's tree.
    const rest = [...new Set(specs.filter((spec) => !byBlob.has(spec)))];
    (await readObjects(root, rest)).forEach((content, i) => byBlob.set(rest[i]!, content));
    const blobs = specs.map((spec) => byBlob.get(spec));

    const descriptors = new Map<string, unknown>();
    const versionOf = (yamlBytes: Buffer | undefined, ref: PortRef): string | undefined => {
      const text = yamlBytes && decodeUtf8(yamlBytes);
      if (!text) return undefined;
      const quick = scanPortVersions(text, ref.port);
      if (quick.length === 1) return majorOf(quick[0]!) === ref.major ? quick[0] : undefined;
      let doc = descriptors.get(text);
      if (doc === undefined) {
        try {
          doc = parse(text) as unknown;
        } catch {
          doc = null;
        }
        descriptors.set(text, doc);
      }
      const ports = (doc as { outputPorts?: { name?: unknown; version?: unknown }[] } | null)
        ?.outputPorts;
      const match = Array.isArray(ports)
        ? ports.find(
            (p) =>
              p.name === ref.port &&
              typeof p.version === 'string' &&
              majorOf(p.version) === ref.major,
          )
        : undefined;
      return typeof match?.version === 'string' ? match.version : undefined;
    };

    const histories = new Map<string, PublishedVersion[]>();
    requests.forEach((req, i) => {
      const version = versionOf(blobs[2 * i + 1], req.ref);
      const contract = blobs[2 * i];
      const text = contract && decodeUtf8(contract);
      if (version === undefined || !text) return;
      // Parsed on use: the gate reads the history of changed ports only.
      const schema = lazySchema(text, base.sharedSchemas);
      const entry = (): PublishedVersion =>
        Object.defineProperty({ version, commit: req.commit } as PublishedVersion, 'schema', {
          enumerable: true,
          get: schema,
        });
      const list = histories.get(req.ref.key) ?? [];
      const last = list[list.length - 1];
      // The same version edited again (docs, or a fix before release) counts once, as last written.
      if (last && last.version === version) list[list.length - 1] = entry();
      else list.push(entry());
      histories.set(req.ref.key, list);
    });
    return histories;
  };
  return { read };
};

const majorOf = (version: string): number => Number(version.split('.')[0]);

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The versions declared for a port in product.yaml text, found by a line scan for the block
 * style generators write (`- name: <port>` then `version: x.y.z` in the same entry). Anything
 * unusual (flow style, anchors, two entries) yields zero or several results, and the caller
 * falls back to a full YAML parse; a gate over thousands of historical versions is dominated by
 * parsing otherwise.
 */
export const scanPortVersions = (text: string, port: string): string[] => {
  const found: string[] = [];
  const lines = text.split('\n');
  const nameLine = new RegExp(`^(\\s*)-\\s+name:\\s*["']?${escapeRegExp(port)}["']?\\s*(#.*)?$`);
  for (let i = 0; i < lines.length; i++) {
    const m = nameLine.exec(lines[i]!);
    if (!m) continue;
    const indent = m[1]!.length;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j]!;
      const lead = line.length - line.trimStart().length;
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      if (lead <= indent) break;
      const v = /^\s*version:\s*["']?(\d+\.\d+\.\d+)["']?\s*(#.*)?$/.exec(line);
      if (v && lead === indent + 2) {
        found.push(v[1]!);
        break;
      }
    }
  }
  return found;
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
