export * from './publish-to-registry.js';
export * from './serve-registry.js';
export * from './open-schema-registry.js';
