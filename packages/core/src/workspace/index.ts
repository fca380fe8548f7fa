export * from './workspace-fs.js';
export * from './paths.js';
export * from './source-document.js';
export * from './descriptor-validation.js';
export * from './load-workspace.js';
export * from './graph.js';
