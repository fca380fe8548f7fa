import { mkdtempSync, readdirSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../program.js';
import { captureIo as capture } from '../testing/capture-io.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
let ws: string;

beforeEach(() => {
  ws = mkdtempSync(join(tmpdir(), 'mesh-pipeline-cli-'));
  cpSync(join(repo, 'domains', 'sales'), join(ws, 'domains', 'sales'), { recursive: true });
  cpSync(join(repo, 'contracts'), join(ws, 'contracts'), { recursive: true });
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

describe('mesh pipeline', () => {
  it('runs a product from a JSONL file with no Kafka and prints the counts', async () => {
    const io = capture(ws);
    const code = await run(
      [
        'pipeline',
        'run',
        'sales/orders',
        '--source',
        'file:domains/sales/orders/fixtures/orders.bad.jsonl',
        '--log-level',
        'silent',
        '--format',
        'json',
      ],
      io,
    );
    expect(code).toBe(0);
    const summary = JSON.parse(io.stdout()) as Record<string, unknown>;
    expect(summary).toMatchObject({
      product: 'sales/orders',
      written: 0,
      stoppedBy: 'end-of-file',
      codes: { CONTRACT_VIOLATION: summary.in },
    });
    expect(readdirSync(join(ws, '.mesh', 'dead-letter'))).toEqual(['sales.orders.dlq.jsonl']);
  });

  it('refuses bad flags with exit code 2 and says what is expected', async () => {
    for (const [args, message] of [
      [['--brokers', 'not a broker'], /must be host:port/],
      [['--max-records', '0'], /must be a whole number >= 1/],
      [['--until-idle', 'soon'], /must be a number of seconds > 0/],
      [['--log-level', 'loud'], /must be one of debug, info, warn, error, silent/],
    ] as const) {
      const io = capture(ws);
      const code = await run(['pipeline', 'run', 'sales/orders', ...args], io);
      expect(code, args.join(' ')).toBe(2);
      expect(io.stderr()).toMatch(message);
    }
  });

  it('refuses an unknown product with exit code 2, naming the known ones', async () => {
    const io = capture(ws);
    const code = await run(['pipeline', 'run', 'sales/nope', '--source', 'file:x.jsonl'], io);
    expect(code).toBe(2);
    expect(io.stderr()).toMatch(
      /product sales\/nope not found under domains\/ \(known: .*sales\/orders/,
    );
  });
});
