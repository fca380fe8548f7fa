import { parse } from 'yaml';
import { appendTo, decodeUtf8, historyKey, majorOf, type Workspace } from '@meshkit/core';
import { git, readObjects } from './git.js';

/** A commit as `git log` describes it. */
export interface CommitInfo {
  hash: string;
  /** Author date, ISO 8601. */
  date: string;
  author: string;
  subject: string;
}

/** One commit that changed a port's contract file. */
export interface ContractTouch {
  commit: CommitInfo;
  /** The contract file as committed. */
  text: string;
  /** The port's version in that commit's product.yaml, when it names one of the port's major. */
  version: string | undefined;
}

/** The commits that changed each port major's contract (key: `historyKey`), oldest first. */
export type ContractTouches = ReadonlyMap<string, readonly ContractTouch[]>;

interface PortRef {
  key: string;
  productFile: string;
  contractFile: string;
  port: string;
  major: number;
}

/**
 * Reads, from the history of `rev`, every commit that changed a contract under `domainsDir`,
 * with the contract's text and the port's version at that commit: the published history that the
 * gate checks candidates against and the catalog shows. One `git log` and at most two
 * `git cat-file --batch` processes serve the whole workspace.
 *
 * It starts before the workspace is known: `git log --raw` names each changed file's new blob,
 * and every contract and product.yaml blob is fetched (cheaper for git than resolving
 * `<commit>:<path>` through trees) while the caller loads the workspace; `read` then picks out
 * its ports' histories. Paths are taken relative to the workspace root, which may be a folder
 * inside the repository.
 */
export const startContractTouches = async (
  root: string,
  rev: string,
  domainsDir: string,
): Promise<{
  /** `newest`: keep only that many of each contract's latest commits (default: all). */
  read: (workspace: Workspace, newest?: number) => Promise<ContractTouches>;
}> => {
  const prefix = (await git(root, ['rev-parse', '--show-prefix'])).toString('utf8').trim();
  const log = (
    await git(root, [
      '-c',
      'core.quotePath=false',
      'log',
      '--format=%x01%H%x1f%aI%x1f%an%x1f%s',
      '--raw',
      '--no-abbrev',
      '--no-renames',
      rev,
      '--',
      domainsDir,
    ])
  ).toString('utf8');
  const ZERO = /^0+$/;
  const commits = new Map<string, CommitInfo>();
  const touched = new Map<string, { commit: string; blob: string }[]>(); // contracts, newest first
  const changedIn = new Map<string, string>(); // `<commit> <path>` -> new blob
  const wanted = new Set<string>();
  for (const block of log.split('\x01')) {
    const [head = '', ...lines] = block.split('\n');
    const [hash = '', date = '', author = '', subject = ''] = head.split('\x1f');
    if (!hash.trim()) continue;
    commits.set(hash, { hash, date, author, subject });
    for (const line of lines) {
      // :<old mode> <new mode> <old blob> <new blob> <status>\t<path>
      const tab = line.indexOf('\t');
      if (!line.startsWith(':') || tab < 0) continue;
      const blob = line.slice(0, tab).split(' ')[3] ?? '';
      const full = line.slice(tab + 1);
      if (ZERO.test(blob) || !full.startsWith(prefix)) continue; // deleted in this commit
      const path = full.slice(prefix.length);
      changedIn.set(`${hash} ${path}`, blob);
      // Contracts are .avsc files (the descriptor's meta-contract says so).
      if (path.endsWith('.avsc')) {
        appendTo(touched, path, { commit: hash, blob });
        wanted.add(blob);
      } else if (path.endsWith('/product.yaml')) wanted.add(blob);
    }
  }
  const prefetched = [...wanted];
  const fetching = readObjects(root, prefetched);
  // Settled here too, so a failure is not unhandled while the caller is busy; `read` rethrows it.
  fetching.catch(() => undefined);

  const read = async (workspace: Workspace, newest?: number): Promise<ContractTouches> => {
    const byContract = new Map<string, PortRef[]>();
    for (const p of workspace.products)
      for (const port of p.ports) {
        const ref = {
          key: historyKey(p.id, port.name, port.major),
          productFile: p.file,
          contractFile: port.contractFile,
          port: port.name,
          major: port.major,
        };
        appendTo(byContract, ref.contractFile, ref);
      }

    const requests: { ref: PortRef; commit: string }[] = [];
    const specs: string[] = [];
    for (const [file, versions] of touched) {
      const refs = byContract.get(file);
      if (!refs) continue;
      for (const v of versions.slice(0, newest).reverse())
        for (const ref of refs) {
          requests.push({ ref, commit: v.commit });
          specs.push(
            v.blob,
            changedIn.get(`${v.commit} ${ref.productFile}`) ??
              `${v.commit}:${prefix}${ref.productFile}`,
          );
        }
    }
    const byBlob = new Map<string, Buffer | undefined>();
    (await fetching).forEach((content, i) => byBlob.set(prefetched[i]!, content));
    // A product.yaml the contract's commit left unchanged is read through that commit's tree.
    const rest = [...new Set(specs.filter((spec) => !byBlob.has(spec)))];
    (await readObjects(root, rest)).forEach((content, i) => byBlob.set(rest[i]!, content));

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

    const touches = new Map<string, ContractTouch[]>();
    requests.forEach((req, i) => {
      const contract = byBlob.get(specs[2 * i]!);
      const text = contract && decodeUtf8(contract);
      if (!text) return;
      appendTo(touches, req.ref.key, {
        commit: commits.get(req.commit)!,
        text,
        version: versionOf(byBlob.get(specs[2 * i + 1]!), req.ref),
      });
    });
    return touches;
  };
  return { read };
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The versions declared for a port in product.yaml text, found by a line scan for the block
 * style generators write (`- name: <port>` then `version: x.y.z` in the same entry). Anything
 * unusual (flow style, anchors, two entries) yields zero or several results, and the caller
 * falls back to a full YAML parse; a history of thousands of versions is dominated by parsing
 * otherwise.
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
