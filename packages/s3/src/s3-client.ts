import { ListObjectsV2Command, S3Client, type _Object } from '@aws-sdk/client-s3';

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

/**
 * The objects under `prefix`, one ListObjectsV2 page (up to 1,000) at a time, following the
 * continuation tokens. Callers bound the pages and word the errors for what they list.
 */
export async function* listObjectPages(
  client: S3Client,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): AsyncGenerator<_Object[]> {
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token ? { ContinuationToken: token } : {}),
      }),
      signal ? { abortSignal: signal } : {},
    );
    yield page.Contents ?? [];
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
