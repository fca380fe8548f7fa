import { stringify } from 'yaml';

/** A string as a YAML scalar: plain when that is safe, quoted otherwise, never folded. */
export const yamlScalar = (value: string): string =>
  stringify(value, { lineWidth: 0, singleQuote: true }).trimEnd();

/** A string list as a YAML flow sequence, e.g. `[tier:1, pii:none]`. */
export const yamlFlowList = (values: readonly string[]): string =>
  `[${values.map((v) => yamlScalar(v)).join(', ')}]`;
