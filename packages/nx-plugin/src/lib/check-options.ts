import {
  COMPATIBILITY_LEVELS,
  InputError,
  NAME_PATTERN,
  parseProductId,
  validateName,
  type CompatibilityLevel,
  type NameKind,
  type PortFormat,
} from '@meshkit/core';

export const PORT_FORMATS: readonly PortFormat[] = ['parquet', 'jsonl', 'csv'];

/** A name option, or an error naming the option and the fix. */
export const requireName = (kind: NameKind, option: string, value: unknown): string => {
  const r = validateName(kind, typeof value === 'string' ? value.trim() : value);
  if (!r.ok) throw new InputError('INPUT_USAGE', `--${option}: ${r.error}`);
  return r.value;
};

export const requireTeam = (option: string, value: unknown): string => {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value) || value.length > 64)
    throw new InputError(
      'INPUT_USAGE',
      `--${option}: team "${String(value)}" is not valid; use a kebab-case team id such as "sales-data"`,
    );
  return value;
};

/** `sales/orders` (or the Nx project name `sales-orders` when it is unambiguous). */
export const requireProductId = (
  option: string,
  value: unknown,
): { domain: string; product: string; id: string } => {
  if (typeof value !== 'string' || value.length === 0)
    throw new InputError('INPUT_USAGE', `--${option} is required, as <domain>/<product>`);
  const r = parseProductId(value.trim());
  if (!r.ok) throw new InputError('INPUT_USAGE', `--${option}: ${r.error}`);
  return { ...r.value, id: `${r.value.domain}/${r.value.product}` };
};

export const requireCompatibility = (value: unknown): CompatibilityLevel => {
  const v = typeof value === 'string' ? value.toUpperCase() : value;
  if (!COMPATIBILITY_LEVELS.includes(v as CompatibilityLevel))
    throw new InputError(
      'INPUT_USAGE',
      `--compatibility "${String(value)}" is not a level; use one of ${COMPATIBILITY_LEVELS.join(', ')}`,
    );
  return v as CompatibilityLevel;
};

export const requireFormat = (value: unknown): PortFormat => {
  if (!PORT_FORMATS.includes(value as PortFormat))
    throw new InputError(
      'INPUT_USAGE',
      `--format "${String(value)}" is not a format; use one of ${PORT_FORMATS.join(', ')}`,
    );
  return value as PortFormat;
};

/** Free text that goes into YAML: one line or a few, printable, bounded. */
export const requireText = (option: string, value: unknown, max: number): string => {
  if (typeof value !== 'string' || value.trim().length === 0)
    throw new InputError('INPUT_USAGE', `--${option} must not be empty`);
  const text = value.replace(/\s+/g, ' ').trim();
  if (text.length > max)
    throw new InputError('INPUT_USAGE', `--${option} is longer than ${max} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text))
    throw new InputError('INPUT_USAGE', `--${option} contains control characters`);
  return text;
};

export const requireDate = (option: string, value: unknown): string => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new InputError('INPUT_USAGE', `--${option} must be a date such as 2027-03-01`);
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    throw new InputError('INPUT_USAGE', `--${option} "${value}" is not a calendar date`);
  return value;
};

/** `sales/orders/orders` or `sales/orders/orders@2` -> an input port. */
export const parsePortRef = (
  value: string,
): { product: string; port: string; major: number | undefined } => {
  const m = /^([^/@]+)\/([^/@]+)\/([^/@]+)(?:@(\d+))?$/.exec(value.trim());
  if (!m)
    throw new InputError(
      'INPUT_USAGE',
      `--consumes "${value}" must have the form <domain>/<product>/<port>, optionally @<major> (e.g. sales/orders/orders@1)`,
    );
  const domain = requireName('domain', 'consumes', m[1]);
  const product = requireName('product', 'consumes', m[2]);
  const port = requireName('port', 'consumes', m[3]);
  return {
    product: `${domain}/${product}`,
    port,
    major: m[4] === undefined ? undefined : Number(m[4]),
  };
};

export const titleOf = (name: string): string =>
  name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
