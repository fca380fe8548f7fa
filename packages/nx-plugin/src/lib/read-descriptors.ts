import type { Tree } from '@nx/devkit';
import { parse } from 'yaml';

/** What README rendering and the generators read of a product.yaml; every field is checked. */
export interface ProductDoc {
  id: string;
  domain: string;
  name: string;
  /** Repo-relative folder, e.g. `domains/sales/orders`. */
  dir: string;
  /** The parsed descriptor, unchecked: narrow before use. */
  doc: Record<string, unknown>;
}

export interface DomainDoc {
  name: string;
  dir: string;
  doc: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const DOMAINS_DIR = 'domains';

const readYaml = (tree: Tree, path: string): Record<string, unknown> | undefined => {
  const text = tree.read(path, 'utf-8');
  if (text === null) return undefined;
  try {
    const value: unknown = parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    // A broken descriptor is `mesh validate`'s to report, with line and column.
    return undefined;
  }
};

export const readDomain = (tree: Tree, name: string): DomainDoc | undefined => {
  const dir = `${DOMAINS_DIR}/${name}`;
  const doc = readYaml(tree, `${dir}/domain.yaml`);
  return doc ? { name, dir, doc } : undefined;
};

export const readProduct = (tree: Tree, domain: string, name: string): ProductDoc | undefined => {
  const dir = `${DOMAINS_DIR}/${domain}/${name}`;
  const doc = readYaml(tree, `${dir}/product.yaml`);
  return doc ? { id: `${domain}/${name}`, domain, name, dir, doc } : undefined;
};

/** Every product.yaml under domains/, sorted by id; unparseable ones are left out. */
export const readAllProducts = (tree: Tree): ProductDoc[] => {
  if (!tree.exists(DOMAINS_DIR)) return [];
  const out: ProductDoc[] = [];
  for (const domain of [...tree.children(DOMAINS_DIR)].sort()) {
    const ddir = `${DOMAINS_DIR}/${domain}`;
    if (tree.isFile(ddir)) continue;
    for (const name of [...tree.children(ddir)].sort()) {
      if (!tree.isFile(`${ddir}/${name}/product.yaml`)) continue;
      const p = readProduct(tree, domain, name);
      if (p) out.push(p);
    }
  }
  return out;
};

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
export const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface PortDoc {
  name: string;
  version: string;
  major: number;
  contract: string;
  raw: Record<string, unknown>;
}

/** The output ports of a product that have a name, a version and a contract path. */
export const portsOf = (p: ProductDoc): PortDoc[] =>
  list(p.doc['outputPorts']).flatMap((x) => {
    const raw = rec(x);
    const name = str(raw['name']);
    const version = str(raw['version']);
    const contract = str(raw['contract']);
    const major = Number(version?.split('.')[0]);
    return name && version && contract && Number.isInteger(major)
      ? [{ name, version, major, contract, raw }]
      : [];
  });

export interface InputDoc {
  product: string;
  port: string;
  major: number;
}

export const inputsOf = (p: ProductDoc): InputDoc[] =>
  list(p.doc['inputPorts']).flatMap((x) => {
    const raw = rec(x);
    const product = str(raw['product']);
    const port = str(raw['port']);
    const major = num(raw['major']);
    return product && port && major !== undefined ? [{ product, port, major }] : [];
  });
