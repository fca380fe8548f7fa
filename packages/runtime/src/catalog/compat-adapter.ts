import { createCompatibilityChecker } from '@meshkit/core';
import type { CompareSchemas } from '@meshkit/catalog';

/** Calls per checker: it holds every schema it parsed, so it is renewed to bound memory. */
const CHECKS_PER_CHECKER = 200;

/**
 * The compatibility engine of @meshkit/core as the catalog's `compare`. The checker remembers
 * parsed schemas, so the schema shared by two neighbouring version pairs of a port parses once.
 * No verdict cache: neighbouring versions of different ports rarely make the same pair, and
 * fingerprinting each schema for the cache costs more than the check.
 */
export const coreSchemaComparer = (): CompareSchemas => {
  const newChecker = () => createCompatibilityChecker({ cache: false });
  let checker = newChecker();
  let calls = 0;
  return (reader, writer) => {
    if (++calls % CHECKS_PER_CHECKER === 0) checker = newChecker();
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
