export * from './avro-contract.js';
export * from './logical-types.js';
export * from './inline-named-types.js';
