import type { RecordProblem } from './record-problem.js';

/** Header names a dead-lettered record carries, beside the record's own headers. */
export const DEAD_LETTER_HEADERS = {
  code: 'mesh.error.code',
  message: 'mesh.error.message',
  pointer: 'mesh.error.pointer',
  violations: 'mesh.error.violations',
  topic: 'mesh.source.topic',
  partition: 'mesh.source.partition',
  offset: 'mesh.source.offset',
  contractId: 'mesh.contract.id',
  contractVersion: 'mesh.contract.version',
  time: 'mesh.time',
} as const;

export interface DeadLetterSource {
  topic: string;
  partition: number;
  /** Kafka offset, or the line number for a file source. */
  offset: string;
}

export interface DeadLetterContract {
  /** Port id, `<domain>/<product>/<port>`. */
  id: string;
  /** The contract's semantic version. */
  version: string;
}

/** Header values are cut to this many characters so a huge message cannot bloat the topic. */
const MAX_HEADER_CHARS = 4096;
const cut = (s: string): string =>
  s.length > MAX_HEADER_CHARS ? `${s.slice(0, MAX_HEADER_CHARS - 3)}...` : s;

/** The dead-letter headers of one rejected record, in a fixed order. */
export const deadLetterHeaders = (
  problem: RecordProblem,
  source: DeadLetterSource,
  contract: DeadLetterContract,
  time: Date,
): Record<string, string> => ({
  [DEAD_LETTER_HEADERS.code]: problem.code,
  [DEAD_LETTER_HEADERS.message]: cut(problem.message),
  [DEAD_LETTER_HEADERS.pointer]: problem.pointer,
  [DEAD_LETTER_HEADERS.violations]: cut(JSON.stringify(problem.violations)),
  [DEAD_LETTER_HEADERS.topic]: source.topic,
  [DEAD_LETTER_HEADERS.partition]: String(source.partition),
  [DEAD_LETTER_HEADERS.offset]: source.offset,
  [DEAD_LETTER_HEADERS.contractId]: contract.id,
  [DEAD_LETTER_HEADERS.contractVersion]: contract.version,
  [DEAD_LETTER_HEADERS.time]: time.toISOString(),
});

/** The record's own headers, without any `mesh.` ones from an earlier trip through a pipeline. */
export const passThroughHeaders = <V>(headers: Record<string, V>): Record<string, V> => {
  const out: Record<string, V> = {};
  for (const [k, v] of Object.entries(headers)) if (!k.startsWith('mesh.')) out[k] = v;
  return out;
};
