export * from './findings-report.js';
export * from './json-reporter.js';
export * from './text-reporter.js';
