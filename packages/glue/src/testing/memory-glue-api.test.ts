import { describe } from 'vitest';
import { createMemoryGlueApi } from './memory-glue-api.js';
import { glueApiContract } from './glue-publisher-contract.js';

describe('GlueCatalogPublisher on the in-memory GlueApi', () => {
  let n = 0;
  glueApiContract(async () => ({ api: createMemoryGlueApi().api, prefix: `t${++n}` }));
});
