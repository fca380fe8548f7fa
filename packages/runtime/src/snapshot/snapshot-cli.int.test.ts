// Whole-process tests: the built `mesh` binary (run `npx tsc -b tsconfig.build.json` first)
// against the file store and S3 on moto, including creates killed with SIGKILL mid-way.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotStore } from '@meshkit/core';
import { parseManifest } from '@meshkit/core';
import { createS3SnapshotStore } from '@meshkit/s3';
import {
  AWS_CREDENTIALS,
  AWS_REGION,
  S3_ENDPOINT,
  s3ClientConfig,
  uniqueName,
} from '../../../../tools/test/services.js';
import { FileSnapshotStore } from './file-snapshot-store.js';
import { verifySnapshots } from './snapshots.js';
import type { TempWorkspace } from './testing/temp-workspace.js';
import { addGeneratedProducts, createTempWorkspace, readTree } from './testing/temp-workspace.js';

const CLI = fileURLToPath(new URL('../../../cli/dist/bin.js', import.meta.url));
const s3 = new S3Client(s3ClientConfig());

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const S3_ENV = {
  AWS_ENDPOINT_URL: S3_ENDPOINT,
  AWS_REGION,
  AWS_ACCESS_KEY_ID: AWS_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: AWS_CREDENTIALS.secretAccessKey,
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** Runs `mesh` in `cwd`; `killAfterMs` sends SIGKILL after that long. Bounded by a 60 s timeout. */
const mesh = (
  args: string[],
  cwd: string,
  options: {
    env?: Record<string, string | undefined>;
    killAfterMs?: number;
    /** Polled every 10 ms while the process runs; SIGKILL as soon as it returns true. */
    killWhen?: () => Promise<boolean>;
  } = {},
): Promise<Run> =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    const env: Record<string, string | undefined> = { ...process.env, ...S3_ENV, ...options.env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const killer =
      options.killAfterMs !== undefined
        ? setTimeout(() => child.kill('SIGKILL'), options.killAfterMs)
        : undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let done = false;
    const poll = async (): Promise<void> => {
      while (!done && options.killWhen) {
        if (await options.killWhen()) {
          child.kill('SIGKILL');
          return;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    void poll();
    child.on('error', reject);
    child.on('close', (code, signal) => {
      done = true;
      clearTimeout(guard);
      if (killer) clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });

beforeAll(() => {
  if (!existsSync(CLI))
    throw new Error(
      `the mesh binary ${CLI} is not built; run \`npx tsc -b tsconfig.build.json\` first`,
    );
});

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await createTempWorkspace('mesh-snapshot-cli-');
});
afterEach(async () => {
  await ws.cleanup();
});

interface StoreCase {
  name: string;
  /** A fresh store: its --store URL and an in-process handle on the same store. */
  open: (base: string) => Promise<{ url: string; store: SnapshotStore }>;
}

const fileCase: StoreCase = {
  name: 'file store',
  open: async (base) => {
    const dir = join(base, 'backups');
    return { url: `file://${dir}`, store: new FileSnapshotStore(dir) };
  },
};

const s3Case: StoreCase = {
  name: `S3 on moto at ${S3_ENDPOINT}`,
  open: async () => {
    const bucket = uniqueName('cli');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const store = createS3SnapshotStore({
      bucket,
      prefix: 'mesh',
      region: AWS_REGION,
      endpoint: S3_ENDPOINT,
      credentials: AWS_CREDENTIALS,
    });
    return { url: `s3://${bucket}/mesh`, store };
  },
};

describe.each([fileCase, s3Case])('mesh snapshot on the $name', ({ open }) => {
  it('round-trips byte-identical files after the contracts are deleted', async () => {
    const { url } = await open(ws.base);
    const before = await readTree(ws.root);
    const created = await mesh(['snapshot', 'create', '--store', url, '--format', 'json'], ws.root);
    expect(created.code, created.stderr).toBe(0);
    // Nothing but the command's own output: no SDK notices about future Node versions.
    expect(created.stderr).toBe('');
    const result = JSON.parse(created.stdout) as {
      id: string;
      blobsWritten: number;
      files: number;
    };
    expect(result.blobsWritten).toBe(result.files);

    await rm(join(ws.root, 'contracts'), { recursive: true });
    for (const p of ['orders', 'customers'])
      await rm(join(ws.root, 'domains/sales', p, 'contracts'), { recursive: true });
    const restored = await mesh(
      ['snapshot', 'restore', '--store', url, '--at', result.id, '--force'],
      ws.root,
    );
    expect(restored.code, restored.stderr).toBe(0);
    const after = await readTree(ws.root);
    for (const [path, bytes] of before) expect(after.get(path)?.equals(bytes), path).toBe(true);

    const again = await mesh(['snapshot', 'create', '--store', url, '--format', 'json'], ws.root);
    expect((JSON.parse(again.stdout) as { blobsWritten: number }).blobsWritten).toBe(0);
  });

  it('a create killed with SIGKILL at random moments leaves every earlier snapshot verifying, and the next create completes', async () => {
    const { url, store } = await open(ws.base);
    await addGeneratedProducts(ws.root, 80, 'base');
    const first = await mesh(['snapshot', 'create', '--store', url, '--concurrency', '4'], ws.root);
    expect(first.code, first.stderr).toBe(0);
    const full = first.ms;

    let killed = 0;
    let midUpload = 0;
    // Each round changes 25 contracts so the interrupted create has blobs to write. Even rounds
    // kill at a random time (startup, hashing, uploading, writing the manifest); odd rounds kill
    // as soon as the first new blob is visible, so some kills are sure to land mid-upload.
    for (let round = 0; killed < 10 && round < 30; round++) {
      await addGeneratedProducts(ws.root, 25, `round-${round}`);
      const blobsBefore = (await store.listBlobs()).length;
      const manifestsBefore = (await store.listManifests()).length;
      const at = Math.floor(full * (0.15 + Math.random() * 0.8));
      const run = await mesh(
        ['snapshot', 'create', '--store', url, '--concurrency', '4'],
        ws.root,
        round % 2 === 0
          ? { killAfterMs: at }
          : { killWhen: async () => (await store.listBlobs()).length > blobsBefore },
      );
      if (run.signal === 'SIGKILL') {
        killed++;
        const manifests = (await store.listManifests()).length;
        if ((await store.listBlobs()).length > blobsBefore && manifests === manifestsBefore)
          midUpload++;
      } else expect(run.code, run.stderr).toBe(0);
      const check = await verifySnapshots({ store });
      expect(check.findings, `after round ${round}`).toEqual([]);
      expect(check.snapshots.length).toBeGreaterThanOrEqual(1);
    }
    expect(midUpload).toBeGreaterThanOrEqual(3);
    expect(killed).toBeGreaterThanOrEqual(10);

    const next = await mesh(['snapshot', 'create', '--store', url], ws.root);
    expect(next.code, next.stderr).toBe(0);
    const verified = await mesh(['snapshot', 'verify', '--store', url], ws.root);
    expect(verified.code, verified.stdout).toBe(0);
    // Eleven or more whole processes on a shared machine: allowed more than the default 120 s.
  }, 400_000);

  it('two creates at once corrupt nothing', async () => {
    const { url, store } = await open(ws.base);
    await addGeneratedProducts(ws.root, 60);
    const runs = await Promise.all(
      [1, 2].map(() => mesh(['snapshot', 'create', '--store', url, '--format', 'json'], ws.root)),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const ids = runs.map((r) => (JSON.parse(r.stdout) as { id: string }).id);
    expect(new Set(ids).size).toBe(2);
    expect(await store.listManifests()).toEqual([...ids].sort());
    const verified = await mesh(
      ['snapshot', 'verify', '--store', url, '--format', 'json'],
      ws.root,
    );
    expect(verified.code, verified.stdout).toBe(0);
  });

  it('verify exits 1 naming a tampered blob and a deleted blob', async () => {
    const { url, store } = await open(ws.base);
    const created = await mesh(['snapshot', 'create', '--store', url, '--format', 'json'], ws.root);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const manifest = parseManifest((await store.getManifest(id))!, id);
    if (!manifest.ok) throw manifest.error;
    const [tampered, deleted] = manifest.value.entries;
    if (store instanceof FileSnapshotStore) {
      const file = (h: string) => join(store.root, 'blobs', 'sha256', h.slice(0, 2), h);
      await writeFile(file(tampered!.sha256), 'tampered');
      await rm(file(deleted!.sha256));
    } else {
      const [bucket, prefix] = url.slice('s3://'.length).split('/') as [string, string];
      const key = (h: string) => `${prefix}/blobs/sha256/${h}`;
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key(tampered!.sha256), Body: 'tampered' }),
      );
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key(deleted!.sha256) }));
    }
    const verified = await mesh(['snapshot', 'verify', '--store', url], ws.root);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain(`[snapshot-blob-corrupt]`);
    expect(verified.stdout).toContain(tampered!.path);
    expect(verified.stdout).toContain(`[snapshot-blob-missing]`);
    expect(verified.stdout).toContain(deleted!.path);
  });
});

