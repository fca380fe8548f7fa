import { S3Client } from '@aws-sdk/client-s3';

/** How to reach S3: region, an endpoint for S3-compatible servers such as moto, credentials. */
export interface S3Connection {
  region: string;
  /** e.g. http://127.0.0.1:35000 for moto; unset for AWS. Path-style addressing when set. */
  endpoint?: string;
  /** Unset: the SDK's default chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** The one way this package builds its SDK client. */
export const createS3Client = (connection: S3Connection): S3Client =>
  new S3Client({
    region: connection.region,
    ...(connection.endpoint ? { endpoint: connection.endpoint, forcePathStyle: true } : {}),
    ...(connection.credentials ? { credentials: connection.credentials } : {}),
    maxAttempts: 3,
  });

/** How the connection is named in messages. */
export const describeEndpoint = (connection: S3Connection): string =>
  connection.endpoint ?? `AWS ${connection.region}`;
