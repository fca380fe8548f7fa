import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { catalogFixtureFiles } from '@meshkit/catalog';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    stdio: 'pipe',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ann Example',
      GIT_AUTHOR_EMAIL: 'ann@example.com',
      GIT_COMMITTER_NAME: 'Ann Example',
      GIT_COMMITTER_EMAIL: 'ann@example.com',
    },
  }).toString();

const writeAll = (root: string, files: Record<string, string>) => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
};

/**
 * The catalog fixture in a fresh git repository with two commits: the customers contract without
 * and then with the `loyalty_tier` field (version 1.0.0, then 1.1.0).
 */
export const createGitCatalogFixture = (): string => {
  const root = mkdtempSync(join(tmpdir(), 'meshkit-catalog-'));
  commitFixture(root, root);
  return root;
};

/**
 * The same history with the workspace in `data/mesh/` inside the repository; returns the
 * repository and the workspace root.
 */
export const createNestedGitCatalogFixture = (): { repo: string; root: string } => {
  const repo = mkdtempSync(join(tmpdir(), 'meshkit-catalog-'));
  const root = join(repo, 'data', 'mesh');
  mkdirSync(root, { recursive: true });
  commitFixture(repo, root);
  return { repo, root };
};

const commitFixture = (repo: string, root: string) => {
  git(repo, 'init', '-q', '-b', 'main');
  writeAll(root, catalogFixtureFiles());
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'first version of the shop');
  writeAll(root, catalogFixtureFiles({ customersExtraField: true }));
  git(repo, 'commit', '-q', '-am', 'customers: add loyalty tier');
};

export { writeAll as writeFixtureFiles };

/** The catalog fixture (see @meshkit/catalog `catalogFixtureFiles`) written to `root`, without git. */
export const writeCatalogFixture = (
  root: string,
  options: { customersExtraField?: boolean } = {},
): void => writeAll(root, catalogFixtureFiles(options));
