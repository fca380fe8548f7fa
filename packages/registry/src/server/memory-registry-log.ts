import type { RegistryLog, RegistryRecord } from './registry-log.js';

/** A log that lives and dies with the process: for tests and the in-memory fake. */
export class MemoryRegistryLog implements RegistryLog {
  readonly records: RegistryRecord[];

  constructor(records: RegistryRecord[] = []) {
    this.records = [...records];
  }

  replay(): Promise<RegistryRecord[]> {
    return Promise.resolve([...this.records]);
  }

  append(record: RegistryRecord): Promise<void> {
    this.records.push(record);
    return Promise.resolve();
  }

  settled(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
