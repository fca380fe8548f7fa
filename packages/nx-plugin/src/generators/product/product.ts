import { fileURLToPath } from 'node:url';
import { formatFiles, generateFiles, logger, type Tree } from '@nx/devkit';
import { InputError, portNames } from '@meshkit/core';
import {
  parsePortRef,
  requireCompatibility,
  requireFormat,
  requireName,
  requireTeam,
  requireText,
  titleOf,
} from '../../lib/check-options.js';
import { portFiles } from '../../lib/contract-skeleton.js';
import {
  DOMAINS_DIR,
  portsOf,
  readDomain,
  readProduct,
  rec,
  str,
  type InputDoc,
} from '../../lib/read-descriptors.js';
import { writeReadmes } from '../../lib/sync-readmes.js';
import { validateInTree } from '../../lib/validate-in-tree.js';
import { yamlFlowList, yamlScalar } from '../../lib/yaml-scalar.js';
import { checkTags, tagList } from '../domain/domain.js';
import type { ProductGeneratorSchema } from './schema.js';

const blankToUndefined = (v: string | undefined): string | undefined =>
  v === undefined || v.trim() === '' ? undefined : v;

/** Resolves `--consumes` against the products in the tree, defaulting to the newest major. */
export const resolveInputs = (tree: Tree, consumes: string[] | string | undefined): InputDoc[] =>
  tagList(consumes).map((ref) => {
    const r = parsePortRef(ref);
    const [domain, name] = r.product.split('/') as [string, string];
    const upstream = readProduct(tree, domain, name);
    if (!upstream)
      throw new InputError(
        'INPUT_USAGE',
        `--consumes ${ref}: product ${r.product} does not exist (no ${DOMAINS_DIR}/${r.product}/product.yaml)`,
      );
    const majors = portsOf(upstream)
      .filter((p) => p.name === r.port)
      .map((p) => p.major);
    if (majors.length === 0)
      throw new InputError(
        'INPUT_USAGE',
        `--consumes ${ref}: ${r.product} has no output port "${r.port}"; its ports: ${[...new Set(portsOf(upstream).map((p) => p.name))].join(', ') || 'none'}`,
      );
    const major = r.major ?? Math.max(...majors);
    if (!majors.includes(major))
      throw new InputError(
        'INPUT_USAGE',
        `--consumes ${ref}: ${r.product}/${r.port} has no major ${major}; published majors: ${majors.join(', ')}`,
      );
    return { product: r.product, port: r.port, major };
  });

/**
 * `nx g @meshkit/nx-plugin:product <name> --domain <domain>`: a new product folder with its
 * descriptor, a documented contract for the first port, fixtures and README, validated before
 * anything is written.
 */
export const productGenerator = async (tree: Tree, options: ProductGeneratorSchema) => {
  const domain = requireName('domain', 'domain', options.domain);
  const name = requireName('product', 'name', options.name);
  const port = requireName('port', 'port', blankToUndefined(options.port) ?? name);
  const compatibility = requireCompatibility(options.compatibility ?? 'BACKWARD_TRANSITIVE');
  const format = requireFormat(options.format ?? 'parquet');
  const lifecycle = options.lifecycle ?? 'active';
  if (lifecycle !== 'active' && lifecycle !== 'experimental')
    throw new InputError(
      'INPUT_USAGE',
      `--lifecycle "${String(lifecycle)}": a new product is experimental or active`,
    );
  const domainDoc = readDomain(tree, domain);
  if (!domainDoc)
    throw new InputError(
      'INPUT_USAGE',
      `domain "${domain}" does not exist: ${DOMAINS_DIR}/${domain}/domain.yaml is missing; create it with "nx g @meshkit/nx-plugin:domain ${domain}"`,
    );
  const dir = `${DOMAINS_DIR}/${domain}/${name}`;
  if (tree.exists(dir))
    throw new InputError(
      'INPUT_TARGET_EXISTS',
      `product ${domain}/${name} already exists: ${dir}/ is there; pick another name, or add a port with "nx g @meshkit/nx-plugin:output-port --product ${domain}/${name}"`,
    );
  const owner = requireTeam(
    'owner',
    blankToUndefined(options.owner) ?? str(rec(domainDoc.doc['owner'])['team']),
  );
  const description = requireText('description', options.description, 4000);
  // The same port named twice (e.g. with and without @major) is one input.
  const inputs = [
    ...new Map(
      resolveInputs(tree, options.consumes).map((i) => [`${i.product}/${i.port}@${i.major}`, i]),
    ).values(),
  ];
  if (inputs.some((i) => i.product === `${domain}/${name}`))
    throw new InputError('INPUT_USAGE', `--consumes: a product cannot consume itself`);

  generateFiles(
    tree,
    // Same depth under the package in src/ and dist/, so the templates are found from both.
    fileURLToPath(new URL('../../../src/generators/product/files', import.meta.url)),
    dir,
    {
      domain,
      name,
      port,
      owner,
      email: options.email ? requireText('email', options.email, 254) : '',
      title: options.title ? requireText('title', options.title, 120) : titleOf(name),
      description,
      lifecycle,
      compatibility,
      format,
      tags: checkTags(tagList(options.tags)),
      inputs,
      yaml: yamlScalar,
      flowList: yamlFlowList,
    },
  );
  for (const [path, content] of Object.entries(
    portFiles(domain, name, port, `contracts/${port}.avsc`),
  ))
    tree.write(`${dir}/${path}`, content);
  await validateInTree(tree, dir);
  // The new README, and the upstream READMEs whose consumer lists now include this product.
  writeReadmes(tree, new Set([`${domain}/${name}`, ...inputs.map((i) => i.product)]));
  if (!options.skipFormat) await formatFiles(tree);
  const names = portNames(domain, name, port, 1);
  return () => {
    // Nx runs the callback after the files are written.
    logger.info(
      `Next: edit ${dir}/contracts/${port}.avsc and fixtures/, then run "nx run ${domain}-${name}:validate".\n` +
        `The port publishes to topic ${names.topic}, subject ${names.subject}, table ${names.glueDatabase}.${names.glueTable}.`,
    );
  };
};

export default productGenerator;
