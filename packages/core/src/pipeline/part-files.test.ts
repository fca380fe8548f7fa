import { describe, expect, it } from 'vitest';
import {
  checkPartitionBy,
  hivePartitionPath,
  isUncommittedPartFile,
  parsePartFileName,
  partFileName,
  planPartFiles,
} from './part-files.js';
import { deadLetterHeaders, passThroughHeaders } from './dead-letter.js';
import { recordProblem } from './record-problem.js';

const id = { topic: 'sales.orders.raw', partition: 3, firstOffset: 100n, lastOffset: 199n };

describe('part files', () => {
  it('names a part file from topic, partition and offset range, and reads the name back', () => {
    const name = partFileName(id);
    expect(name).toBe('part-sales.orders.raw-p3-00000000000000000100-00000000000000000199.parquet');
    expect(parsePartFileName(name)).toEqual(id);
    expect(parsePartFileName('other.parquet')).toBeUndefined();
  });

  it('marks files at or after the committed offset of the same topic partition as uncommitted', () => {
    const name = partFileName(id);
    expect(isUncommittedPartFile(name, 'sales.orders.raw', 3, 100n)).toBe(true);
    expect(isUncommittedPartFile(name, 'sales.orders.raw', 3, 101n)).toBe(false);
    expect(isUncommittedPartFile(name, 'sales.orders.raw', 4, 0n)).toBe(false);
    expect(isUncommittedPartFile(name, 'sales.orders', 3, 0n)).toBe(false);
  });

  it('builds hive paths, escaping values and naming nulls as Hive does', () => {
    expect(hivePartitionPath({ d: '2026-11-20', c: 'DE' }, ['d', 'c'])).toBe('d=2026-11-20/c=DE');
    expect(hivePartitionPath({ d: '../x/y=z' }, ['d'])).toBe('d=..%2Fx%2Fy%3Dz');
    expect(hivePartitionPath({ d: null }, ['d'])).toBe('d=__HIVE_DEFAULT_PARTITION__');
    expect(hivePartitionPath({ d: 1 }, [])).toBe('');
  });

  it('plans one file per partition, all with the batch offset range', () => {
    const plan = planPartFiles(
      [
        { d: 'b', k: 1 },
        { d: 'a', k: 2 },
        { d: 'b', k: 3 },
      ],
      ['d'],
      id,
    );
    expect(plan.map((p) => [p.path, p.rows.map((r) => r.k)])).toEqual([
      [`d=a/${partFileName(id)}`, [2]],
      [`d=b/${partFileName(id)}`, [1, 3]],
    ]);
    expect(planPartFiles([{ k: 1 }], [], id)[0]!.path).toBe(partFileName(id));
  });

  it('refuses partition columns the contract does not have', () => {
    const r = checkPartitionBy(['order_date', 'nope'], ['order_date', 'id']);
    expect(!r.ok && r.error).toContain('"nope"');
  });
});

describe('dead-letter headers', () => {
  it('carry code, message, pointer, source position, contract and time', () => {
    const h = deadLetterHeaders(
      recordProblem('CONTRACT_VIOLATION', '/a: missing required field', '/a'),
      { topic: 't', partition: 2, offset: '42' },
      { id: 'sales/orders/orders', version: '1.3.0' },
      new Date('2026-11-26T00:00:00Z'),
    );
    expect(h).toEqual({
      'mesh.error.code': 'CONTRACT_VIOLATION',
      'mesh.error.message': '/a: missing required field',
      'mesh.error.pointer': '/a',
      'mesh.error.violations': '[{"pointer":"/a","message":"/a: missing required field"}]',
      'mesh.source.topic': 't',
      'mesh.source.partition': '2',
      'mesh.source.offset': '42',
      'mesh.contract.id': 'sales/orders/orders',
      'mesh.contract.version': '1.3.0',
      'mesh.time': '2026-11-26T00:00:00.000Z',
    });
  });

  it('drop mesh headers from an earlier trip and keep the rest', () => {
    expect(passThroughHeaders({ 'mesh.error.code': 'x', trace: 'y' })).toEqual({ trace: 'y' });
  });
});
