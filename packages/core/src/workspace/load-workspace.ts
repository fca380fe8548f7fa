import type avro from 'avsc';
import {
  loadSharedTypes,
  parseAvroContract,
  type NamedTypeRegistry,
} from '../avro/avro-contract.js';
import { fullNameOf, inlineNamedTypes } from '../avro/inline-named-types.js';
import { parseAvroSchemaOnce } from '../compat/parse-avro-schema.js';
import { InputError } from '../errors/mesh-error.js';
import type { DomainDescriptor, OutputPort, ProductDescriptor } from '../model/descriptor.js';
import type { Finding, SourceLocation } from '../model/finding.js';
import { majorOf, validateName } from '../model/names.js';
import { validateDescriptor, type DescriptorKind } from './descriptor-validation.js';
import { dirname, isInside, joinPath, normalizeRelative } from './paths.js';
import {
  decodeUtf8,
  parseJsonSourceDocument,
  parseSourceDocument,
  type SourceDocument,
} from './source-document.js';
import type { WorkspaceFs } from './workspace-fs.js';
import { findCycles } from './graph.js';

export interface LoadedPort {
  name: string;
  major: number;
  version: string;
  /** Repo-relative path of the `.avsc` file. */
  contractFile: string;
  /** The contract as JSON, with shared named types written out. */
  schema: unknown;
  /** The avsc type, for validating and encoding records. */
  type: avro.Type;
  /** The contract file as parsed, for positions of findings inside it. */
  contractSource: SourceDocument;
  descriptor: OutputPort;
  /** JSON Pointer of this port inside product.yaml, e.g. `/outputPorts/0`. */
  pointer: string;
}

export interface LoadedProduct {
  /** `<domain>/<product>` */
  id: string;
  domain: string;
  name: string;
  /** Repo-relative folder, e.g. `domains/sales/orders`. */
  dir: string;
  /** Repo-relative descriptor path, e.g. `domains/sales/orders/product.yaml`. */
  file: string;
  descriptor: ProductDescriptor;
  source: SourceDocument;
  ports: LoadedPort[];
}

export interface LoadedDomain {
  name: string;
  dir: string;
  file: string;
  descriptor: DomainDescriptor;
  source: SourceDocument;
}

export interface Workspace {
  root: string;
  domains: LoadedDomain[];
  products: LoadedProduct[];
  /** Shared named types from `contracts/avro/`, by full name. */
  sharedTypes: NamedTypeRegistry;
  /** Repo-relative paths of the shared type files. */
  sharedTypeFiles: string[];
  /** The shared named types as JSON, by full name, for tools that take plain schemas. */
  sharedSchemas: ReadonlyMap<string, unknown>;
}

export interface LoadWorkspaceOptions {
  /** Folder holding the domains, relative to the root. Default `domains`. */
  domainsDir?: string;
  /** Folder holding the meta-contracts and `avro/` shared types. Default `contracts`. */
  contractsDir?: string;
  /**
   * `eager` (default) builds each contract's avsc type while loading, so every problem avsc
   * finds is reported. `lazy` checks contracts with the compatibility engine's parser (Apache
   * Avro's rules) and builds the avsc type on first use: for readers that need schemas only,
   * such as the published side of the gate, at a third of the cost.
   */
  types?: 'eager' | 'lazy';
}

/** What every contract of a workspace can see: the shared named types, and how to load types. */
interface SharedTypes {
  registry: NamedTypeRegistry;
  schemas: ReadonlyMap<string, unknown>;
  lazy: boolean;
}

export interface LoadWorkspaceResult {
  workspace: Workspace;
  /** Everything wrong with the workspace; products with errors are left out of `workspace`. */
  findings: Finding[];
}

const AVSC = '.avsc';

/**
 * Loads and checks a whole workspace: every descriptor against its meta-contract, every Avro
 * contract, and the workspace as a whole (names, references, cycles). Nothing here throws for bad
 * input: every problem is a finding with the file, line and column, and the fix.
 */
