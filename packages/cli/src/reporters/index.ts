export * from './findings-report.js';
export * from './json-reporter.js';
export * from './text-reporter.js';
export * from './junit-reporter.js';
export * from './sarif-reporter.js';
export * from './github-reporter.js';
export * from './markdown-reporter.js';
export * from './render.js';
