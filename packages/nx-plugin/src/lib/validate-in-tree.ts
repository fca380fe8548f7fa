import type { Tree } from '@nx/devkit';
import { InputError, loadWorkspace, type Finding } from '@meshkit/core';
import { treeWorkspaceFs } from './tree-workspace-fs.js';

const where = (f: Finding): string => {
  const l = f.location;
  if (!l) return '';
  return `${l.file}${l.line !== undefined ? `:${l.line}${l.column !== undefined ? `:${l.column}` : ''}` : ''}: `;
};

/**
 * Loads the workspace as the tree holds it (files not yet written included) and throws when the
 * given folder has error findings, so a generator never leaves a product `mesh validate` refuses.
 * Problems elsewhere in the workspace are not this generator's to report.
 */
export const validateInTree = async (tree: Tree, dir: string): Promise<void> => {
  const { findings } = await loadWorkspace(treeWorkspaceFs(tree));
  const mine = findings.filter(
    (f) =>
      f.severity === 'error' &&
      (f.location?.file === dir || (f.location?.file ?? '').startsWith(`${dir}/`)),
  );
  if (mine.length === 0) return;
  throw new InputError(
    'INPUT_GENERATED_INVALID',
    `the generated files in ${dir}/ do not validate; nothing was written:\n${mine
      .map((f) => `  ${where(f)}${f.message}${f.hint ? ` (${f.hint})` : ''} [${f.ruleId}]`)
      .join('\n')}`,
  );
};
