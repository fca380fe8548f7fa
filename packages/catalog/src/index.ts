export * from './model/catalog-model.js';
export * from './model/build-catalog.js';
export * from './model/field-tree.js';
export * from './model/schema-changes.js';
export * from './search/search-index.js';
export * from './site/html.js';
export * from './site/render-site.js';
export * from './serve/catalog-server.js';
