export * from './plugin/create-nodes.js';
export * from './plugin/product-projects.js';
