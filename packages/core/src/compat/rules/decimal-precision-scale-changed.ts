import type { AvroNode } from '../avro-model.js';
import type { CompatRule } from '../types.js';

/**
 * Apache Avro Java ignores logical types when it decides compatibility, so a decimal whose scale
 * changes (every value now means something else) or whose precision shrinks passes there. This
 * opt-in rule reports both; the message follows the wording of Avro's own proposal for it.
 */
const checkPair = (reader: AvroNode, writer: AvroNode): string | undefined => {
  if (reader.logicalType !== 'decimal' || writer.logicalType !== 'decimal') return undefined;
  const rp = reader.precision;
  const wp = writer.precision;
  const rs = reader.scale ?? 0;
  const ws = writer.scale ?? 0;
  if (rp === undefined || wp === undefined) return undefined;
  if (rs === ws && rp >= wp) return undefined;
  return `Decimal (precision,scale) doesn't match for reader (${rp},${rs}) and writer (${wp},${ws}) schemas`;
};

export const decimalPrecisionScaleChanged: CompatRule = {
  id: 'decimal-precision-scale-changed',
  type: 'TYPE_MISMATCH',
  title: 'A decimal changed its scale or lost precision (opt-in)',
  purpose:
    'Decimals are stored as unscaled integers: a new scale silently changes every value, and a ' +
    'smaller precision cannot hold written values. Java (and so Confluent) does not check this; ' +
    'enable the rule with `optIn: ["decimal-precision-scale-changed"]` for the stricter check.',
  fix: 'Keep scale and precision; a reader may only raise the precision.',
  optIn: true,
  example: {
    reader: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 3 },
    writer: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 },
  },
  checkPair,
};
