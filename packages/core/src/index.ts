export * from './errors/index.js';
export * from './model/finding.js';
export * from './model/names.js';
export * from './model/descriptor.js';
