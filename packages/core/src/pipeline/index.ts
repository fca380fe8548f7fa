export * from './record-problem.js';
export * from './parse-json-record.js';
export * from './json-record-scan.js';
export * from './validate-record.js';
export * from './avro-wire.js';
export * from './dead-letter.js';
export * from './part-files.js';
export * from './pipeline-ports.js';
