export * from './s3-errors.js';
export * from './s3-snapshot-store.js';
export * from './s3-dataset-fetcher.js';
export * from './s3-client.js';
export * from './s3-object-store.js';
