import { parse } from 'yaml';

/** What the plugin reads of one product.yaml: enough for names, lineage and inputs. */
export interface ProductSummary {
  /** Repo-relative product folder, e.g. `domains/sales/orders`. */
  root: string;
  domain: string;
  name: string;
  ports: { name: string; contract: string }[];
  inputs: { product: string; port: string; major: number }[];
}

const SHARED_TYPE = /"((?:meshkit\.common)\.[A-Za-z_][A-Za-z0-9_]*)"/g;

/**
 * Reads a product.yaml leniently: the plugin must never break `nx` for a broken descriptor
 * (`mesh validate`, the project's `validate` target, reports it with line and column).
 */
export const summarizeProduct = (root: string, text: string): ProductSummary | undefined => {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    doc = undefined;
  }
  const parts = root.split('/');
  const domain = parts[parts.length - 2] ?? '';
  const name = parts[parts.length - 1] ?? '';
  if (!domain || !name) return undefined;
  const d = (doc ?? {}) as { outputPorts?: unknown; inputPorts?: unknown };
  const ports = Array.isArray(d.outputPorts)
    ? d.outputPorts.flatMap((p: { name?: unknown; contract?: unknown }) =>
        typeof p?.name === 'string' && typeof p.contract === 'string'
          ? [{ name: p.name, contract: p.contract }]
          : [],
      )
    : [];
  const inputs = Array.isArray(d.inputPorts)
    ? d.inputPorts.flatMap((p: { product?: unknown; port?: unknown; major?: unknown }) =>
        typeof p?.product === 'string' && typeof p.port === 'string' && typeof p.major === 'number'
          ? [{ product: p.product, port: p.port, major: p.major }]
          : [],
      )
    : [];
  return { root, domain, name, ports, inputs };
};

/** `sales/orders` -> `sales-orders`, the Nx project name of a product. */
export const projectName = (productId: string): string => productId.replace('/', '-');

/** Full names of the shared Avro types a contract references (`meshkit.common.Money`). */
export const sharedTypesIn = (contractText: string): string[] =>
  [...new Set([...contractText.matchAll(SHARED_TYPE)].map((m) => m[1]!))].sort();

const isSafeRelative = (path: string): boolean =>
  !path.startsWith('/') && !path.split('/').includes('..') && !path.includes('\\');

export interface TargetOptions {
  /** How targets call the CLI. Default `mesh`. */
  mesh?: string;
}

/**
 * The Nx project of one product. Targets run the `mesh` CLI (as @nx/playwright runs
 * `playwright test`); their inputs name exactly the files each reads, so the cache is right:
 * the product folder, the shared Avro types its contracts reference, and the contracts of the
 * ports it consumes. Input ports become implicit dependencies, so `nx affected` reaches
 * downstream products and `nx graph` draws the lineage.
 */
export const productProject = (
  product: ProductSummary,
  all: ReadonlyMap<string, ProductSummary>,
  contractText: (path: string) => string | undefined,
  options: TargetOptions = {},
) => {
  const mesh = options.mesh ?? 'mesh';
  const id = `${product.domain}/${product.name}`;
  const shared = new Set<string>();
  for (const port of product.ports) {
    if (!isSafeRelative(port.contract)) continue;
    for (const t of sharedTypesIn(contractText(`${product.root}/${port.contract}`) ?? ''))
      shared.add(t);
  }
  const upstream = product.inputs.flatMap((input) => {
    const p = all.get(input.product);
    return p ? [p] : [];
  });
  const upstreamContracts = product.inputs.flatMap((input) => {
    const p = all.get(input.product);
    const port = p?.ports.find((x) => x.name === input.port);
    return p && port && isSafeRelative(port.contract)
      ? [`{workspaceRoot}/${p.root}/${port.contract}`]
      : [];
  });
  const inputs = [
    '{projectRoot}/**/*',
    ...[...shared].map((t) => `{workspaceRoot}/contracts/avro/${t}.avsc`),
    ...upstreamContracts,
    '{workspaceRoot}/contracts/*.schema.json',
    '{workspaceRoot}/mesh.config.yaml',
  ];
  return {
    root: product.root,
    name: projectName(id),
    projectType: 'library' as const,
    tags: [`domain:${product.domain}`, 'type:data-product'],
    implicitDependencies: [...new Set(upstream.map((p) => projectName(`${p.domain}/${p.name}`)))],
    metadata: { description: `Data product ${id}` },
    targets: {
      validate: {
        command: `${mesh} validate ${id}`,
        options: { cwd: '{workspaceRoot}' },
        cache: true,
        inputs,
        metadata: { description: 'Validate the descriptor, contracts and references' },
      },
      'contract-test': {
        // The published side is git history, which is not a file input: never cached.
        command: `${mesh} breaking ${id}`,
        options: { cwd: '{workspaceRoot}' },
        cache: false,
        inputs,
        metadata: {
          description:
            'The contract-test gate against the base branch (MESH_AGAINST or the merge base with main)',
        },
      },
      quality: {
        command: `${mesh} quality ${id}`,
        options: { cwd: '{workspaceRoot}' },
        cache: true,
        inputs,
        metadata: { description: 'Run the quality rules on the fixtures' },
      },
      publish: {
        command: `${mesh} registry push ${id}`,
        options: { cwd: '{workspaceRoot}' },
        cache: false,
        dependsOn: ['validate'],
        metadata: { description: 'Register the contracts in the schema registry' },
      },
    },
  };
};
