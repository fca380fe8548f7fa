import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createS3SnapshotStore } from '@meshkit/s3';
import {
  AWS_CREDENTIALS,
  AWS_REGION,
  S3_ENDPOINT,
  s3ClientConfig,
  uniqueName,
} from '../../../../tools/test/services.js';
import { describeSnapshotFlows } from './testing/snapshot-flows-suite.js';

const client = new S3Client(s3ClientConfig());

describeSnapshotFlows(`S3 store on moto at ${S3_ENDPOINT}`, async () => {
  const bucket = uniqueName('flows');
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const store = createS3SnapshotStore({
    bucket,
    prefix: 'snapshots',
    region: AWS_REGION,
    endpoint: S3_ENDPOINT,
    credentials: AWS_CREDENTIALS,
  });
  await store.ensureReady({ forWriting: true });
  return store;
});
