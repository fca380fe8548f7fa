export * from './config/mesh-config.js';
export * from './workspace/node-workspace-fs.js';
export * from './workspace/open-workspace.js';
export * from './snapshot/index.js';
