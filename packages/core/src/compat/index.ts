export * from './avro-model.js';
export * from './types.js';
export * from './parse-avro-schema.js';
export * from './canonical-form.js';
export * from './sha256.js';
export * from './rule-registry.js';
export * from './compatibility-checker.js';
export * from './rule-docs.js';
