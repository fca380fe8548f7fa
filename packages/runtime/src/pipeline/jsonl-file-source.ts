import { readFile } from 'node:fs/promises';
import { InputError, type RecordSource, type SourceBatch, type SourceMessage } from '@meshkit/core';

/**
 * A JSONL file as a pipeline source, with no Kafka at all: one record per line, offsets are line
 * numbers (from 1), all in partition 0 of a topic named after the file. Each run reads the whole
 * file; part files are named by line range, so running it again rewrites the same files.
 * Lines are kept as bytes: invalid UTF-8 is the decoder's to reject, like on a topic.
 */
export class JsonlFileSource implements RecordSource {
  readonly location: string;
  private stopped = false;

  constructor(
    private readonly path: string,
    readonly topic: string,
    private readonly batchSize = 10_000,
  ) {
    this.location = `file ${path}`;
  }

  async run(handler: (batch: SourceBatch) => Promise<void>): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      throw new InputError(
        'INPUT_SOURCE',
        `--source file:${this.path}: cannot read the file (${(error as Error).message}); give a JSONL file path`,
      );
    }
    const lines: Buffer[] = [];
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        let end = i;
        if (end > start && bytes[end - 1] === 0x0d) end--;
        if (i < bytes.length || end > start) lines.push(bytes.subarray(start, end));
        start = i + 1;
      }
    }
    const now = String(Date.now());
    let fresh = true;
    for (let first = 0; first < lines.length && !this.stopped; first += this.batchSize) {
      const messages: SourceMessage[] = [];
      for (let i = first; i < Math.min(first + this.batchSize, lines.length); i++) {
        // Blank lines are not records; their numbers stay so offsets match line numbers.
        if (lines[i]!.length === 0) continue;
        messages.push({
          key: null,
          value: lines[i]!,
          headers: {},
          offset: String(i + 1),
          timestamp: now,
        });
      }
      if (messages.length === 0) continue;
      await handler({
        topic: this.topic,
        partition: 0,
        messages,
        highWatermark: String(lines.length + 1),
        fresh,
      });
      fresh = false;
    }
  }

  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
}
