import { formatFiles, type Tree } from '@nx/devkit';
import { InputError, normalizeRelative } from '@meshkit/core';
import type { YAMLMap } from 'yaml';
import { requireDate, requireName, requireProductId } from '../../lib/check-options.js';
import {
  editOutputPorts,
  outputPortNodes,
  readProductDocument,
} from '../../lib/edit-product-yaml.js';
import { DOMAINS_DIR } from '../../lib/read-descriptors.js';
import { writeReadmes } from '../../lib/sync-readmes.js';
import { validateInTree } from '../../lib/validate-in-tree.js';
import type { ContractMajorGeneratorSchema } from './schema.js';

export const SUNSET_DAYS = 90;

/** Today plus `days`, as YYYY-MM-DD (UTC). */
export const daysFromToday = (days: number, today = new Date()): string =>
  new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);

const majorOf = (node: YAMLMap): number => Number(String(node.get('version') ?? '').split('.')[0]);

/**
 * `nx g @meshkit/nx-plugin:contract-major <port> --product <domain>/<product>`: a breaking change
 * becomes a new major that lives beside the old one (new topic, subject and table) until the old
 * one's sunset date, as DESIGN.md's Names section asks.
 */
export const contractMajorGenerator = async (tree: Tree, options: ContractMajorGeneratorSchema) => {
  const { id } = requireProductId('product', options.product);
  const port = requireName('port', 'port', options.port);
  const today = daysFromToday(0);
  const sunset =
    options.sunset === undefined
      ? daysFromToday(SUNSET_DAYS)
      : requireDate('sunset', options.sunset);
  if (sunset <= today)
    throw new InputError(
      'INPUT_USAGE',
      `--sunset ${sunset} is not after today (${today}); consumers need time to move to the new major`,
    );
  const dir = `${DOMAINS_DIR}/${id}`;
  const file = `${dir}/product.yaml`;
  if (!tree.isFile(file))
    throw new InputError('INPUT_USAGE', `product ${id} does not exist: ${file} is missing`);
  const doc = readProductDocument(tree, file);
  const entries = outputPortNodes(doc, file).filter((p) => p.get('name') === port);
  if (entries.length === 0)
    throw new InputError(
      'INPUT_USAGE',
      `${id} has no output port "${port}"; add one with "nx g @meshkit/nx-plugin:output-port ${port} --product ${id}"`,
    );
  const latest = entries.reduce((a, b) => (majorOf(b) > majorOf(a) ? b : a));
  const major = majorOf(latest);
  if (!Number.isInteger(major))
    throw new InputError(
      'INPUT_DESCRIPTOR_INVALID',
      `${file}: port ${port} has no valid version; fix it first ("mesh validate" shows where)`,
    );
  const next = major + 1;
  const oldContract = normalizeRelative(`${dir}/${String(latest.get('contract') ?? '')}`);
  if (!oldContract || !oldContract.startsWith(`${dir}/`) || !tree.isFile(oldContract))
    throw new InputError(
      'INPUT_USAGE',
      `the contract of ${port} ${String(latest.get('version'))} (${String(latest.get('contract'))}) is not a file inside ${dir}/`,
    );
  const contract = `contracts/${port}.v${next}.avsc`;
  if (tree.exists(`${dir}/${contract}`))
    throw new InputError(
      'INPUT_TARGET_EXISTS',
      `${dir}/${contract} already exists; move it away first`,
    );

  // The new entry starts as a copy of the newest one: same level, format, SLA and rules.
  editOutputPorts(tree, file, doc, {
    set: [{ entry: latest, values: { lifecycle: 'deprecated', sunset } }],
    copy: {
      entry: latest,
      values: { version: `${next}.0.0`, contract },
      drop: ['lifecycle', 'sunset'],
    },
  });
  tree.write(`${dir}/${contract}`, tree.read(oldContract)!);
  await validateInTree(tree, dir);
  writeReadmes(tree, new Set([id]));
  if (!options.skipFormat) await formatFiles(tree);
};

export default contractMajorGenerator;
