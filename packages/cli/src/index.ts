export * from './exit-codes.js';
export * from './io.js';
export * from './program.js';
export * from './options.js';
export * from './reporters/index.js';