export const loadWorkspace = async (
  fs: WorkspaceFs,
  options: LoadWorkspaceOptions = {},
): Promise<LoadWorkspaceResult> => {
  const domainsDir = options.domainsDir ?? 'domains';
  const contractsDir = options.contractsDir ?? 'contracts';
  const findings: Finding[] = [];
  const report = (f: Finding) => findings.push(f);

  const shared = await loadShared(fs, joinPath(contractsDir, 'avro'), report);
  const workspace: Workspace = {
    root: fs.root,
    domains: [],
    products: [],
    sharedTypes: shared.registry,
    sharedTypeFiles: shared.files,
    sharedSchemas: shared.schemas,
  };

  const entries = await fs.list(domainsDir);
  const domainDirs = (entries ?? []).filter((e) => e.kind === 'dir' || e.kind === 'symlink');
  if (domainDirs.length === 0) {
    report({
      ruleId: 'workspace-empty',
      severity: 'error',
      message: `${domainsDir}/ holds no domains`,
      location: { file: `${domainsDir}/` },
      hint: `create ${domainsDir}/<domain>/domain.yaml, or run "nx g @meshkit/nx-plugin:domain <name>"`,
    });
    return { workspace, findings };
  }

  // Read and validate every descriptor; folders are independent, so they load concurrently.
  const domainResults = await Promise.all(
    domainDirs.map((entry) =>
      loadDomainFolder(fs, domainsDir, entry, { ...shared, lazy: options.types === 'lazy' }),
    ),
  );
  for (const r of domainResults) {
    findings.push(...r.findings);
    if (r.domain) workspace.domains.push(r.domain);
    workspace.products.push(...r.products);
  }
  findings.push(...crossCheck(workspace));
  return { workspace, findings };
};

const loadShared = async (
  fs: WorkspaceFs,
  dir: string,
  report: (f: Finding) => void,
): Promise<{ registry: NamedTypeRegistry; files: string[]; schemas: Map<string, unknown> }> => {
  const entries = (await fs.list(dir)) ?? [];
  const schemas: { file: string; schema: unknown; source: SourceDocument }[] = [];
  for (const e of entries.filter((x) => x.kind === 'file' && x.name.endsWith(AVSC))) {
    const file = joinPath(dir, e.name);
    const doc = await readSource(fs, file, report);
    if (doc) schemas.push({ file, schema: doc.value, source: doc });
  }
  const { registry, errors } = loadSharedTypes(schemas);
  for (const { file, error } of errors) {
    const doc = schemas.find((s) => s.file === file)?.source;
    report({
      ruleId: 'avro-invalid',
      severity: 'error',
      message: `shared type in ${file} is not valid Avro: ${error.message}`,
      location: { file, pointer: error.pointer, ...doc?.locate(error.pointer) },
    });
  }
  const byName = new Map<string, unknown>();
  for (const s of schemas) {
    const name = fullNameOf(s.schema);
    if (name && registry[name]) byName.set(name, s.schema);
  }
  return { registry, files: schemas.map((s) => s.file), schemas: byName };
};

/** Reads a YAML/JSON file; reports a missing file, bad UTF-8 or a syntax error. */
const readSource = async (
  fs: WorkspaceFs,
  file: string,
  report: (f: Finding) => void,
  missing?: Omit<Finding, 'ruleId' | 'severity'>,
): Promise<SourceDocument | undefined> => {
  const bytes = await fs.readFile(file);
  if (bytes === undefined) {
    if (missing) report({ ruleId: 'file-missing', severity: 'error', ...missing });
    return undefined;
  }
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    report({
      ruleId: 'file-encoding',
      severity: 'error',
      message: `${file} is not valid UTF-8`,
      location: { file },
      hint: 'save the file as UTF-8',
    });
    return undefined;
  }
  const parsed = file.endsWith(AVSC)
    ? parseJsonSourceDocument(file, text)
    : parseSourceDocument(file, text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    report({
      ruleId: 'syntax-error',
      severity: 'error',
      message: `${file.endsWith(AVSC) ? 'JSON' : 'YAML'} syntax error: ${message}`,
      location: { file, line, column },
      hint: 'fix the syntax at this position',
    });
    return undefined;
  }
  return parsed.value;
};

const schemaFindings = (doc: SourceDocument, kind: DescriptorKind): Finding[] =>
  validateDescriptor(kind, doc.value).map((p) => ({
    ruleId: 'descriptor-invalid',
    severity: 'error' as const,
    message: p.message,
    location: { file: doc.file, pointer: p.pointer, ...doc.locate(p.pointer, { key: p.atKey }) },
  }));

