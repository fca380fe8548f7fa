// `mesh snapshot` over a generated workspace of 1,000 products (about 2,000 snapshot files among
// about 3,000): create into an empty store, create again with nothing changed, and restore, each
// as a whole process, to the file store and, when moto answers, to S3. Baseline: reading and
// hashing the same files in one Node process (the floor any snapshot pays).
// Targets: create under 5 s to the file store; the unchanged create writes no blob, under 2 s.
/* global fetch, AbortSignal */
import { rmSync } from 'node:fs';
import { assertOk, benchDir, bestOf, meshBin, row, timeProcess } from '../lib.mjs';
import { generateWorkspace } from '../generate-workspace.mjs';

const HASH_ONLY = `
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
const root = process.argv[1];
let n = 0;
const walk = (dir, rel) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = dir + '/' + e.name;
    const r = rel ? rel + '/' + e.name : e.name;
    if (e.isDirectory()) { if (!e.name.startsWith('.') && e.name !== 'fixtures') walk(path, r); continue; }
    if (r.startsWith('contracts/') || /(domain|product|waivers)\\.yaml$/.test(e.name) || e.name.endsWith('.avsc')) {
      createHash('sha256').update(readFileSync(path)).digest('hex'); n++;
    }
  }
};
walk(root + '/contracts', 'contracts'); walk(root + '/domains', 'domains');
if (n === 0) process.exit(1);
`;

const S3_ENDPOINT =
  process.env.MESH_S3_ENDPOINT || `http://127.0.0.1:${process.env.MESH_MOTO_PORT || 35000}`;
const S3_ENV = {
  AWS_ENDPOINT_URL: S3_ENDPOINT,
  AWS_REGION: process.env.MESH_AWS_REGION || 'us-east-1',
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID || 'testing',
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY || 'testing',
  AWS_EC2_METADATA_DISABLED: 'true',
};

const motoAnswers = async () => {
  try {
    // Any HTTP answer will do: the bucket creation below says what is wrong if it is not S3.
    await fetch(S3_ENDPOINT, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
};

const createBucket = async (bucket) => {
  const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    endpoint: S3_ENDPOINT,
    region: S3_ENV.AWS_REGION,
    forcePathStyle: true,
    credentials: {
      accessKeyId: S3_ENV.AWS_ACCESS_KEY_ID,
      secretAccessKey: S3_ENV.AWS_SECRET_ACCESS_KEY,
    },
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
};

const mesh = (dir, args, env = {}) =>
  timeProcess('node', [meshBin, '--cwd', dir, 'snapshot', ...args, '--format', 'json'], { env });

const created = (result, what) => {
  assertOk(result, what);
  if (result.status !== 0)
    throw new Error(`${what} exited with ${result.status}: ${result.stderr.slice(0, 2000)}`);
  return { ...result, report: JSON.parse(result.stdout) };
};

/** Cold create (fresh store each time, best of 3), then unchanged create (best of 3). */
const measureStore = async (dir, label, freshStore, env) => {
  const cold = await bestOf(3, async () => {
    const store = await freshStore();
    return {
      ...created(await mesh(dir, ['create', '--store', store], env), `${label} create`),
      store,
    };
  });
  const warm = await bestOf(3, async () =>
    created(await mesh(dir, ['create', '--store', cold.store], env), `${label} unchanged create`),
  );
  return { cold, warm };
};

export const run = async ({ scenario }) => {
  const dir = generateWorkspace(`${benchDir}/ws-1000`, { products: 1000 });
  const hash = await bestOf(3, async () =>
    assertOk(
      await timeProcess('node', ['--input-type=module', '-e', HASH_ONLY, dir], {
        cwd: process.cwd(),
      }),
      'hash only',
    ),
  );
  const baseline = { baseline: 'read and sha256 the same files only', baselineValue: hash.ms };
  // Every mesh command pays the start of the process and the import of its packages first.
  const startup = await bestOf(3, async () =>
    assertOk(await timeProcess('node', [meshBin, '--version']), 'mesh --version'),
  );
  const rows = [
    row({ scenario, metric: 'process start floor: mesh --version', value: startup.ms, unit: 'ms' }),
  ];

  let n = 0;
  const fileStore = async () => {
    const path = `${benchDir}/snapshot-store/${process.pid}-${n++}`;
    rmSync(path, { recursive: true, force: true });
    return `file://${path}`;
  };
  const file = await measureStore(dir, 'file', fileStore, {});
  rows.push(
    row({
      scenario,
      metric: `create, file store, ${file.cold.report.files} files`,
      value: file.cold.ms,
      unit: 'ms',
      ...baseline,
      target: 5000,
    }),
    row({
      scenario,
      metric: 'create, file store, peak memory',
      value: file.cold.peakRssMb ?? 0,
      unit: 'MB',
    }),
    row({
      scenario,
      metric: 'unchanged create, file store',
      value: file.warm.ms,
      unit: 'ms',
      ...baseline,
      target: 2000,
    }),
    row({
      scenario,
      metric: 'unchanged create, file store, blobs written',
      value: file.warm.report.blobsWritten,
      unit: 'blobs',
      target: 0,
    }),
  );

  const target = `${benchDir}/snapshot-restore`;
  const restore = await bestOf(3, async () => {
    rmSync(target, { recursive: true, force: true });
    return created(
      await mesh(dir, ['restore', '--store', file.cold.store, '--at', 'latest', '--to', target]),
      'restore',
    );
  });
  rows.push(
    row({
      scenario,
      metric: `restore, file store, ${restore.report.files} files`,
      value: restore.ms,
      unit: 'ms',
      ...baseline,
    }),
  );
  rmSync(target, { recursive: true, force: true });
  rmSync(`${benchDir}/snapshot-store`, { recursive: true, force: true });

  if (await motoAnswers()) {
    const s3Store = async () => {
      const bucket = `bench-snap-${Date.now().toString(36)}-${n++}`;
      await createBucket(bucket);
      return `s3://${bucket}/snapshots`;
    };
    const s3 = await measureStore(dir, 's3', s3Store, S3_ENV);
    rows.push(
      row({
        scenario,
        metric: `create, S3 on moto, ${s3.cold.report.files} files`,
        value: s3.cold.ms,
        unit: 'ms',
        ...baseline,
      }),
      row({
        scenario,
        metric: 'unchanged create, S3 on moto',
        value: s3.warm.ms,
        unit: 'ms',
        ...baseline,
        target: 2000,
      }),
      row({
        scenario,
        metric: 'unchanged create, S3 on moto, blobs written',
        value: s3.warm.report.blobsWritten,
        unit: 'blobs',
        target: 0,
      }),
    );
  } else {
    rows.push({
      scenario,
      metric: 'create, S3 on moto',
      skipped: `moto does not answer at ${S3_ENDPOINT}; start it with tools/services/moto.sh start`,
    });
  }
  return rows;
};
