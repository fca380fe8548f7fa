import { execFile } from 'node:child_process';
import type { ContractVersion } from '@meshkit/catalog';
import { historyKey, inlineNamedTypes, parseSourceDocument, type Workspace } from '@meshkit/core';

/** Bounds on what git may cost: versions per port, time and output per git process. */
export interface GitHistoryOptions {
  maxVersionsPerPort?: number;
  timeoutMs?: number;
  maxBufferBytes?: number;
}

interface GitRun {
  stdout: Buffer;
}

const git = (
  cwd: string,
  args: string[],
  opts: { timeoutMs: number; maxBuffer: number; input?: string },
): Promise<GitRun> =>
  new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['-c', 'core.quotePath=false', ...args],
      {
        cwd,
        timeout: opts.timeoutMs,
        maxBuffer: opts.maxBuffer,
        encoding: 'buffer',
        env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
      },
      (error, stdout) => (error ? reject(error) : resolve({ stdout })),
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });

interface Commit {
  hash: string;
  date: string;
  author: string;
  subject: string;
}

/** Parses `git cat-file --batch` output: per request a header line, then the object bytes. */
const parseBatch = (out: Buffer, count: number): (string | undefined)[] => {
  const results: (string | undefined)[] = [];
  let pos = 0;
  for (let i = 0; i < count && pos < out.length; i++) {
    const nl = out.indexOf(10, pos);
    if (nl < 0) break;
    const header = out.subarray(pos, nl).toString('utf8');
    pos = nl + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) {
      results.push(undefined); // "<name> missing" or "ambiguous"
      continue;
    }
    const size = Number(m[2]);
    results.push(m[1] === 'blob' ? out.subarray(pos, pos + size).toString('utf8') : undefined);
    pos += size + 1;
  }
  return results;
};

/** The block-style `outputPorts:` section of product.yaml text, up to the next top-level key. */
const outputPortsSection = (text: string): string | undefined => {
  const m = /^outputPorts:[ \t]*\n/m.exec(text);
  if (!m) return undefined;
  const rest = text.slice(m.index + m[0].length);
  const next = /^\S/m.exec(rest);
  return next ? rest.slice(0, next.index) : rest;
};

