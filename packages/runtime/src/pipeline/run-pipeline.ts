import { availableParallelism } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import {
  checkPartitionBy,
  InputError,
  parseProductId,
  parseStoreUrl,
  portNames,
  type DeadLetterSink,
  type LoadedPort,
  type LoadedProduct,
  type RecordSource,
  type SchemaRegistry,
  type StoreUrlUse,
} from '@meshkit/core';
import type { Logger } from 'pino';
import { loadMeshConfig, type MeshConfig } from '../config/mesh-config.js';
import { openWorkspace } from '../workspace/open-workspace.js';
import { processBatch, type Classifier } from './batch-processor.js';
import type { PartFileLake } from './part-file-lake.js';
import type { RecordDecoder } from './record-decoder.js';

export interface RunPipelineOptions {
  /** Workspace root. */
  root: string;
  /** `<domain>/<product>` */
  product: string;
  /** `kafka` (default) or `file:<path.jsonl>` (no Kafka at all). */
  source?: string;
  /** Kafka brokers; default `kafka.brokers` of mesh.config.yaml. */
  brokers?: readonly string[];
  /** With no committed offset for the group, start at the earliest record (default: latest). */
  fromBeginning?: boolean;
  /** Stop after no batch arrived for this many seconds. */
  untilIdleSeconds?: number;
  /** Stop after the batch in which this many records were read. */
  maxRecords?: number;
  /** Serve Prometheus metrics on 127.0.0.1:<port> (0: any free port). */
  metricsPort?: number;
  /** Lake URL instead of `lake.url` (file://<dir> or s3://<bucket>/<prefix>). */
  lakeUrl?: string;
  /** Source topic instead of `pipeline.source.kafka.topic`. */
  topic?: string;
  /** Dead-letter topic instead of `pipeline.deadLetter.topic` (default `<source topic>.dlq`). */
  deadLetterTopic?: string;
  /** Most bytes fetched per partition and batch (default 4 MiB): smaller means more part files. */
  maxBatchBytes?: number;
  /** Consumer group; default `mesh.pipeline.<domain>.<product>`. */
  groupId?: string;
  /** Folder of dead-letter files for a file source; default `.mesh/dead-letter`. */
  deadLetterDir?: string;
  /** Stop gracefully on SIGTERM and SIGINT (the CLI sets it). */
  handleSignals?: boolean;
  /** Log level of the structured log on stderr (default `info`; `silent` for none). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /**
   * Worker threads that decode and validate JSON batches (default: the cores beyond two, 0 to
   * 4); 0 does it in the pipeline's own thread. Avro input is always decoded in the pipeline's
   * thread, which holds the registry client.
   */
  workers?: number;
  /** A registry to use for Avro input instead of the configured one (tests pass a fake). */
  registry?: SchemaRegistry;
  /** Called once the metrics endpoint listens. */
  onMetricsUrl?: (url: string) => void;
}

export type PipelineStopReason = 'end-of-file' | 'idle' | 'max-records' | 'signal' | 'stopped';

export interface PipelineSummary {
  product: string;
  port: string;
  source: string;
  lake: string;
  deadLetter: string;
  batches: number;
  in: number;
  written: number;
  deadLettered: number;
  dropped: number;
  partFiles: number;
  /** Dead-lettered records by error code. */
  codes: Record<string, number>;
  stoppedBy: PipelineStopReason;
  metricsUrl?: string;
}

/**
 * Classifier workers by default: the cores beyond two, 0 to 4. The pipeline's own thread
 * (fetching, the JSON fast path, files and commits) and DuckDB's Parquet writing each keep about
 * a core busy; a worker only pays for moving its batches across threads where a core is left.
 */
const defaultWorkers = (): number => Math.max(0, Math.min(4, availableParallelism() - 2));

/**
 * Where batches are decoded and validated: in `workers` worker threads, or with 0 in the
 * pipeline's own thread (always so for Avro, whose decoder holds the registry client).
 */
