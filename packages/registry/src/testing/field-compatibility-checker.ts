import type { CompatibilityLevel } from '@meshkit/core';
import type {
  CompatibilityChecker,
  LevelVerdict,
  SchemaIncompatibility,
} from '../server/schema-engine.js';

type Json = Record<string, unknown>;

const fieldsOf = (schema: unknown): Json[] =>
  schema !== null && typeof schema === 'object' && Array.isArray((schema as Json).fields)
    ? ((schema as Json).fields as Json[])
    : [];

/** Can `reader` read what `writer` wrote? Only top-level record fields are compared. */
const readable = (reader: unknown, writer: unknown): SchemaIncompatibility[] => {
  const found: SchemaIncompatibility[] = [];
  const writerFields = new Map(fieldsOf(writer).map((f) => [f.name, f]));
  fieldsOf(reader).forEach((field, i) => {
    const old = writerFields.get(field.name);
    if (!old && !('default' in field))
      found.push({
        type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        location: `/fields/${i}`,
        message: `field "${String(field.name)}" has no default and is missing in the writer's schema`,
        ruleId: 'field-added-without-default',
      });
    else if (old && JSON.stringify(old.type) !== JSON.stringify(field.type))
      found.push({
        type: 'TYPE_MISMATCH',
        location: `/fields/${i}/type`,
        message: `field "${String(field.name)}" changed type`,
        ruleId: 'type-changed',
      });
  });
  return found;
};

/**
 * A deliberately small stand-in for core's compatibility engine (record fields only), so the
 * server's HTTP behaviour can be tested on its own. The server runs core's engine.
 */
export const fieldCompatibilityChecker: CompatibilityChecker = {
  checkLevel(
    level: CompatibilityLevel,
    existing: readonly unknown[],
    candidate: unknown,
  ): LevelVerdict {
    if (level === 'NONE') return { compatible: true, incompatibilities: [] };
    const transitive = level.endsWith('_TRANSITIVE');
    const first = transitive ? 0 : existing.length - 1;
    const incompatibilities: SchemaIncompatibility[] = [];
    for (let i = Math.max(first, 0); i < existing.length; i++) {
      const old = existing[i];
      if (level.startsWith('BACKWARD') || level.startsWith('FULL'))
        incompatibilities.push(...readable(candidate, old).map((r) => ({ ...r, against: i })));
      if (level.startsWith('FORWARD') || level.startsWith('FULL'))
        incompatibilities.push(...readable(old, candidate).map((r) => ({ ...r, against: i })));
    }
    return { compatible: incompatibilities.length === 0, incompatibilities };
  },
};
