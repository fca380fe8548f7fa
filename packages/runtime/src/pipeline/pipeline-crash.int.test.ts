import { describe, expect, it } from 'vitest';
import { KAFKA_BROKERS, uniqueName } from '../../../../tools/test/services.js';
import { produceRaw, readTopic } from './testing/kafka-test-helpers.js';
import {
  pipelineArgs,
  seededRandom,
  sleep,
  startPipelineProcess,
  waitForExit,
} from './testing/pipeline-process.js';
import { createPipelineWorkspace, lakeOrderIds, orderLines } from './testing/pipeline-workspace.js';

// 100,000 records (5% invalid), killed 10 times. Small fetches (32 KiB per partition) make many
// small batches, so kills land while part files are being written and offsets committed.
const GOOD = 95_000;
const BAD = 5_000;
const KILLS = 10;
const JOINED = '"msg":"joined the consumer group"';

describe('pipeline crash safety', () => {
  it('killed with SIGKILL at random moments and restarted, it writes every valid record exactly once and dead-letters every invalid one', async () => {
    const ws = await createPipelineWorkspace();
    try {
      const topic = uniqueName('pipeline-crash');
      const { lines, goodIds, badLines } = await orderLines(GOOD, BAD);
      // Small produce requests make small record batches, so each fetch holds a few records.
      await produceRaw(KAFKA_BROKERS, topic, lines, 3, undefined, 100);
      // Info level: the log says when a run has joined the group and starts working.
      const args = pipelineArgs(KAFKA_BROKERS, topic, 32_768, 'info');
      const seed = Number(process.env.MESH_CRASH_SEED ?? Date.now() % 100_000);
      const random = seededRandom(seed);
      let kills = 0;
      const progress: number[] = [];
      for (let i = 0; i < KILLS; i++) {
        const p = startPipelineProcess(ws.root, [...args, '--until-idle', '30']);
        // The group join may first wait out the killed member's session (10 s); the kill lands
        // at a random moment of the first 4 seconds of work after it.
        for (let t = 0; t < 300 && !p.stderr().includes(JOINED) && p.child.exitCode === null; t++)
          await sleep(100);
        await sleep(Math.floor(random() * 4000));
        if (p.child.exitCode !== null)
          throw new Error(
            `run ${i} exited on its own (code ${p.child.exitCode}, seed ${seed}):\n${p.stderr()}`,
          );
        p.child.kill('SIGKILL');
        const { signal } = await p.exited;
        expect(signal).toBe('SIGKILL');
        kills++;
        progress.push((await lakeOrderIds(ws.lake)).length);
      }
      // Rows in the lake after each kill: growing between kills means kills hit a working run.
      // eslint-disable-next-line no-console -- the kill moments, to repeat a failing run
      console.log(
        `crash test seed ${seed}: rows in the lake after each kill: ${progress.join(', ')}`,
      );
      const grew = progress.filter((n, i) => n > (progress[i - 1] ?? 0)).length;
      expect(grew, `kills that hit a working run (seed ${seed})`).toBeGreaterThanOrEqual(5);
      expect(kills).toBeGreaterThanOrEqual(10);
      const last = startPipelineProcess(ws.root, [
        ...args,
        '--until-idle',
        '8',
        '--format',
        'json',
      ]);
      const { code } = await waitForExit(last, 240_000);
      expect(code, last.stderr()).toBe(0);

      const ids = await lakeOrderIds(ws.lake);
      const counts = new Map<string, number>();
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
      const duplicated = [...counts].filter(([, n]) => n > 1);
      expect(
        duplicated.length,
        `duplicates (seed ${seed}): ${duplicated.slice(0, 5).join(' ')}`,
      ).toBe(0);
      expect(ids.length, `seed ${seed}`).toBe(GOOD);
      expect(new Set(ids)).toEqual(new Set(goodIds));

      const dlq = await readTopic(KAFKA_BROKERS, `${topic}.dlq`, BAD, { timeoutMs: 60_000 });
      const byValue = new Map<string, Set<string>>();
      for (const m of dlq) {
        const key = m.value!.toString();
        const at = `${m.headers['mesh.source.partition']}/${m.headers['mesh.source.offset']}`;
        byValue.set(key, (byValue.get(key) ?? new Set()).add(at));
      }
      expect(new Set(byValue.keys())).toEqual(new Set(badLines));
      // Duplicates in the dead-letter topic are allowed, only for the same source offset.
      for (const [, at] of byValue) expect(at.size).toBe(1);
    } finally {
      await ws.cleanup();
    }
  }, 600_000);
});
