/**
 * The one error base class of Meshkit. `code` is stable (UPPER_SNAKE) and safe to match on;
 * `retriable` says whether trying again can help (as kafkajs does); `cause` keeps the origin.
 */
export class MeshError extends Error {
  override readonly name: string = 'MeshError';
  readonly code: string;
  readonly retriable: boolean;

  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; retriable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** Bad input from a user: a descriptor, a contract, a flag. Maps to exit code 2. */
export class InputError extends MeshError {
  override readonly name = 'InputError';
}

/** A service or the machine failed (network, disk, broker). Maps to exit code 3. */
export class InfrastructureError extends MeshError {
  override readonly name = 'InfrastructureError';
  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; retriable?: boolean } = {},
  ) {
    super(code, message, { retriable: true, ...options });
  }
}

export const isMeshError = (value: unknown): value is MeshError => value instanceof MeshError;
