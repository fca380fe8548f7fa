import { createCompatibilityChecker } from '@meshkit/core';
import type { CompareSchemas } from '@meshkit/catalog';

/**
 * The compatibility engine of @meshkit/core as the catalog's `compare`. One checker per build:
 * its verdict cache makes repeated pairs (unchanged versions, many ports) cost once.
 */
export const coreSchemaComparer = (): CompareSchemas => {
  const checker = createCompatibilityChecker();
  return (reader, writer) => {
    try {
      const r = checker.checkCompatibility(reader, writer);
      return {
        compatible: r.compatible,
        messages: r.incompatibilities.map(
          (i) => `${i.ruleId} at ${i.location || '/'}: ${i.message}`,
        ),
      };
    } catch (error) {
      // A version that does not parse cannot be read by anyone: say so rather than fail the build.
      return {
        compatible: false,
        messages: [error instanceof Error ? error.message : String(error)],
      };
    }
  };
};
