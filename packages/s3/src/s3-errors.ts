import { InfrastructureError, InputError, type MeshError } from '@meshkit/core';

interface AwsLikeError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const asAws = (error: unknown): AwsLikeError =>
  typeof error === 'object' && error !== null ? (error as AwsLikeError) : {};

export const s3StatusCode = (error: unknown): number | undefined =>
  asAws(error).$metadata?.httpStatusCode;

export const isS3NotFound = (error: unknown): boolean => {
  const e = asAws(error);
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || s3StatusCode(error) === 404;
};

/**
 * Turns an SDK failure into a MeshError whose message names the bucket, what was being done and
 * the fix. Configuration problems (no bucket, no credentials, no access) are input errors
 * (exit 2); everything else is infrastructure (exit 3).
 */
export const toS3Error = (
  error: unknown,
  bucket: string,
  action: string,
  endpoint: string,
): MeshError => {
  const e = asAws(error);
  const name = e.name ?? e.Code ?? '';
  const where = `s3://${bucket} (${endpoint})`;
  if (name === 'NoSuchBucket' || (name === 'NotFound' && action.startsWith('check bucket')))
    return new InputError(
      'S3_BUCKET_NOT_FOUND',
      `bucket "${bucket}" does not exist at ${endpoint}; create it (aws s3api create-bucket --bucket ${bucket}) or name an existing bucket in the URL`,
      { cause: error },
    );
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message ?? ''))
    return new InputError(
      'S3_CREDENTIALS_MISSING',
      `no AWS credentials to ${action} ${where}; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE`,
      { cause: error },
    );
  if (
    ['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'Forbidden'].includes(name) ||
    s3StatusCode(error) === 403
  )
    return new InputError(
      'S3_ACCESS_DENIED',
      `access denied to ${action} ${where} (${name || 403}); check the credentials and the bucket policy`,
      { cause: error },
    );
  const code = (e.code ?? '').toString();
  if (
    ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(code) ||
    /ECONNREFUSED|ENOTFOUND/.test(e.message ?? '')
  )
    return new InfrastructureError(
      'S3_UNREACHABLE',
      `cannot reach ${endpoint} to ${action} ${where} (${code || e.message}); check aws.endpoint / AWS_ENDPOINT_URL and that the service runs`,
      { cause: error },
    );
  return new InfrastructureError(
    'S3_REQUEST_FAILED',
    `S3 request failed to ${action} ${where}: ${name ? `${name}: ` : ''}${e.message ?? String(error)}`,
    { cause: error },
  );
};
