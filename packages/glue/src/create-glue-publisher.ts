import { GlueClient } from '@aws-sdk/client-glue';
import { GlueCatalogPublisher } from './glue-catalog-publisher.js';
import { createSdkGlueApi } from './sdk-glue-api.js';

export interface GlueConnection {
  region: string;
  /** e.g. moto's `http://127.0.0.1:35000`; unset: AWS. */
  endpoint?: string;
  /** Unset: the SDK's default chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** A publisher talking to Glue at `connection`, so callers need not import the SDK. */
export const createGlueCatalogPublisher = (
  connection: GlueConnection,
): { publisher: GlueCatalogPublisher; close: () => void } => {
  const client = new GlueClient({
    region: connection.region,
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...(connection.credentials ? { credentials: connection.credentials } : {}),
  });
  return {
    publisher: new GlueCatalogPublisher(createSdkGlueApi(client)),
    close: () => client.destroy(),
  };
};
