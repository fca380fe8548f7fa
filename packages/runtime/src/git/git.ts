import { execFile, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfrastructureError, InputError } from '@meshkit/core';

const MAX_BUFFER = 512 * 1024 * 1024;

/** Runs git in `cwd` and returns stdout as bytes; git's own message becomes the error's. */
export const git = (cwd: string, args: readonly string[]): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      { cwd, encoding: 'buffer', maxBuffer: MAX_BUFFER },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as { code?: unknown }).code;
        if (code === 'ENOENT')
          return reject(
            new InfrastructureError('GIT_MISSING', 'git is not installed or not on PATH', {
              cause: error,
              retriable: false,
            }),
          );
        const message = stderr.toString('utf8').trim().split('\n')[0] ?? error.message;
        reject(
          new InfrastructureError('GIT_FAILED', `git ${args[0]} failed in ${cwd}: ${message}`, {
            cause: error,
            retriable: false,
          }),
        );
      },
    );
  });

/** The commit a ref names; an unknown ref is bad input (exit 2), with the fix. */
export const resolveCommit = async (cwd: string, ref: string): Promise<string> => {
  if (ref.startsWith('-') || /[\s\0]/.test(ref))
    throw new InputError('INPUT_GIT_REF', `"${ref}" is not a valid git ref`);
  try {
    return (
      await git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])
    )
      .toString('utf8')
      .trim();
  } catch (error) {
    throw new InputError(
      'INPUT_GIT_REF',
      `git ref "${ref}" does not exist in ${cwd}; pass an existing branch, tag or commit to --against (e.g. origin/main)`,
      { cause: error },
    );
  }
};

/**
 * Reads many objects (`<commit>:<path>` or blob ids) through one `git cat-file --batch` process.
 * Missing objects come back as `undefined`. The names go in and the contents come out through
 * temporary files, not pipes: git runs to the end on its own while this thread does other work
 * (a pipe would stall git as soon as it filled). The process starts before this returns.
 */
export const readObjects = (
  cwd: string,
  specs: readonly string[],
): Promise<(Buffer | undefined)[]> => {
  if (specs.length === 0) return Promise.resolve([]);
  const dir = mkdtempSync(join(tmpdir(), 'mesh-git-'));
  const output = join(dir, 'objects');
  const fds: number[] = [];
  const cleanUp = () => {
    for (const fd of fds.splice(0)) closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  };
  return new Promise<(Buffer | undefined)[]>((resolve, reject) => {
    writeFileSync(join(dir, 'specs'), `${specs.join('\n')}\n`);
    fds.push(openSync(join(dir, 'specs'), 'r'), openSync(output, 'w'));
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: [fds[0]!, fds[1]!, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', (error) =>
      reject(
        new InfrastructureError('GIT_FAILED', `git cat-file failed: ${error.message}`, {
          cause: error,
        }),
      ),
    );
    child.on('close', (code) => {
      if (code !== 0)
        return reject(
          new InfrastructureError(
            'GIT_FAILED',
            `git cat-file exited with ${code}: ${stderr.trim()}`,
          ),
        );
      const out = readFileSync(output);
      const results: (Buffer | undefined)[] = [];
      let pos = 0;
      for (let i = 0; i < specs.length; i++) {
        const nl = out.indexOf(0x0a, pos);
        if (nl < 0)
          return reject(new InfrastructureError('GIT_FAILED', 'git cat-file output ended early'));
        const header = out.subarray(pos, nl).toString('utf8');
        pos = nl + 1;
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
          results.push(undefined);
          continue;
        }
        const size = Number(header.split(' ')[2]);
        results.push(out.subarray(pos, pos + size));
        pos += size + 1;
      }
      resolve(results);
    });
  }).finally(cleanUp);
};
