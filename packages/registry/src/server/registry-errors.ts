/**
 * Confluent Schema Registry error codes (io.confluent.kafka.schemaregistry.rest.exceptions). The
 * numbers are part of the wire contract: clients and scripts match on them.
 */
export const ErrorCode = {
  Unauthorized: 40101,
  SubjectNotFound: 40401,
  VersionNotFound: 40402,
  SchemaNotFound: 40403,
  SubjectSoftDeleted: 40404,
  SubjectNotSoftDeleted: 40405,
  VersionSoftDeleted: 40406,
  VersionNotSoftDeleted: 40407,
  SubjectCompatibilityNotConfigured: 40408,
  SubjectModeNotConfigured: 40409,
  Incompatible: 409,
  InvalidSchema: 42201,
  InvalidVersion: 42202,
  InvalidCompatibilityLevel: 42203,
  InvalidMode: 42204,
  OperationNotPermitted: 42205,
  IdDoesNotMatch: 42207,
  InvalidSubject: 42208,
  StoreError: 50001,
} as const;

/** An error answered as `{ error_code, message }` with the given HTTP status. */
export class RegistryHttpError extends Error {
  override readonly name = 'RegistryHttpError';
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const subjectNotFound = (subject: string): RegistryHttpError =>
  new RegistryHttpError(404, ErrorCode.SubjectNotFound, `Subject '${subject}' not found.`);

export const versionNotFound = (subject: string, version: number | string): RegistryHttpError =>
  new RegistryHttpError(
    404,
    ErrorCode.VersionNotFound,
    `Version ${version} not found in subject '${subject}'.`,
  );

export const schemaNotFound = (what: string): RegistryHttpError =>
  new RegistryHttpError(404, ErrorCode.SchemaNotFound, `Schema ${what} not found`);

export const invalidSchema = (message: string): RegistryHttpError =>
  new RegistryHttpError(422, ErrorCode.InvalidSchema, message);

export const notPermitted = (message: string): RegistryHttpError =>
  new RegistryHttpError(422, ErrorCode.OperationNotPermitted, message);

export const badRequest = (message: string): RegistryHttpError =>
  new RegistryHttpError(400, 400, message);
