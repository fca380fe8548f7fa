import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AWS_CREDENTIALS,
  AWS_REGION,
  S3_ENDPOINT,
  s3ClientConfig,
  uniqueName,
} from '../../../../tools/test/services.js';
import { runPipeline } from './run-pipeline.js';
import {
  createPipelineWorkspace,
  lakeOrderIds,
  orderLines,
  type PipelineWorkspace,
} from './testing/pipeline-workspace.js';

const s3 = new S3Client(s3ClientConfig());
const bucket = uniqueName('lake');
let ws: PipelineWorkspace;
const saved = { ...process.env };

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: S3_ENDPOINT,
    AWS_REGION,
    AWS_ACCESS_KEY_ID: AWS_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: AWS_CREDENTIALS.secretAccessKey,
  });
  ws = await createPipelineWorkspace();
});
afterAll(async () => {
  process.env = saved;
  await ws?.cleanup();
});

/** Downloads every object under the prefix into a folder, so DuckDB can read the lake. */
const download = async (prefix: string): Promise<{ dir: string; keys: string[] }> => {
  const dir = await mkdtemp(join(tmpdir(), 'mesh-s3-lake-'));
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const keys = (listed.Contents ?? []).map((o) => o.Key!).sort();
  for (const key of keys) {
    const body = await (
      await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    ).Body!.transformToByteArray();
    await mkdir(dirname(join(dir, key)), { recursive: true });
    await writeFile(join(dir, key), body);
  }
  return { dir, keys };
};

describe('a pipeline writing to an S3 lake (moto)', () => {
  it('uploads every good record once, and a replay rewrites the same objects', async () => {
    const { lines, goodIds } = await orderLines(30, 5);
    await writeFile(join(ws.root, 'in.jsonl'), `${lines.join('\n')}\n`);
    const run = () =>
      runPipeline({
        root: ws.root,
        product: 'sales/orders',
        source: 'file:in.jsonl',
        lakeUrl: `s3://${bucket}/prod`,
        logLevel: 'silent',
      });
    const summary = await run();
    expect(summary).toMatchObject({ in: 35, written: 30, deadLettered: 5 });
    const first = await download('prod/');
    expect(
      first.keys.every((k) => k.startsWith('prod/sales/orders/orders/v') && k.endsWith('.parquet')),
    ).toBe(true);
    expect((await lakeOrderIds(first.dir)).sort()).toEqual([...goodIds].sort());

    await run();
    const second = await download('prod/');
    expect(second.keys).toEqual(first.keys);
    expect((await lakeOrderIds(second.dir)).sort()).toEqual([...goodIds].sort());
    await rm(first.dir, { recursive: true, force: true });
    await rm(second.dir, { recursive: true, force: true });
  });

  it('exits with a clear error when the bucket does not exist', async () => {
    const { lines } = await orderLines(2, 0);
    await writeFile(join(ws.root, 'one.jsonl'), `${lines.join('\n')}\n`);
    await expect(
      runPipeline({
        root: ws.root,
        product: 'sales/orders',
        source: 'file:one.jsonl',
        lakeUrl: `s3://${uniqueName('missing')}/x`,
        logLevel: 'silent',
      }),
    ).rejects.toThrow(/does not exist/);
  });
});
