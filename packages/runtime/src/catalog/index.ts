export * from './build-catalog-site.js';
export * from './catalog-results.js';
export * from './compat-adapter.js';
export * from './git-history.js';
export * from './serve-catalog.js';
export * from './publish-catalog.js';