const openClassifier = async (o: {
  port: LoadedPort;
  partitionBy: readonly string[];
  decode: RecordDecoder;
  workers: number;
  freshnessColumn?: string;
  transform?: { module: string; label: string };
}): Promise<{ classify: Classifier; close: () => Promise<void> }> => {
  if (o.workers > 0) {
    const { ClassifierPool } = await import('./classifier-pool.js');
    const pool = await ClassifierPool.create(
      {
        schema: o.port.schema,
        partitionBy: o.partitionBy,
        ...(o.freshnessColumn ? { freshnessColumn: o.freshnessColumn } : {}),
        ...(o.transform ? { transform: o.transform } : {}),
      },
      o.workers,
    );
    return { classify: pool.classify, close: () => pool.close() };
  }
  const { createClassifier } = await import('./batch-processor.js');
  const { importTransform } = await import('./transform-loader.js');
  const classify = createClassifier({
    contract: o.port.type,
    partitionBy: o.partitionBy,
    decode: o.decode,
    ...(o.transform
      ? { transform: await importTransform(o.transform.module, o.transform.label) }
      : {}),
    ...(o.freshnessColumn ? { freshnessColumn: o.freshnessColumn } : {}),
  });
  return { classify, close: () => Promise.resolve() };
};

/** The sink port of a product's pipeline: the output port named by `pipeline.sink.port`. */
const sinkPort = (product: LoadedProduct): LoadedPort => {
  const spec = product.descriptor.pipeline;
  if (!spec)
    throw new InputError(
      'INPUT_NO_PIPELINE',
      `${product.file} has no pipeline block; add one (see docs/pipelines.md)`,
    );
  const ports = product.ports
    .filter((p) => p.name === spec.sink.port)
    .sort((a, b) => b.major - a.major);
  const port = ports[0];
  if (!port)
    throw new InputError(
      'INPUT_NO_PIPELINE',
      `${product.file}: pipeline.sink.port "${spec.sink.port}" is not an output port (${product.ports.map((p) => p.name).join(', ')})`,
    );
  return port;
};

/** `lake.url` and `--lake` take the store URLs snapshots take, with their own error. */
const LAKE_URL: StoreUrlUse = {
  code: 'INPUT_LAKE_URL',
  message: (url, problem) =>
    `lake URL "${url}" ${problem}; it must be file://<dir> or s3://<bucket>[/<prefix>] (bucket names are lowercase)`,
};

/** Where a lake URL points: a folder on disk, or a bucket and prefix in S3. */
const lakeTarget = (
  config: MeshConfig,
  url: string,
): { kind: 'file'; dir: string } | { kind: 's3'; bucket: string; prefix: string } => {
  const parsed = parseStoreUrl(url, LAKE_URL);
  if (!parsed.ok) throw parsed.error;
  const target = parsed.value;
  if (target.kind === 's3') return target;
  return { kind: 'file', dir: target.absolute ? target.path : resolve(config.root, target.path) };
};

/** Loads the product and everything its pipeline needs, without any I/O to services. */
export const resolvePipeline = async (root: string, productId: string) => {
  const id = parseProductId(productId);
  if (!id.ok) throw new InputError('INPUT_USAGE', id.error);
  const config = await loadMeshConfig(root);
  const { workspace, findings } = await openWorkspace(root, { config });
  const product = workspace.products.find((p) => p.id === productId);
  if (!product) {
    const problems = findings.filter((f) => f.product === productId && f.severity === 'error');
    throw new InputError(
      'INPUT_UNKNOWN_PRODUCT',
      problems.length > 0
        ? `product ${productId} has errors; run \`mesh validate\`: ${problems[0]!.message}`
        : `product ${productId} not found under ${config.domainsDir}/ (known: ${workspace.products.map((p) => p.id).join(', ')})`,
    );
  }
  const port = sinkPort(product);
  const spec = product.descriptor.pipeline!;
  const partitionBy = port.descriptor.partitionBy ?? [];
  const fields = ((port.schema as { fields?: { name: string }[] }).fields ?? []).map((f) => f.name);
  const checked = checkPartitionBy(partitionBy, fields);
  if (!checked.ok) throw new InputError('INPUT_PARTITION_BY', `${product.file}: ${checked.error}`);
  const names = portNames(product.domain, product.name, port.name, port.major);
  return { config, product, port, spec, partitionBy, names };
};

/**
 * Runs a product's pipeline (DESIGN.md flow 3) until the source ends, goes idle, reaches
 * `maxRecords`, or a signal arrives; then the batch in hand is finished, written, committed, and
 * everything is closed. Returns the counts.
 */
