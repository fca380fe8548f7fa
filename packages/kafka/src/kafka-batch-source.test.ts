import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { sourceMessage } from './kafka-batch-source.js';

const message = (headers: KafkaMessage['headers']): KafkaMessage =>
  ({
    key: Buffer.from('k'),
    value: Buffer.from('{}'),
    timestamp: '1795000000000',
    attributes: 0,
    offset: '42',
    size: 0,
    ...(headers ? { headers } : {}),
  }) as KafkaMessage;

describe('sourceMessage', () => {
  it('passes a message with single-valued headers through as it is', () => {
    const m = message({ trace: Buffer.from('t1'), kind: 'x' });
    expect(sourceMessage(m)).toBe(m);
  });

  it('keeps the first value of a repeated header and leaves out empty ones', () => {
    const m = message({
      trace: [Buffer.from('t1'), Buffer.from('t2')],
      gone: undefined,
      kind: 'x',
    });
    const s = sourceMessage(m);
    expect(s).not.toBe(m);
    expect(s).toEqual({
      key: m.key,
      value: m.value,
      headers: { trace: Buffer.from('t1'), kind: 'x' },
      offset: '42',
      timestamp: '1795000000000',
    });
  });

  it('gives a message without headers an empty set', () => {
    expect(sourceMessage(message(undefined)).headers).toEqual({});
  });
});
