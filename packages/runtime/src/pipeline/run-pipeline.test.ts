import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runPipeline } from './run-pipeline.js';
import {
  createPipelineWorkspace,
  lakeOrderIds,
  orderLines,
  type PipelineWorkspace,
} from './testing/pipeline-workspace.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

let ws: PipelineWorkspace | undefined;
afterEach(async () => {
  await ws?.cleanup();
  ws = undefined;
});

interface DeadLetterLine {
  key: string | null;
  value: string | null;
  valueText: string | null;
  headers: Record<string, string>;
}
const deadLetters = async (root: string): Promise<DeadLetterLine[]> =>
  (await readFile(join(root, '.mesh', 'dead-letter', 'sales.orders.dlq.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as DeadLetterLine);

const partFiles = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.parquet')).sort();

/** A pipeline block with a transform.ts beside product.yaml. */
const WITH_TRANSFORM = `pipeline:
  source: { kafka: { topic: sales.orders.raw, format: json } }
  transform: ./transform.ts
  sink: { port: orders }
  deadLetter: { topic: sales.orders.dlq }`;

const run = (root: string, file: string, extra: Partial<Parameters<typeof runPipeline>[0]> = {}) =>
  runPipeline({
    root,
    product: 'sales/orders',
    source: `file:${file}`,
    logLevel: 'silent',
    ...extra,
  });

describe('runPipeline with a file source', () => {
  it('writes every good record once, hive-partitioned, and every bad one to the dead-letter file with its reason', async () => {
    ws = await createPipelineWorkspace();
    const { lines, goodIds, badLines } = await orderLines(40, 10);
    await writeFile(join(ws.root, 'in.jsonl'), `${lines.join('\n')}\n`);
    const summary = await run(ws.root, 'in.jsonl');
    expect(summary).toMatchObject({
      in: 50,
      written: 40,
      deadLettered: 10,
      dropped: 0,
      stoppedBy: 'end-of-file',
    });
    expect((await lakeOrderIds(ws.lake)).sort()).toEqual([...goodIds].sort());
    expect(await partFiles(ws.lake)).toEqual([
      'order_date=2026-11-20/part-file.in-p0-00000000000000000001-00000000000000000050.parquet',
    ]);
    const dlq = await deadLetters(ws.root);
    expect(dlq.map((d) => d.valueText)).toEqual(badLines);
    const first = dlq[0]!.headers;
    expect(first).toMatchObject({
      'mesh.error.code': 'CONTRACT_VIOLATION',
      'mesh.error.pointer': '/order_id',
      'mesh.source.topic': 'file.in',
      'mesh.source.partition': '0',
      'mesh.contract.id': 'sales/orders/orders',
      'mesh.contract.version': ws.contractVersion,
    });
    expect(first['mesh.error.message']).toBe('/order_id: missing required field');
    expect(Number(first['mesh.source.offset'])).toBe(lines.indexOf(badLines[0]!) + 1);
    expect(Date.parse(first['mesh.time']!)).not.toBeNaN();
  });

  it('rewrites the same part files when run again, so the lake holds each record once', async () => {
    ws = await createPipelineWorkspace();
    const { lines, goodIds } = await orderLines(30, 0);
    await writeFile(join(ws.root, 'in.jsonl'), lines.join('\n'));
    await run(ws.root, 'in.jsonl');
    const before = await partFiles(ws.lake);
    await run(ws.root, 'in.jsonl');
    expect(await partFiles(ws.lake)).toEqual(before);
    expect((await lakeOrderIds(ws.lake)).length).toBe(goodIds.length);
  });

  it('replaces part files a crashed run left past the start of the source', async () => {
    ws = await createPipelineWorkspace();
    const { lines } = await orderLines(5, 0);
    await writeFile(join(ws.root, 'in.jsonl'), lines.join('\n'));
    const stale = join(ws.lake, 'order_date=2026-11-20');
    await mkdir(stale, { recursive: true });
    await writeFile(
      join(stale, 'part-file.in-p0-00000000000000000001-00000000000000000003.parquet'),
      'half',
    );
    await writeFile(
      join(stale, '.part-file.in-p0-00000000000000000001-00000000000000000009.parquet.abc.tmp'),
      'x',
    );
    await run(ws.root, 'in.jsonl');
    expect(await readdir(stale)).toEqual([
      'part-file.in-p0-00000000000000000001-00000000000000000005.parquet',
    ]);
    expect((await lakeOrderIds(ws.lake)).length).toBe(5);
  });

  it('dead-letters poison input and keeps going', async () => {
    ws = await createPipelineWorkspace();
    const { lines, goodIds } = await orderLines(3, 0);
    const poison = [
      Buffer.from('{"__proto__": {"polluted": true}}'),
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
      Buffer.from(`{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`),
      Buffer.from(`{"a":"${'x'.repeat(2 * 1024 * 1024)}"}`),
      Buffer.from([0x00, 0x01, 0xfe, 0x41, 0x7b]),
      Buffer.from('[1, 2]'),
    ];
    const body = Buffer.concat([
      Buffer.from(`${lines[0]}\n`),
      ...poison.flatMap((p) => [p, Buffer.from('\n')]),
      Buffer.from(`${lines[1]}\n${lines[2]}\n`),
    ]);
    await writeFile(join(ws.root, 'in.jsonl'), body);
    const summary = await run(ws.root, 'in.jsonl');
    expect(summary).toMatchObject({ in: 9, written: 3, deadLettered: 6 });
    expect((await lakeOrderIds(ws.lake)).sort()).toEqual([...goodIds].sort());
    const dlq = await deadLetters(ws.root);
    expect(dlq.map((d) => [d.headers['mesh.source.offset'], d.headers['mesh.error.code']])).toEqual(
      [
        ['2', 'RECORD_FORBIDDEN_KEY'],
        ['3', 'RECORD_INVALID_UTF8'],
        ['4', 'RECORD_TOO_DEEP'],
        ['5', 'RECORD_TOO_LARGE'],
        ['6', 'RECORD_INVALID_UTF8'],
        ['7', 'RECORD_NOT_AN_OBJECT'],
      ],
    );
    // The original bytes are kept exactly, even when they are not text.
    expect(Buffer.from(dlq[1]!.value!, 'base64')).toEqual(poison[1]);
    expect(dlq[1]!.valueText).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['in worker threads', 2],
    ['in the pipeline thread', 0],
  ])('runs transform.ts %s: a throw dead-letters the record, null drops it', async (_, workers) => {
    ws = await createPipelineWorkspace({
      pipeline: WITH_TRANSFORM,
      transform: `import { isMeshError } from '@meshkit/core';
interface Raw { kind?: string; order: Record<string, unknown> }
export const transform = (raw: Raw): Record<string, unknown> | null => {
  void isMeshError;
  if (raw.kind === 'heartbeat') return null;
  if (raw.kind === 'broken') throw new Error('no order in a broken event');
  return raw.order;
};
`,
    });
    const { lines, goodIds } = await orderLines(2, 0);
    const wrapped = [
      JSON.stringify({ kind: 'order', order: JSON.parse(lines[0]!) }),
      JSON.stringify({ kind: 'heartbeat', order: {} }),
      JSON.stringify({ kind: 'broken', order: {} }),
      JSON.stringify({ kind: 'order', order: JSON.parse(lines[1]!) }),
    ];
    await writeFile(join(ws.root, 'in.jsonl'), wrapped.join('\n'));
    // The transform's import of @meshkit/core resolves from the workspace's node_modules.
    await symlink(join(REPO_ROOT, 'node_modules'), join(ws.root, 'node_modules'), 'dir');
    const summary = await run(ws.root, 'in.jsonl', { workers });
    expect(summary).toMatchObject({ in: 4, written: 2, deadLettered: 1, dropped: 1 });
    expect((await lakeOrderIds(ws.lake)).sort()).toEqual([...goodIds].sort());
    const [dl] = await deadLetters(ws.root);
    expect(dl!.headers).toMatchObject({
      'mesh.error.code': 'TRANSFORM_FAILED',
      'mesh.error.message': 'transform threw: no order in a broken event',
      'mesh.source.offset': '3',
    });
  });

  it('reads a JSONL file as JSON even when the topic carries Avro', async () => {
    ws = await createPipelineWorkspace({
      pipeline: `pipeline:
  source: { kafka: { topic: sales.orders.raw, format: avro } }
  sink: { port: orders }`,
    });
    const { lines, goodIds } = await orderLines(3, 0);
    await writeFile(join(ws.root, 'in.jsonl'), lines.join('\n'));
    expect(await run(ws.root, 'in.jsonl')).toMatchObject({ written: 3, deadLettered: 0 });
    expect((await lakeOrderIds(ws.lake)).sort()).toEqual([...goodIds].sort());
  });

  it.each([
    ['in worker threads', 1],
    ['in the pipeline thread', 0],
  ])('refuses a transform without a transform function %s, as bad input', async (_, workers) => {
    ws = await createPipelineWorkspace({
      pipeline: WITH_TRANSFORM,
      transform: 'export const transfrom = (r: unknown) => r;\n',
    });
    await writeFile(join(ws.root, 'in.jsonl'), '{}\n');
    await expect(run(ws.root, 'in.jsonl', { workers })).rejects.toMatchObject({
      code: 'INPUT_TRANSFORM',
      message: expect.stringMatching(
        /domains\/sales\/orders\/transform.ts must export a function `transform\(record\)`/,
      ) as unknown,
    });
  });

  it('refuses a transform that imports anything but @meshkit/core, naming the file', async () => {
    ws = await createPipelineWorkspace({
      pipeline: WITH_TRANSFORM,
      transform: `import { readFileSync } from 'node:fs';\nexport const transform = (r: unknown) => (readFileSync, r);\n`,
    });
    await writeFile(join(ws.root, 'in.jsonl'), '{}\n');
    await expect(run(ws.root, 'in.jsonl')).rejects.toThrow(
      /domains\/sales\/orders\/transform.ts imports "node:fs"; a transform may import @meshkit\/core only/,
    );
  });

  it('reports bad input with the place and the fix', async () => {
    ws = await createPipelineWorkspace({ pipeline: ' ' });
    await expect(
      runPipeline({ root: ws.root, product: 'sales/nope', logLevel: 'silent' }),
    ).rejects.toThrow(/product sales\/nope not found under domains\/ \(known: .*sales\/orders/);
    await expect(run(ws.root, 'in.jsonl')).rejects.toThrow(
      /domains\/sales\/orders\/product.yaml has no pipeline block/,
    );
  });

  it('refuses a missing file, a bad --source and a bad lake URL', async () => {
    ws = await createPipelineWorkspace();
    await expect(run(ws.root, 'missing.jsonl')).rejects.toThrow(
      /--source file:.*missing.jsonl: cannot read the file/,
    );
    await expect(run(ws.root, 'x', { source: 'ftp:x' })).rejects.toThrow(
      /--source "ftp:x" must be kafka or file:<path.jsonl>/,
    );
    await expect(run(ws.root, 'x', { lakeUrl: 'gs://x' })).rejects.toThrow(
      /must be file:\/\/<dir> or s3:\/\/<bucket>\[\/<prefix>\]/,
    );
    await expect(run(ws.root, 'x', { lakeUrl: 's3://Upper_Case/x' })).rejects.toThrow(
      /bucket names are lowercase/,
    );
  });
});