export const runPipeline = async (options: RunPipelineOptions): Promise<PipelineSummary> => {
  const { config, product, port, spec, partitionBy, names } = await resolvePipeline(
    options.root,
    options.product,
  );
  const pino = (await import('pino')).default;
  const log: Logger = pino(
    { name: 'mesh-pipeline', level: options.logLevel ?? 'info', base: { product: product.id } },
    pino.destination({ fd: 2, sync: true }),
  );
  const sourceSpec = options.source ?? 'kafka';
  const fileSource = sourceSpec.startsWith('file:') ? sourceSpec.slice('file:'.length) : undefined;
  if (!fileSource && sourceSpec !== 'kafka')
    throw new InputError(
      'INPUT_USAGE',
      `--source "${sourceSpec}" must be kafka or file:<path.jsonl>`,
    );
  const topic = options.topic ?? spec.source.kafka.topic;
  const deadLetterTopic = options.deadLetterTopic ?? spec.deadLetter?.topic ?? `${topic}.dlq`;
  const brokers = options.brokers ?? config.kafka.brokers;
  const target = lakeTarget(config, options.lakeUrl ?? config.lake.url);

  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const c of closers.reverse())
      await c().catch((error: unknown) => log.warn({ err: error }, 'close failed'));
  };
  try {
    const { PipelineMetrics } = await import('./pipeline-metrics.js');
    const metrics = new PipelineMetrics(product.id);
    let metricsUrl: string | undefined;
    if (options.metricsPort !== undefined) {
      const served = await metrics.serve(options.metricsPort);
      closers.push(served.close);
      metricsUrl = served.url;
      options.onMetricsUrl?.(served.url);
      log.info({ url: served.url }, 'metrics endpoint listening');
    }

    let decode: RecordDecoder;
    // A JSONL file holds JSON records whatever the topic's format is.
    if (spec.source.kafka.format === 'avro' && !fileSource) {
      let registry = options.registry;
      if (!registry) {
        const { openSchemaRegistry } = await import('../registry/open-schema-registry.js');
        registry = await openSchemaRegistry({ root: config.root });
        const owned = registry;
        closers.push(() => owned.close());
      }
      const { createAvroDecoder } = await import('./record-decoder.js');
      decode = createAvroDecoder(port.type, registry);
    } else {
      const { createJsonDecoder } = await import('./record-decoder.js');
      decode = createJsonDecoder();
    }
    const freshness = port.descriptor.sla?.freshness?.column;
    const compiledTransform = spec.transform
      ? await (
          await import('./transform-loader.js')
        ).compileTransform(config.root, product.dir, spec.transform)
      : undefined;
    const classifier = await openClassifier({
      port,
      partitionBy,
      decode,
      workers: decode.format === 'json' ? (options.workers ?? defaultWorkers()) : 0,
      ...(freshness ? { freshnessColumn: freshness } : {}),
      ...(compiledTransform ? { transform: compiledTransform } : {}),
    });
    closers.push(classifier.close);
    const { classify } = classifier;

    let lake: PartFileLake;
    if (target.kind === 'file') {
      const { LocalPartFileLake } = await import('./part-file-lake.js');
      lake = await LocalPartFileLake.create(join(target.dir, names.lakePath), port.schema);
    } else {
      const { createS3ObjectStore } = await import('@meshkit/s3');
      const { ObjectStorePartFileLake } = await import('./object-store-part-file-lake.js');
      const store = createS3ObjectStore({
        region: config.aws.region,
        ...(config.aws.endpoint ? { endpoint: config.aws.endpoint } : {}),
        bucket: target.bucket,
        prefix: target.prefix,
      });
      closers.push(async () => store.close());
      lake = await ObjectStorePartFileLake.create(store, names.lakePath, port.schema);
    }
    closers.push(() => lake.close());

    // The idle clock starts when the source is ready: for Kafka, once the group is joined (a join
    // can wait out a crashed member's session).
    let lastActivity = Date.now();
    let ready = Boolean(fileSource);
    let source: RecordSource;
    let deadLetter: DeadLetterSink;
    let sourceTopic = topic;
    if (fileSource) {
      const { JsonlFileSource } = await import('./jsonl-file-source.js');
      const { FileDeadLetterSink } = await import('./file-dead-letter-sink.js');
      const path = resolve(config.root, fileSource);
      sourceTopic = `file.${basename(path, extname(path))}`;
      source = new JsonlFileSource(path, sourceTopic);
      deadLetter = new FileDeadLetterSink(
        join(
          options.deadLetterDir
            ? resolve(config.root, options.deadLetterDir)
            : join(config.root, '.mesh', 'dead-letter'),
          `${deadLetterTopic}.jsonl`,
        ),
      );
    } else {
      const kafkaMod = await import('@meshkit/kafka');
      const kafka = kafkaMod.createKafkaClient({
        brokers,
        clientId: config.kafka.clientId,
        log: (level, message, extra) => log[level]({ kafka: extra }, message),
      });
      // A dead-letter topic must take any record its source topic took, oversized ones included.
      await kafkaMod.ensureTopics(kafka, brokers, [
        { topic },
        { topic: deadLetterTopic, maxMessageBytes: 16 * 1024 * 1024 },
      ]);
      const producer = new kafkaMod.KafkaBatchProducer(kafka, brokers);
      await producer.connect();
      deadLetter = new kafkaMod.KafkaDeadLetterSink(producer, deadLetterTopic);
      source = new kafkaMod.KafkaBatchSource(kafka, brokers, {
        topic,
        groupId: options.groupId ?? `mesh.pipeline.${product.domain}.${product.name}`,
        fromBeginning: options.fromBeginning ?? false,
        ...(options.maxBatchBytes ? { maxBytesPerPartition: options.maxBatchBytes } : {}),
        onJoin: () => {
          ready = true;
          lastActivity = Date.now();
          log.info('joined the consumer group');
        },
      });
    }
    closers.push(() => deadLetter.close());

    const summary: PipelineSummary = {
      product: product.id,
      port: names.portId,
      source: source.location,
      lake: lake.location,
      deadLetter: deadLetter.location,
      batches: 0,
      in: 0,
      written: 0,
      deadLettered: 0,
      dropped: 0,
      partFiles: 0,
      codes: {},
      stoppedBy: fileSource ? 'end-of-file' : 'stopped',
      ...(metricsUrl ? { metricsUrl } : {}),
    };
    let stopping = false;
    const stop = (reason: PipelineStopReason) => {
      if (stopping) return;
      stopping = true;
      summary.stoppedBy = reason;
      log.info({ reason }, 'stopping: finishing the batch in hand');
      // Outside the handler: the Kafka source waits for the running batch before it returns.
      setImmediate(
        () =>
          void source.stop().catch((error: unknown) => log.error({ err: error }, 'stop failed')),
      );
    };
    const idleTimer =
      options.untilIdleSeconds !== undefined
        ? setInterval(
            () => {
              if (ready && Date.now() - lastActivity >= options.untilIdleSeconds! * 1000)
                stop('idle');
            },
            Math.min(500, options.untilIdleSeconds * 1000),
          )
        : undefined;
    const onSignal = () => stop('signal');
    if (options.handleSignals) {
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    }
    log.info(
      {
        source: source.location,
        lake: lake.location,
        deadLetter: deadLetter.location,
        port: names.portId,
      },
      'pipeline started',
    );
    try {
      await source.run(async (batch) => {
        const started = process.hrtime.bigint();
        lastActivity = Date.now();
        const r = await processBatch(batch, {
          classify,
          contractId: names.portId,
          contractVersion: port.version,
          lake,
          deadLetter,
        });
        lastActivity = Date.now();
        summary.batches++;
        summary.in += r.in;
        summary.written += r.written;
        summary.deadLettered += r.deadLettered;
        summary.dropped += r.dropped;
        summary.partFiles += r.files.length;
        for (const [code, n] of Object.entries(r.codes)) {
          summary.codes[code] = (summary.codes[code] ?? 0) + n;
          metrics.recordsDeadLettered.inc({ code }, n);
        }
        metrics.recordsIn.inc(r.in);
        metrics.recordsWritten.inc(r.written);
        metrics.recordsDropped.inc(r.dropped);
        metrics.partFiles.inc(r.files.length);
        const lastOffset = BigInt(batch.messages[batch.messages.length - 1]!.offset);
        const lag = BigInt(batch.highWatermark) - lastOffset - 1n;
        metrics.lag.set({ partition: String(batch.partition) }, Number(lag < 0n ? 0n : lag));
        if (
          r.newestMs !== undefined &&
          (metrics.newestRecordMs === undefined || r.newestMs > metrics.newestRecordMs)
        )
          metrics.newestRecordMs = r.newestMs;
        metrics.batchSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
        log.debug(
          {
            topic: batch.topic,
            partition: batch.partition,
            offsets: [batch.messages[0]!.offset, batch.messages[batch.messages.length - 1]!.offset],
            in: r.in,
            written: r.written,
            deadLettered: r.deadLettered,
            files: r.files.map((f) => f.path),
            removed: r.removed,
          },
          'batch written',
        );
        if (r.removed.length > 0)
          log.info({ removed: r.removed }, 'replaced part files of an unfinished earlier run');
        if (options.maxRecords !== undefined && summary.in >= options.maxRecords)
          stop('max-records');
      });
    } finally {
      if (idleTimer) clearInterval(idleTimer);
      if (options.handleSignals) {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      }
    }
    log.info({ ...summary, product: undefined }, 'pipeline stopped');
    return summary;
  } finally {
    await closeAll();
  }
};
