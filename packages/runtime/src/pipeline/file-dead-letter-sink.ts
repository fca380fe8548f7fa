import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DeadLetterRecord, DeadLetterSink } from '@meshkit/core';

const encode = (v: Uint8Array | string | null) =>
  v === null ? null : typeof v === 'string' ? v : Buffer.from(v).toString('base64');

/**
 * The dead-letter topic of the embedded default: one JSON line per rejected record in
 * `.mesh/dead-letter/<topic>.jsonl`, with the same headers a dead-letter topic gets. Key and
 * value are base64 (they may be any bytes); `valueText` repeats the value when it is UTF-8.
 */
export class FileDeadLetterSink implements DeadLetterSink {
  readonly location: string;
  private handle: FileHandle | undefined;
  private readonly text = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly path: string) {
    this.location = path;
  }

  async send(records: readonly DeadLetterRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (!this.handle) {
      await mkdir(dirname(this.path), { recursive: true });
      this.handle = await open(this.path, 'a');
    }
    const lines = records.map((r) => {
      let valueText: string | null = null;
      try {
        valueText = r.value === null ? null : this.text.decode(r.value);
      } catch {
        valueText = null;
      }
      const headers: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(r.headers)) headers[k] = encode(v);
      return `${JSON.stringify({ key: encode(r.key), value: encode(r.value), valueText, headers })}\n`;
    });
    await this.handle.write(lines.join(''));
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}
