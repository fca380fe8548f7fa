export * from './manifest.js';
export * from './manifest-diff.js';
export * from './prune-plan.js';
export * from './snapshot-keys.js';
export * from './snapshot-store.js';
export * from './store-url.js';
export * from './testing/memory-snapshot-store.js';
export * from './contract-compatibility.js';
