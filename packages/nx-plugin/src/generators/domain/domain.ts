import { fileURLToPath } from 'node:url';
import { formatFiles, generateFiles, type Tree } from '@nx/devkit';
import { InputError } from '@meshkit/core';
import { requireName, requireTeam, requireText, titleOf } from '../../lib/check-options.js';
import { DOMAINS_DIR } from '../../lib/read-descriptors.js';
import { validateInTree } from '../../lib/validate-in-tree.js';
import { yamlFlowList, yamlScalar } from '../../lib/yaml-scalar.js';
import type { DomainGeneratorSchema } from './schema.js';

/** Tags from `--tags a,b` or repeated `--tags a --tags b`. */
export const tagList = (tags: string[] | string | undefined): string[] =>
  (Array.isArray(tags) ? tags : tags === undefined ? [] : [tags])
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter(Boolean);

const TAG = /^[a-z0-9][a-z0-9:._-]*$/;

export const checkTags = (tags: readonly string[]): string[] => {
  for (const t of tags)
    if (!TAG.test(t) || t.length > 64)
      throw new InputError(
        'INPUT_USAGE',
        `--tags: "${t}" is not a tag; use lowercase letters, digits and : . _ - (e.g. tier:1)`,
      );
  return [...new Set(tags)];
};

/** `nx g @meshkit/nx-plugin:domain <name>`: writes domains/<name>/domain.yaml. */
export const domainGenerator = async (tree: Tree, options: DomainGeneratorSchema) => {
  const name = requireName('domain', 'name', options.name);
  const owner = requireTeam('owner', options.owner);
  const dir = `${DOMAINS_DIR}/${name}`;
  if (tree.exists(dir))
    throw new InputError(
      'INPUT_TARGET_EXISTS',
      `domain "${name}" already exists: ${dir}/ is there; pick another name, or edit ${dir}/domain.yaml`,
    );
  const title = options.title ? requireText('title', options.title, 120) : titleOf(name);
  const description = options.description
    ? requireText('description', options.description, 4000)
    : `The ${title} domain.`;
  // Same depth under the package in src/ and dist/, so the templates are found from both.
  generateFiles(
    tree,
    fileURLToPath(new URL('../../../src/generators/domain/files', import.meta.url)),
    dir,
    {
      name,
      owner,
      title,
      description,
      email: options.email ? requireText('email', options.email, 254) : '',
      slack: options.slack ? requireText('slack', options.slack, 81) : '',
      tags: checkTags(tagList(options.tags)),
      yaml: yamlScalar,
      flowList: yamlFlowList,
    },
  );
  await validateInTree(tree, dir);
  if (!options.skipFormat) await formatFiles(tree);
};

export default domainGenerator;
