export * from './avro-to-glue.js';
export * from './glue-spec.js';
export * from './glue-api.js';
export * from './sdk-glue-api.js';
export * from './glue-catalog-publisher.js';
export * from './glue-publish-spec.js';
export * from './testing/memory-glue-api.js';
export * from './create-glue-publisher.js';