describe('mesh snapshot on S3: versions and bad input', () => {
  it('keeps an overwritten manifest readable as an older S3 object version', async () => {
    const { url, store } = await s3Case.open(ws.base);
    const created = await mesh(['snapshot', 'create', '--store', url, '--format', 'json'], ws.root);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const original = await store.getManifest(id);
    const [bucket, prefix] = url.slice('s3://'.length).split('/') as [string, string];
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${prefix}/manifests/${id}.json`,
        Body: '{"garbage":',
      }),
    );

    const verified = await mesh(['snapshot', 'verify', '--store', url], ws.root);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('[snapshot-manifest-invalid]');

    const s3store = createS3SnapshotStore({
      bucket,
      prefix,
      region: AWS_REGION,
      endpoint: S3_ENDPOINT,
      credentials: AWS_CREDENTIALS,
    });
    const versions = await s3store.listManifestVersions(id);
    expect(versions.length).toBe(2);
    const older = versions.find((v) => !v.isLatest)!;
    const back = await s3store.getManifest(id, older.versionId);
    expect(Buffer.from(back!).equals(Buffer.from(original!))).toBe(true);
    expect(parseManifest(back!, id, id).ok).toBe(true);
  });

  it('names a missing bucket and how to create it (exit 2)', async () => {
    const run = await mesh(
      ['snapshot', 'list', '--store', `s3://${uniqueName('absent')}/x`],
      ws.root,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('S3_BUCKET_NOT_FOUND');
    expect(run.stderr).toContain('create-bucket');
  });

  it('names missing credentials and where they come from (exit 2)', async () => {
    const { url } = await s3Case.open(ws.base);
    const run = await mesh(['snapshot', 'create', '--store', url], ws.root, {
      env: {
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        HOME: ws.base,
        AWS_CONFIG_FILE: join(ws.base, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(ws.base, 'no-aws-credentials'),
      },
    });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('S3_CREDENTIALS_MISSING');
    expect(run.stderr).toContain('AWS_ACCESS_KEY_ID');
  });
});

describe('mesh snapshot bad input', () => {
  it.each([
    ['ftp://host/dir', 'unsupported scheme'],
    ['s3://', 'names no bucket'],
    ['s3://UPPER_case/x', 'invalid bucket name'],
    ['backups', 'is not a URL'],
  ])('refuses the store URL %j (exit 2)', async (url, why) => {
    const run = await mesh(['snapshot', 'list', '--store', url], ws.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SNAPSHOT_STORE_URL_INVALID');
    expect(run.stderr).toContain(why);
  });

  it('refuses to restore a manifest whose entries point outside the restore folder (exit 2)', async () => {
    const { url, store } = await fileCase.open(ws.base);
    const created = await mesh(['snapshot', 'create', '--store', url, '--format', 'json'], ws.root);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const file = join((store as FileSnapshotStore).root, 'manifests', `${id}.json`);
    const doc = JSON.parse(await readFile(file, 'utf8')) as { entries: { path: string }[] };
    doc.entries[0]!.path = '../../etc/passwd';
    await writeFile(file, JSON.stringify(doc));
    const target = join(ws.base, 'a', 'b');
    await mkdir(target, { recursive: true });
    const run = await mesh(
      ['snapshot', 'restore', '--store', url, '--at', id, '--to', target],
      ws.root,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SNAPSHOT_MANIFEST_INVALID');
    expect(run.stderr).toContain('/entries/0/path');
    expect((await readTree(target)).size).toBe(0);
  });

  it('reports a corrupt manifest in verify (exit 1) and refuses it in show (exit 2)', async () => {
    const { url, store } = await fileCase.open(ws.base);
    const created = await mesh(['snapshot', 'create', '--store', url, '--format', 'json'], ws.root);
    const { id } = JSON.parse(created.stdout) as { id: string };
    await writeFile(join((store as FileSnapshotStore).root, 'manifests', `${id}.json`), 'not json');
    const verified = await mesh(['snapshot', 'verify', '--store', url], ws.root);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain(id);
    const shown = await mesh(['snapshot', 'show', id, '--store', url], ws.root);
    expect(shown.code).toBe(2);
    expect(shown.stderr).toContain('SNAPSHOT_MANIFEST_INVALID');
  });

  it('refuses restore without --to or --force, and prune without a rule (exit 2)', async () => {
    const restore = await mesh(['snapshot', 'restore', '--at', 'latest'], ws.root);
    expect(restore.code).toBe(2);
    expect(restore.stderr).toContain('--force');
    const prune = await mesh(['snapshot', 'prune'], ws.root);
    expect(prune.code).toBe(2);
    expect(prune.stderr).toContain('--keep-last');
  });
});
