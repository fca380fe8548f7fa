import { MemorySnapshotStore } from './memory-snapshot-store.js';
import { describeSnapshotStoreContract } from './snapshot-store-contract.js';

describeSnapshotStoreContract('MemorySnapshotStore', () =>
  Promise.resolve({ store: new MemorySnapshotStore() }),
);
