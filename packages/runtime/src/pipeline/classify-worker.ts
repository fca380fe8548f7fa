// A worker thread of a ClassifierPool: builds the pipeline's classifier once, then classifies
// each batch it is sent and moves the part files' JSON back to the pipeline's thread.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError, ownBytes, parseAvroContract } from '@meshkit/core';
import { createClassifier, type Classifier } from './batch-processor.js';
import {
  unpackRequest,
  type WorkerClassifierSettings,
  type WorkerRequest,
  type WorkerResponse,
} from './classifier-pool.js';
import { createJsonDecoder } from './record-decoder.js';
import { importTransform } from './transform-loader.js';

const port = parentPort!;

const start = async (settings: WorkerClassifierSettings): Promise<Classifier> => {
  const contract = parseAvroContract(settings.schema);
  if (!contract.ok) throw new Error(contract.error.message);
  return createClassifier({
    contract: contract.value.type,
    partitionBy: settings.partitionBy,
    decode: createJsonDecoder(),
    ...(settings.freshnessColumn ? { freshnessColumn: settings.freshnessColumn } : {}),
    ...(settings.transform
      ? { transform: await importTransform(settings.transform.module, settings.transform.label) }
      : {}),
  });
};

const respond = async (classify: Classifier, request: WorkerRequest): Promise<void> => {
  try {
    const c = await classify(unpackRequest(request));
    const files = c.files.map((f) => ({
      path: f.path,
      count: f.rows.count,
      ndjson: ownBytes(f.rows.ndjson()),
      indexes: Int32Array.from(f.indexes),
    }));
    const response: WorkerResponse = {
      id: request.id,
      ok: true,
      files,
      rejected: c.rejected,
      dropped: c.dropped,
      newestMs: c.newestMs,
    };
    port.postMessage(
      response,
      files.flatMap((f) => [f.ndjson.buffer, f.indexes.buffer]),
    );
  } catch (error) {
    const response: WorkerResponse = {
      id: request.id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    };
    port.postMessage(response);
  }
};

start(workerData as WorkerClassifierSettings).then(
  (classify) => {
    port.on('message', (request: WorkerRequest) => void respond(classify, request));
    port.postMessage({ ready: true });
  },
  (error: unknown) =>
    port.postMessage({
      error: error instanceof Error ? error.message : String(error),
      // Bad input (a transform without a function) stays bad input across the thread boundary.
      ...(error instanceof InputError ? { inputCode: error.code } : {}),
    }),
);