const loc = (doc: SourceDocument, pointer: string): SourceLocation => ({
  file: doc.file,
  pointer,
  ...doc.locate(pointer),
});

interface DomainFolderResult {
  domain?: LoadedDomain;
  products: LoadedProduct[];
  findings: Finding[];
}

const loadDomainFolder = async (
  fs: WorkspaceFs,
  domainsDir: string,
  entry: { name: string; kind: string },
  shared: SharedTypes,
): Promise<DomainFolderResult> => {
  const findings: Finding[] = [];
  const report = (f: Finding) => findings.push(f);
  const dir = joinPath(domainsDir, entry.name);
  const result: DomainFolderResult = { products: [], findings };
  if (entry.kind === 'symlink') {
    report({
      ruleId: 'symlink-refused',
      severity: 'error',
      message: `${dir} is a symlink; domain folders must be real folders inside the workspace`,
      location: { file: dir },
    });
    return result;
  }
  const name = validateName('domain', entry.name);
  if (!name.ok) {
    report({
      ruleId: 'name-invalid',
      severity: 'error',
      message: `folder ${dir}: ${name.error}`,
      location: { file: dir },
    });
    return result;
  }
  const file = joinPath(dir, 'domain.yaml');
  const doc = await readSource(fs, file, report, {
    message: `${dir} has no domain.yaml`,
    location: { file },
    hint: `create ${file} with apiVersion, kind: Domain, name: ${entry.name} and owner`,
  });
  if (doc) {
    const problems = schemaFindings(doc, 'domain');
    findings.push(...problems);
    const d = doc.value as DomainDescriptor;
    if (problems.length === 0) {
      if (d.name !== entry.name) {
        report({
          ruleId: 'name-mismatch',
          severity: 'error',
          message: `domain name "${d.name}" differs from its folder "${entry.name}"`,
          location: loc(doc, '/name'),
          hint: `set name: ${entry.name}, or rename the folder`,
        });
      } else result.domain = { name: d.name, dir, file, descriptor: d, source: doc };
    }
  }

  const children = (await fs.list(dir)) ?? [];
  const productDirs = children.filter((c) => c.kind === 'dir' || c.kind === 'symlink');
  const products = await Promise.all(
    productDirs.map((c) => loadProductFolder(fs, entry.name, joinPath(dir, c.name), c, shared)),
  );
  for (const p of products) {
    findings.push(...p.findings);
    if (p.product) result.products.push(p.product);
  }
  return result;
};

