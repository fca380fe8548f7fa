export * from './errors/index.js';
export * from './model/finding.js';
export * from './model/names.js';
export * from './model/descriptor.js';
export * from './workspace/index.js';
export * from './avro/index.js';
export * from './testing/memory-workspace-fs.js';
export * from './snapshot/index.js';
