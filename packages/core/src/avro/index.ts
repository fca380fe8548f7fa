export * from './avro-contract.js';
export * from './logical-types.js';
