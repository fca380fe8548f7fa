export * from './gate-types.js';
export * from './semver.js';
export * from './threshold-order.js';
export * from './checks/sla-loosened.js';
export * from './checks/quality-loosened.js';
export * from './waivers.js';
export * from './check-breaking-changes.js';
export * from './load-waivers.js';