const VERSION_LINE = /^\s*version:\s*['"]?(\d+)\.(\d+)\.(\d+)([^\s'"#]*)['"]?\s*(?:#.*)?$/m;

/**
 * The port's version in product.yaml text. The usual block layout is read with a pattern: a YAML
 * parse per commit and product dominates the cost of long histories. Anything else is parsed.
 */
const portVersionAt = (
  productYaml: string | undefined,
  file: string,
  port: string,
  major: number,
): string | undefined => {
  if (productYaml === undefined) return undefined;
  const section = outputPortsSection(productYaml);
  if (section !== undefined) {
    for (const entry of section.split(/^\s*-\s+/m).slice(1)) {
      const name = /^(?:\s*)name:\s*['"]?([a-z0-9-]+)['"]?\s*$/m.exec(entry);
      const v = VERSION_LINE.exec(entry);
      if (!name || !v) continue;
      if (name[1] === port && Number(v[1]) === major) return `${v[1]}.${v[2]}.${v[3]}${v[4] ?? ''}`;
    }
  }
  const doc = parseSourceDocument(file, productYaml);
  if (!doc.ok) return undefined;
  const ports = (doc.value.value as { outputPorts?: unknown } | null)?.outputPorts;
  if (!Array.isArray(ports)) return undefined;
  for (const p of ports as { name?: unknown; version?: unknown }[])
    if (
      p.name === port &&
      typeof p.version === 'string' &&
      Number(p.version.split('.')[0]) === major
    )
      return p.version;
  return undefined;
};

/**
 * Each port's committed contract versions, newest first, from two git processes in all: one
 * `git log` over the domains folder and one `git cat-file --batch` for the file contents. Not a
 * git repository, or git missing: an empty map (the catalog then shows the working tree only).
 */
export const readContractHistory = async (
  workspace: Workspace,
  domainsDir: string,
  options: GitHistoryOptions = {},
): Promise<Map<string, ContractVersion[]>> =>
  (await startContractHistory(workspace.root, domainsDir, options)).read(workspace);

/**
 * The first half of `readContractHistory`, which needs no workspace: git reads the log while
 * the caller loads the workspace; `read` then fetches and parses the versions of its ports.
 */
export const startContractHistory = async (
  root: string,
  domainsDir: string,
  options: GitHistoryOptions = {},
): Promise<{ read: (workspace: Workspace) => Promise<Map<string, ContractVersion[]>> }> => {
  const maxVersions = options.maxVersionsPerPort ?? 20;
  const run = {
    timeoutMs: options.timeoutMs ?? 30_000,
    maxBuffer: options.maxBufferBytes ?? 256 * 1024 * 1024,
  };
  const none = { read: () => Promise.resolve(new Map<string, ContractVersion[]>()) };
  const cwd = root;
  let prefix: string;
  try {
    prefix = (await git(cwd, ['rev-parse', '--show-prefix'], run)).stdout.toString('utf8').trim();
  } catch {
    return none;
  }
  let log: string;
  try {
    log = (
      await git(
        cwd,
        [
          'log',
          '--no-renames',
          '--format=%x1e%H%x1f%aI%x1f%an%x1f%s',
          '--name-only',
          '--',
          domainsDir,
        ],
        run,
      )
    ).stdout.toString('utf8');
  } catch {
    return none; // a repository without commits yet
  }

  // Commits per repo-relative file, newest first (git log's order).
  const byFile = new Map<string, Commit[]>();
  for (const block of log.split('\x1e')) {
    if (!block.trim()) continue;
    const [head = '', ...files] = block.split('\n');
    const [hash = '', date = '', author = '', subject = ''] = head.split('\x1f');
    const commit = { hash, date, author, subject };
    for (const f of files) {
      if (!f) continue;
      const rel = f.startsWith(prefix) ? f.slice(prefix.length) : f;
      const list = byFile.get(rel);
      if (list) list.push(commit);
      else byFile.set(rel, [commit]);
    }
  }
  return { read: (workspace) => readVersions(workspace, byFile, prefix, maxVersions, run) };
};

const readVersions = async (
  workspace: Workspace,
  byFile: ReadonlyMap<string, Commit[]>,
  prefix: string,
  maxVersions: number,
  run: { timeoutMs: number; maxBuffer: number },
): Promise<Map<string, ContractVersion[]>> => {
  const history = new Map<string, ContractVersion[]>();
  const cwd = workspace.root;
  interface Want {
    key: string;
    port: string;
    major: number;
    productFile: string;
    commit: Commit;
    contractAt: number;
    productAt: number;
  }
  const requests: string[] = [];
  const wants: Want[] = [];
  for (const product of workspace.products) {
    for (const port of product.ports) {
      // Touching the contract more often than the bound keeps the newest versions.
      const commits = (byFile.get(port.contractFile) ?? []).slice(0, maxVersions * 2);
      for (const commit of commits) {
        wants.push({
          key: historyKey(product.id, port.name, port.major),
          port: port.name,
          major: port.major,
          productFile: product.file,
          commit,
          contractAt: requests.length,
          productAt: requests.length + 1,
        });
        requests.push(
          `${commit.hash}:${prefix}${port.contractFile}`,
          `${commit.hash}:${prefix}${product.file}`,
        );
      }
    }
  }
  if (requests.length === 0) return history;
  let contents: (string | undefined)[];
  try {
    contents = parseBatch(
      (await git(cwd, ['cat-file', '--batch'], { ...run, input: `${requests.join('\n')}\n` }))
        .stdout,
      requests.length,
    );
  } catch {
    return history;
  }

  const shared = workspace.sharedSchemas;
  for (const w of wants) {
    const text = contents[w.contractAt];
    if (text === undefined) continue; // deleted in that commit
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      continue; // a commit with a broken contract is not a version anyone could publish
    }
    const version = portVersionAt(contents[w.productAt], w.productFile, w.port, w.major);
    const entry: ContractVersion = {
      commit: w.commit.hash,
      date: w.commit.date,
      author: w.commit.author,
      subject: w.commit.subject,
      schema: inlineNamedTypes(json, shared),
      source: json,
      ...(version ? { version } : {}),
    };
    const list = history.get(w.key) ?? [];
    // Consecutive commits with the same schema are one version: keep its oldest commit.
    const newer = list.at(-1);
    if (newer && JSON.stringify(newer.source) === JSON.stringify(entry.source))
      list[list.length - 1] = { ...entry, ...(newer.version ? { version: newer.version } : {}) };
    else list.push(entry);
    history.set(w.key, list);
  }
  for (const [key, list] of history) history.set(key, list.slice(0, maxVersions));
  return history;
};
