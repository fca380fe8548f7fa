import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { KAFKA_BROKERS, uniqueName } from '../../../../tools/test/services.js';
import { produceRaw } from './testing/kafka-test-helpers.js';
import {
  pipelineArgs,
  sleep,
  startPipelineProcess,
  waitForExit,
} from './testing/pipeline-process.js';
import { createPipelineWorkspace, lakeOrderIds, orderLines } from './testing/pipeline-workspace.js';

const partFiles = async (dir: string): Promise<number> => {
  try {
    return (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.parquet')).length;
  } catch {
    return 0;
  }
};

describe('pipeline consumer-group rebalance', () => {
  it('loses and duplicates nothing when a second pipeline process joins and leaves', async () => {
    const ws = await createPipelineWorkspace();
    try {
      const topic = uniqueName('pipeline-rebalance');
      const { lines, goodIds } = await orderLines(8000, 0);
      // Small produce requests make small record batches: many fetches, a long stream.
      await produceRaw(KAFKA_BROKERS, topic, lines, 6, undefined, 30);
      // Small fetches: many batches, so both processes are mid-stream during the rebalances.
      const args = [...pipelineArgs(KAFKA_BROKERS, topic, 8192, 'info'), '--format', 'json'];
      const first = startPipelineProcess(ws.root, [...args, '--until-idle', '10']);
      for (let i = 0; i < 300 && (await partFiles(ws.lake)) < 5; i++) await sleep(100);
      expect(await partFiles(ws.lake), first.stderr()).toBeGreaterThanOrEqual(5);
      const second = startPipelineProcess(ws.root, [...args, '--until-idle', '60']);
      // Let the second one join (a rebalance) and work, then stop it (another rebalance).
      const before = await partFiles(ws.lake);
      for (let i = 0; i < 200; i++) {
        await sleep(100);
        if (second.stderr().includes('"msg":"joined the consumer group"') || i > 150) break;
      }
      await sleep(3000);
      second.child.kill('SIGTERM');
      const secondExit = await waitForExit(second, 60_000);
      expect(secondExit.code, second.stderr()).toBe(0);
      const secondSummary = JSON.parse(second.stdout()) as { in: number; stoppedBy: string };
      expect(secondSummary.stoppedBy).toBe('signal');
      const firstExit = await waitForExit(first, 180_000);
      expect(firstExit.code, first.stderr()).toBe(0);
      const firstSummary = JSON.parse(first.stdout()) as { in: number };
      // Both processes did part of the work, and all of it together exactly once.
      expect(secondSummary.in, `files before the join: ${before}`).toBeGreaterThan(0);
      expect(firstSummary.in).toBeGreaterThan(0);
      const ids = await lakeOrderIds(ws.lake);
      expect(ids.length).toBe(goodIds.length);
      expect(new Set(ids)).toEqual(new Set(goodIds));
    } finally {
      await ws.cleanup();
    }
  }, 300_000);
});
