export * from './exit-codes.js';
export * from './io.js';
export * from './program.js';
