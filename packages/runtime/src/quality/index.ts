export * from './quality-results.js';
export * from './run-quality.js';