const loadProductFolder = async (
  fs: WorkspaceFs,
  domain: string,
  dir: string,
  entry: { name: string; kind: string },
  shared: SharedTypes,
): Promise<{ product?: LoadedProduct; findings: Finding[] }> => {
  const findings: Finding[] = [];
  const report = (f: Finding) => findings.push(f);
  if (entry.kind === 'symlink') {
    report({
      ruleId: 'symlink-refused',
      severity: 'error',
      message: `${dir} is a symlink; product folders must be real folders inside the workspace`,
      location: { file: dir },
    });
    return { findings };
  }
  const name = validateName('product', entry.name);
  if (!name.ok) {
    report({
      ruleId: 'name-invalid',
      severity: 'error',
      message: `folder ${dir}: ${name.error}`,
      location: { file: dir },
      hint: 'rename the folder',
    });
    return { findings };
  }
  const file = joinPath(dir, 'product.yaml');
  const doc = await readSource(fs, file, report, {
    message: `${dir} has no product.yaml`,
    location: { file },
    hint: `create ${file}, or run "nx g @meshkit/nx-plugin:product --domain ${domain} --name ${entry.name}"`,
  });
  if (!doc) return { findings };
  const problems = schemaFindings(doc, 'product');
  if (problems.length > 0) return { findings: [...findings, ...problems] };

  const d = doc.value as ProductDescriptor;
  const id = `${domain}/${entry.name}`;
  if (d.domain !== domain)
    report({
      ruleId: 'name-mismatch',
      severity: 'error',
      message: `product ${id} declares domain "${d.domain}" but lives in domains/${domain}/`,
      location: loc(doc, '/domain'),
      hint: `set domain: ${domain}`,
      product: id,
    });
  if (d.name !== entry.name)
    report({
      ruleId: 'name-mismatch',
      severity: 'error',
      message: `product name "${d.name}" differs from its folder "${entry.name}"`,
      location: loc(doc, '/name'),
      hint: `set name: ${entry.name}, or rename the folder`,
      product: id,
    });

  const ports: LoadedPort[] = [];
  const seen = new Map<string, number>();
  for (const [i, port] of d.outputPorts.entries()) {
    const pointer = `/outputPorts/${i}`;
    const major = majorOf(port.version);
    const key = `${port.name}@${major}`;
    if (seen.has(key)) {
      report({
        ruleId: 'port-duplicate',
        severity: 'error',
        message: `output port "${port.name}" major ${major} is declared twice (outputPorts[${seen.get(key)}] and outputPorts[${i}])`,
        location: loc(doc, pointer),
        hint: 'give each major of a port its own entry, once',
        product: id,
        port: port.name,
      });
      continue;
    }
    seen.set(key, i);
    const loaded = await loadContract(fs, doc, dir, id, port, pointer, major, shared, report);
    if (loaded) ports.push(loaded);
  }
  if (d.pipeline) {
    const sink = d.pipeline.sink.port;
    if (!d.outputPorts.some((p) => p.name === sink))
      report({
        ruleId: 'pipeline-sink-unknown',
        severity: 'error',
        message: `pipeline sink port "${sink}" is not an output port of ${id}`,
        location: loc(doc, '/pipeline/sink/port'),
        hint: `use one of: ${d.outputPorts.map((p) => p.name).join(', ')}`,
        product: id,
      });
    if (d.pipeline.transform !== undefined) {
      const t = normalizeRelative(joinPath(dir, d.pipeline.transform));
      if (t === undefined || !isInside(dir, t))
        report({
          ruleId: 'path-outside-product',
          severity: 'error',
          message: `pipeline transform "${d.pipeline.transform}" lies outside ${dir}/`,
          location: loc(doc, '/pipeline/transform'),
          hint: 'keep transform.ts inside the product folder',
          product: id,
        });
    }
  }
  if (findings.some((f) => f.severity === 'error')) return { findings };
  return {
    product: { id, domain, name: entry.name, dir, file, descriptor: d, source: doc, ports },
    findings,
  };
};

const loadContract = async (
  fs: WorkspaceFs,
  doc: SourceDocument,
  dir: string,
  productId: string,
  port: OutputPort,
  pointer: string,
  major: number,
  shared: SharedTypes,
  report: (f: Finding) => void,
): Promise<LoadedPort | undefined> => {
  const at = loc(doc, `${pointer}/contract`);
  const common = { product: productId, port: port.name };
  const path = normalizeRelative(joinPath(dir, port.contract));
  if (path === undefined || !isInside(dir, path) || port.contract.startsWith('/')) {
    report({
      ruleId: 'path-outside-product',
      severity: 'error',
      message: `contract path "${port.contract}" escapes the product folder ${dir}/`,
      location: at,
      hint: 'keep contracts inside the product folder, e.g. contracts/<port>.avsc',
      ...common,
    });
    return undefined;
  }
  const real = await fs.realpath(path);
  if (real === undefined) {
    const exists = (await fs.list(dirname(path)))?.some(
      (e) => e.name === path.slice(dirname(path).length + 1),
    );
    report(
      exists
        ? {
            ruleId: 'path-outside-product',
            severity: 'error',
            message: `contract ${path} is a symlink that leads outside the workspace`,
            location: at,
            hint: 'replace the symlink with the file itself',
            ...common,
          }
        : {
            ruleId: 'file-missing',
            severity: 'error',
            message: `contract file ${path} does not exist`,
            location: at,
            hint: `create it, or fix outputPorts[${pointer.split('/')[2]}].contract`,
            ...common,
          },
    );
    return undefined;
  }
  if (!isInside(dir, real)) {
    report({
      ruleId: 'path-outside-product',
      severity: 'error',
      message: `contract ${path} is a symlink to ${real}, outside the product folder ${dir}/`,
      location: at,
      hint: 'replace the symlink with the file itself',
      ...common,
    });
    return undefined;
  }
  const source = await readSource(fs, path, report, {
    message: `contract file ${path} does not exist`,
    location: at,
    ...common,
  });
  if (!source) return undefined;
  const parsed = shared.lazy
    ? checkContract(source.value, shared)
    : parseAvroContract(source.value, shared.registry);
  if (!parsed.ok) {
    const { message, pointer: p } = parsed.error;
    report({
      ruleId: 'avro-invalid',
      severity: 'error',
      message: `${path} is not a valid Avro schema: ${message}`,
      location: { file: path, pointer: p, ...source.locate(p) },
      ...common,
    });
    return undefined;
  }
  const loaded: LoadedPort = {
    name: port.name,
    major,
    version: port.version,
    contractFile: path,
    // The contract as written, with shared types written in: the same form whichever way the
    // contract was checked, so two loads compare equal when the files are equal.
    schema: shared.lazy ? parsed.value.schema : inlineNamedTypes(source.value, shared.schemas),
    type: undefined as unknown as avro.Type,
    contractSource: source,
    descriptor: port,
    pointer,
  };
  let built = 'type' in parsed.value ? (parsed.value as { type: avro.Type }).type : undefined;
  Object.defineProperty(loaded, 'type', {
    enumerable: true,
    get: () => {
      if (built) return built;
      const result = parseAvroContract(source.value, shared.registry);
      if (!result.ok)
        throw new InputError('INPUT_AVRO_INVALID', `${path}: ${result.error.message}`);
      return (built = result.value.type);
    },
  });
  return loaded;
};

