import type { Result } from '../errors/result.js';
import { err, ok } from '../errors/result.js';

/**
 * Domain, product and port names: kebab-case, starting with a letter. The pattern alone already
 * rules out `..`, slashes, backslashes, absolute paths and uppercase; the checks below exist only
 * to give each of those a message that says what is wrong.
 */
export const NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const NAME_MAX_LENGTH = 64;

export type NameKind = 'domain' | 'product' | 'port';

export const validateName = (kind: NameKind, name: unknown): Result<string, string> => {
  if (typeof name !== 'string' || name.length === 0)
    return err(`${kind} name must be a non-empty string`);
  const fix = `use kebab-case such as "order-events": lowercase letters, digits and single dashes, starting with a letter`;
  if (name.includes('..')) return err(`${kind} name "${name}" must not contain ".."; ${fix}`);
  if (name.includes('/') || name.includes('\\'))
    return err(`${kind} name "${name}" must not contain a slash; ${fix}`);
  if (name.length > NAME_MAX_LENGTH)
    return err(
      `${kind} name "${name.slice(0, 20)}..." is longer than ${NAME_MAX_LENGTH} characters`,
    );
  if (/[A-Z]/.test(name)) return err(`${kind} name "${name}" must be lowercase; ${fix}`);
  if (!NAME_PATTERN.test(name)) return err(`${kind} name "${name}" is not valid; ${fix}`);
  return ok(name);
};

/** `sales/orders` -> `{ domain: 'sales', product: 'orders' }`, refusing anything but two valid names. */
export const parseProductId = (id: string): Result<{ domain: string; product: string }, string> => {
  const parts = id.split('/');
  if (parts.length !== 2) return err(`product id "${id}" must have the form <domain>/<product>`);
  const [domain, product] = parts as [string, string];
  const d = validateName('domain', domain);
  if (!d.ok) return d;
  const p = validateName('product', product);
  if (!p.ok) return p;
  return ok({ domain, product });
};

const snake = (s: string): string => s.replace(/-/g, '_');

/** The major of a semantic version, `2` for `2.1.0` (NaN when there is none). */
export const majorOf = (version: string): number => Number(version.split('.')[0]);

/** The names a port version has in each system (DESIGN.md, Names). */
export const portNames = (domain: string, product: string, port: string, major: number) => {
  const topic = `${domain}.${product}.${port}.v${major}`;
  return {
    productId: `${domain}/${product}`,
    portId: `${domain}/${product}/${port}`,
    topic,
    subject: `${topic}-value`,
    glueDatabase: snake(domain),
    glueTable: `${snake(product)}_${snake(port)}_v${major}`,
    lakePath: `${domain}/${product}/${port}/v${major}`,
  };
};
