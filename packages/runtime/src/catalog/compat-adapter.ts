import * as core from '@meshkit/core';
import type { CompareSchemas } from '@meshkit/catalog';

const messagesOf = (list: unknown): string[] =>
  Array.isArray(list)
    ? list
        .map((x) =>
          typeof x === 'object' &&
          x !== null &&
          typeof (x as { message?: unknown }).message === 'string'
            ? (x as { message: string }).message
            : undefined,
        )
        .filter((m): m is string => m !== undefined)
    : [];

const hasErrorFindings = (list: unknown[]): boolean =>
  list.some(
    (x) =>
      typeof x === 'object' &&
      x !== null &&
      (x as { severity?: unknown }).severity !== 'warning' &&
      (x as { severity?: unknown }).severity !== 'info',
  );

/** Reads the engine's verdict whatever its exact result shape: a boolean flag, a Result, or findings. */
export const toVerdict = (
  result: unknown,
): { compatible: boolean; messages: string[] } | undefined => {
  if (Array.isArray(result))
    return { compatible: !hasErrorFindings(result), messages: messagesOf(result) };
  if (typeof result !== 'object' || result === null) return undefined;
  const r = result as Record<string, unknown>;
  const list =
    r.findings ??
    r.incompatibilities ??
    r.problems ??
    (typeof r.error === 'object' ? r.error : undefined);
  if (typeof r.compatible === 'boolean')
    return { compatible: r.compatible, messages: messagesOf(list) };
  if (typeof r.ok === 'boolean') {
    const value = r.value;
    if (
      r.ok &&
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { compatible?: unknown }).compatible === 'boolean'
    )
      return toVerdict(value);
    return {
      compatible: r.ok && !(Array.isArray(list) && hasErrorFindings(list)),
      messages: messagesOf(list),
    };
  }
  if (Array.isArray(list))
    return { compatible: !hasErrorFindings(list), messages: messagesOf(list) };
  return undefined;
};

/**
 * The compatibility engine from @meshkit/core as the catalog's `compare`, or undefined while core
 * has none: the catalog then lists field changes without a verdict.
 */
export const coreSchemaComparer = (): CompareSchemas | undefined => {
  const check = (core as Record<string, unknown>)['checkCompatibility'];
  if (typeof check !== 'function') return undefined;
  return (reader, writer) => {
    try {
      return (
        toVerdict((check as (r: unknown, w: unknown) => unknown)(reader, writer)) ?? {
          compatible: false,
          messages: ['the compatibility engine gave no verdict'],
        }
      );
    } catch (error) {
      return {
        compatible: false,
        messages: [error instanceof Error ? error.message : String(error)],
      };
    }
  };
};
