export * from './mesh-error.js';
export * from './result.js';
