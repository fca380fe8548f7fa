import { GlueClient } from '@aws-sdk/client-glue';
import { describe } from 'vitest';
import { glueClientConfig, uniqueName } from '../../../tools/test/services.js';
import { createSdkGlueApi } from './sdk-glue-api.js';
import { glueApiContract } from './testing/glue-publisher-contract.js';

describe('GlueCatalogPublisher on moto Glue (tools/services/moto.sh)', () => {
  const client = new GlueClient(glueClientConfig());
  glueApiContract(async () => ({ api: createSdkGlueApi(client), prefix: uniqueName('mk', '_') }));
});
