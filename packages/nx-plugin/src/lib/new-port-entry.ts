import type { CompatibilityLevel, OutputPort, PortFormat } from '@meshkit/core';

/**
 * The outputPorts entry of a new port over the skeleton contract: version 1.0.0, a freshness SLA
 * on `updated_at` and the quality rules every port should start with (the product template
 * writes the same entry, with comments).
 */
export const newPortEntry = (
  name: string,
  compatibility: CompatibilityLevel,
  format: PortFormat,
  description?: string,
): OutputPort => ({
  name,
  ...(description ? { description } : {}),
  version: '1.0.0',
  contract: `contracts/${name}.avsc`,
  compatibility,
  format,
  sla: { freshness: { column: 'updated_at', maxAge: 'PT1H' }, availability: 99.5 },
  quality: [
    { name: 'id-present', metric: 'nullValues', column: 'id', mustBe: 0 },
    {
      name: 'one-record-per-change',
      metric: 'duplicateValues',
      columns: ['id', 'updated_at'],
      mustBe: 0,
    },
    { name: 'not-empty', metric: 'rowCount', mustBeGreaterThan: 0 },
  ],
});
