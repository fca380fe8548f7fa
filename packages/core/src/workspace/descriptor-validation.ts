import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { META_SCHEMAS } from './meta-schemas.generated.js';
import { pointerSegments } from './source-document.js';

/** One schema violation, with a JSON Pointer to the offending value and a readable message. */
export interface DescriptorProblem {
  pointer: string;
  message: string;
  /** True when the position should be the key itself (unknown keys). */
  atKey: boolean;
}

export type DescriptorKind = 'product' | 'domain' | 'meshConfig' | 'waivers';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

let ajv: Ajv2020 | undefined;
const validators = new Map<DescriptorKind, ValidateFunction>();

/** Compiles a meta-contract on first use: a command pays only for the kinds it reads. */
const validatorFor = (kind: DescriptorKind): ValidateFunction => {
  let validate = validators.get(kind);
  if (validate) return validate;
  const schema = (META_SCHEMAS as Record<string, unknown>)[kind];
  if (schema === undefined) throw new Error(`no meta-contract for ${kind}`);
  ajv ??= addFormats(
    new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }),
  );
  validate = ajv.compile(schema as object);
  validators.set(kind, validate);
  return validate;
};

/** `/outputPorts/0/compatibility` -> `outputPorts[0].compatibility`, as people write it. */
export const displayPath = (pointer: string): string =>
  pointerSegments(pointer)
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('') || '(top level)';

const describe = (e: ErrorObject): DescriptorProblem | undefined => {
  const where = displayPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const pointer = `${e.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const schema = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
      const allowed = Object.keys(schema?.properties ?? {});
      return {
        pointer,
        atKey: true,
        message: `unknown key "${key}" in ${where}; remove it or fix its spelling${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`,
      };
    }
    case 'required':
      return {
        pointer: e.instancePath,
        atKey: false,
        message: `${where} is missing the required key "${String(p.missingProperty)}"`,
      };
    case 'enum':
      return {
        pointer: e.instancePath,
        atKey: false,
        message: `${where} must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`,
      };
    case 'const':
      return {
        pointer: e.instancePath,
        atKey: false,
        message: `${where} must be ${JSON.stringify(p.allowedValue)}`,
      };
    case 'type':
      return {
        pointer: e.instancePath,
        atKey: false,
        message: `${where} must be of type ${String(p.type)}`,
      };
    case 'pattern': {
      const title = (e.parentSchema as { description?: string } | undefined)?.description;
      return {
        pointer: e.instancePath,
        atKey: false,
        message: `${where} ${JSON.stringify(e.data)} does not match ${String(p.pattern)}${title ? ` (${title})` : ''}`,
      };
    }
    case 'false schema': {
      const key = pointerSegments(e.instancePath).pop() ?? '';
      const parent = displayPath(e.instancePath.slice(0, e.instancePath.lastIndexOf('/')));
      return {
        pointer: e.instancePath,
        atKey: true,
        message: `key "${key}" is not allowed in ${parent} here; remove it`,
      };
    }
    case 'oneOf':
      // Several branches passed: e.g. a quality rule with two thresholds.
      return Array.isArray(p.passingSchemas)
        ? {
            pointer: e.instancePath,
            atKey: false,
            message: `${where} matches more than one allowed form (for example two thresholds); keep exactly one`,
          }
        : undefined;
    case 'if':
    case 'anyOf':
    case 'not':
      return undefined;
    default:
      return {
        pointer: e.instancePath,
        atKey: false,
        message: `${where} ${e.message ?? 'is invalid'}`,
      };
  }
};

/** Validates a parsed descriptor against its meta-contract; problems are sorted by position. */
export const validateDescriptor = (kind: DescriptorKind, value: unknown): DescriptorProblem[] => {
  const validate = validatorFor(kind);
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  const problems: DescriptorProblem[] = [];
  const seen = new Set<string>();
  // "required" errors from the branches of one oneOf/anyOf are alternatives: say them once.
  const alternatives = new Map<string, string[]>();
  for (const e of errors) {
    const branch = /^(.*)\/(oneOf|anyOf)\/\d+\/required$/.exec(e.schemaPath);
    if (e.keyword !== 'required' || !branch) continue;
    const key = `${e.instancePath}|${branch[1]}`;
    alternatives.set(key, [
      ...(alternatives.get(key) ?? []),
      String((e.params as { missingProperty?: unknown }).missingProperty),
    ]);
  }
  for (const [key, keys] of alternatives) {
    const pointer = key.slice(0, key.indexOf('|'));
    problems.push({
      pointer,
      atKey: false,
      message: `${displayPath(pointer)} needs one of: ${[...new Set(keys)].join(', ')}`,
    });
  }
  for (const e of errors) {
    if (e.keyword === 'required' && /\/(oneOf|anyOf)\/\d+\/required$/.test(e.schemaPath)) continue;
    const problem = describe(e);
    if (!problem || seen.has(problem.message)) continue;
    seen.add(problem.message);
    problems.push(problem);
  }
  // Combinators (oneOf/if) only repeat what their branches said; keep them only if alone.
  if (problems.length === 0 && errors[0]) {
    const e = errors[0];
    problems.push({
      pointer: e.instancePath,
      atKey: false,
      message: `${displayPath(e.instancePath)} ${e.message ?? 'is invalid'}`,
    });
  }
  return problems;
};