/** The lazy check: Apache Avro's parsing rules, shared types written in as JSON. */
const checkContract = (
  json: unknown,
  shared: SharedTypes,
):
  | { ok: true; value: { schema: unknown } }
  | { ok: false; error: { message: string; pointer: string } } => {
  const schema = inlineNamedTypes(json, shared.schemas);
  // Remembered for the schema object: the gate compares these contracts next.
  const parsed = parseAvroSchemaOnce(schema);
  if (parsed.ok) return { ok: true, value: { schema } };
  const first = parsed.error[0]!;
  return { ok: false, error: { message: first.message, pointer: first.pointer } };
};

/** Checks that need the whole workspace: input ports resolve, and the product graph has no cycle. */
const crossCheck = (ws: Workspace): Finding[] => {
  const findings: Finding[] = [];
  const byId = new Map(ws.products.map((p) => [p.id, p]));
  const edges = new Map<string, string[]>();
  for (const product of ws.products) {
    const deps: string[] = [];
    for (const [i, input] of (product.descriptor.inputPorts ?? []).entries()) {
      const at = loc(product.source, `/inputPorts/${i}`);
      const base = {
        severity: 'error' as const,
        ruleId: 'input-port-unresolved',
        location: at,
        product: product.id,
      };
      const upstream = byId.get(input.product);
      if (!upstream) {
        findings.push({
          ...base,
          message: `input port refers to product "${input.product}", which does not exist (or failed to load)`,
          hint: `known products: ${[...byId.keys()].slice(0, 10).join(', ')}`,
        });
        continue;
      }
      const majors = upstream.ports.filter((p) => p.name === input.port);
      if (majors.length === 0) {
        findings.push({
          ...base,
          message: `input port refers to port "${input.port}" of ${input.product}, which has no such port`,
          hint: `ports of ${input.product}: ${[...new Set(upstream.ports.map((p) => p.name))].join(', ')}`,
        });
        continue;
      }
      if (!majors.some((p) => p.major === input.major)) {
        findings.push({
          ...base,
          message: `input port refers to ${input.product}/${input.port} major ${input.major}, which is not published`,
          hint: `available majors: ${majors.map((p) => p.major).join(', ')}`,
        });
        continue;
      }
      deps.push(upstream.id);
    }
    edges.set(product.id, deps);
  }
  for (const cycle of findCycles(edges)) {
    const first = byId.get(cycle[0]!)!;
    findings.push({
      ruleId: 'dependency-cycle',
      severity: 'error',
      message: `products depend on each other in a cycle: ${cycle.join(', ')} (each consumes another of them, directly or through the others)`,
      location: loc(first.source, '/inputPorts'),
      product: first.id,
      hint: 'a product may not consume, directly or indirectly, its own output; remove one of these input ports',
    });
  }
  return findings;
};
