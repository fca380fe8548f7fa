export * from './collect-snapshot-files.js';
export * from './file-snapshot-store.js';
export * from './open-snapshot-store.js';
export * from './snapshots.js';
export * from './registry-backup.js';
