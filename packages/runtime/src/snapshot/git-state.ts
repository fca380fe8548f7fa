import { execFile } from 'node:child_process';

const run = (args: string[], cwd: string): Promise<string | undefined> =>
  new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 10_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });

/**
 * The commit checked out at `root` and whether tracked files under it differ from it (as
 * `git describe --dirty` counts it). Outside a git work tree, or without git, commit is null.
 */
export const readGitState = async (
  root: string,
): Promise<{ commit: string | null; dirty: boolean }> => {
  const head = await run(['rev-parse', '--verify', '--quiet', 'HEAD'], root);
  const commit = head?.trim() ?? '';
  if (!/^[0-9a-f]{40,64}$/.test(commit)) return { commit: null, dirty: false };
  const status = await run(['status', '--porcelain', '--untracked-files=no', '--', '.'], root);
  return { commit, dirty: status === undefined ? true : status.trim().length > 0 };
};
