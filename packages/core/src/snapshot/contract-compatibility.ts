import { checkCompatibility } from '../compat/compatibility-checker.js';

export interface ContractIncompatibility {
  /** backward: the new schema cannot read data written with the old; forward: the reverse. */
  direction: 'backward' | 'forward';
  ruleId: string;
  /** JSON Pointer into the reading schema. */
  location: string;
  message: string;
}

export type ContractCompatibility =
  | { backward: boolean; forward: boolean; incompatibilities: ContractIncompatibility[] }
  | { error: string };

/**
 * How a changed `.avsc` file relates to its previous bytes, with the compatibility engine:
 * whether the new schema reads old data (backward) and the old schema reads new data (forward).
 * A file that is not JSON or not a standalone Avro schema (one naming shared types from
 * `contracts/avro/`, say) gets an `error` instead; `mesh breaking` checks those in context.
 */
export const compareContractVersions = (before: string, after: string): ContractCompatibility => {
  const parse = (text: string, side: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new Error(`the ${side} version is not valid JSON (${(error as Error).message})`, {
        cause: error,
      });
    }
  };
  try {
    const oldSchema = parse(before, 'earlier');
    const newSchema = parse(after, 'later');
    const backward = checkCompatibility(newSchema, oldSchema);
    const forward = checkCompatibility(oldSchema, newSchema);
    const list = (
      direction: 'backward' | 'forward',
      r: typeof backward,
    ): ContractIncompatibility[] =>
      r.incompatibilities.map((i) => ({
        direction,
        ruleId: i.ruleId,
        location: i.location,
        message: i.message,
      }));
    return {
      backward: backward.compatible,
      forward: forward.compatible,
      incompatibilities: [...list('backward', backward), ...list('forward', forward)],
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
};
