export * from './run-pipeline.js';
export * from './load-pipeline-topic.js';
export type * from './batch-processor.js';
export type * from './part-file-lake.js';
