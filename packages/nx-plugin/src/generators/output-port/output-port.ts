import { formatFiles, type Tree } from '@nx/devkit';
import { InputError } from '@meshkit/core';
import {
  requireCompatibility,
  requireFormat,
  requireName,
  requireProductId,
  requireText,
} from '../../lib/check-options.js';
import { portFiles } from '../../lib/contract-skeleton.js';
import {
  editOutputPorts,
  outputPortNodes,
  readProductDocument,
} from '../../lib/edit-product-yaml.js';
import { newPortEntry } from '../../lib/new-port-entry.js';
import { DOMAINS_DIR } from '../../lib/read-descriptors.js';
import { writeReadmes } from '../../lib/sync-readmes.js';
import { validateInTree } from '../../lib/validate-in-tree.js';
import type { OutputPortGeneratorSchema } from './schema.js';

/** `nx g @meshkit/nx-plugin:output-port <name> --product <domain>/<product>` */
export const outputPortGenerator = async (tree: Tree, options: OutputPortGeneratorSchema) => {
  const { id } = requireProductId('product', options.product);
  const name = requireName('port', 'name', options.name);
  const compatibility = requireCompatibility(options.compatibility ?? 'BACKWARD_TRANSITIVE');
  const format = requireFormat(options.format ?? 'parquet');
  const description = options.description
    ? requireText('description', options.description, 4000)
    : undefined;
  const dir = `${DOMAINS_DIR}/${id}`;
  const file = `${dir}/product.yaml`;
  if (!tree.isFile(file))
    throw new InputError(
      'INPUT_USAGE',
      `product ${id} does not exist: ${file} is missing; create it with "nx g @meshkit/nx-plugin:product"`,
    );
  const doc = readProductDocument(tree, file);
  const ports = outputPortNodes(doc, file);
  if (ports.some((p) => p.get('name') === name))
    throw new InputError(
      'INPUT_TARGET_EXISTS',
      `port "${name}" already exists in ${file}; for a breaking change use "nx g @meshkit/nx-plugin:contract-major --product ${id} --port ${name}"`,
    );
  const files = portFiles(id.split('/')[0]!, id.split('/')[1]!, name, `contracts/${name}.avsc`);
  for (const path of Object.keys(files))
    if (tree.exists(`${dir}/${path}`))
      throw new InputError(
        'INPUT_TARGET_EXISTS',
        `${dir}/${path} already exists; move it away or pick another port name`,
      );
  editOutputPorts(tree, file, doc, {
    append: [newPortEntry(name, compatibility, format, description)],
  });
  for (const [path, content] of Object.entries(files)) tree.write(`${dir}/${path}`, content);
  await validateInTree(tree, dir);
  writeReadmes(tree, new Set([id]));
  if (!options.skipFormat) await formatFiles(tree);
};

export default outputPortGenerator;
