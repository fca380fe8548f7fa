export * from './kafka-client.js';
export * from './kafka-errors.js';
export * from './kafka-topic-admin.js';
export * from './kafka-batch-producer.js';
export * from './kafka-batch-source.js';
export * from './testing/memory-pipeline-io.js';
