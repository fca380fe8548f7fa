import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadPipelineTopic, runPipeline, type PipelineSummary } from '@meshkit/runtime';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { formatOption } from '../options.js';

const FORMATS = ['text', 'json'] as const;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

const count =
  (min: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min)
      throw new InvalidArgumentError(`must be a whole number >= ${min}`);
    return n;
  };
const seconds = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('must be a number of seconds > 0');
  return n;
};
const brokerList = (value: string): string[] => {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.find((b) => !/^[^\s:/]+:\d{1,5}$/.test(b));
  if (list.length === 0 || bad !== undefined)
    throw new InvalidArgumentError(
      `must be host:port[,host:port...], e.g. 127.0.0.1:9092; "${bad ?? ''}" is not`,
    );
  return list;
};

interface RunOptions {
  brokers?: string[];
  source?: string;
  fromBeginning?: boolean;
  untilIdle?: number;
  maxRecords?: number;
  metricsPort?: number;
  lake?: string;
  topic?: string;
  deadLetterTopic?: string;
  group?: string;
  maxBatchBytes?: number;
  workers?: number;
  logLevel: (typeof LOG_LEVELS)[number];
  format: (typeof FORMATS)[number];
}

const renderSummary = (s: PipelineSummary): string => {
  const codes = Object.entries(s.codes)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  return [
    `${s.product} -> ${s.port}: ${s.in} in, ${s.written} written in ${s.partFiles} part file(s), ${s.deadLettered} dead-lettered${codes ? ` (${codes})` : ''}, ${s.dropped} dropped; stopped: ${s.stoppedBy}`,
    `  source       ${s.source}`,
    `  lake         ${s.lake}`,
    `  dead letters ${s.deadLetter}`,
    '',
  ].join('\n');
};

/** `mesh pipeline run|load`: a product's pipeline, and fixture data into its raw topic. */
export const registerPipeline = (program: Command, io: CliIo): void => {
  const pipeline = program
    .command('pipeline')
    .description(
      'run a product pipeline: raw topic in, contract-checked Parquet out, rejects to a dead-letter topic',
    );

  pipeline
    .command('run')
    .argument('<product>', 'product id, <domain>/<product>')
    .description(
      'consume the raw topic (or a JSONL file) into the lake until stopped, idle or --max-records',
    )
    .option('--source <source>', 'kafka (default) or file:<path.jsonl> (no Kafka at all)')
    .option(
      '--brokers <list>',
      'Kafka brokers host:port,... (default kafka.brokers of mesh.config.yaml)',
      brokerList,
    )
    .option(
      '--from-beginning',
      'with no committed offset for the group, start at the earliest record',
    )
    .option('--until-idle <seconds>', 'stop once no record arrived for this long', seconds)
    .option('--max-records <n>', 'stop after the batch in which n records were read', count(1))
    .option(
      '--metrics-port <port>',
      'serve Prometheus metrics on 127.0.0.1:<port> (0: any free port)',
      count(0),
    )
    .option('--lake <url>', 'lake URL instead of lake.url (file://<dir>)')
    .option('--topic <topic>', 'source topic instead of pipeline.source.kafka.topic')
    .option('--dead-letter-topic <topic>', 'dead-letter topic instead of pipeline.deadLetter.topic')
    .option(
      '--max-batch-bytes <n>',
      'most bytes fetched per partition and batch (default 4194304)',
      count(1024),
    )
    .option('--group <id>', 'consumer group (default mesh.pipeline.<domain>.<product>)')
    .option(
      '--workers <n>',
      'threads decoding and validating JSON records (default: cores - 2, 0 to 4; 0: none)',
      count(0),
    )
    .option(
      '--log-level <level>',
      `log level on stderr: ${LOG_LEVELS.join(', ')}`,
      formatOption(LOG_LEVELS),
      'info',
    )
    .option(
      '--format <format>',
      `summary on stdout: ${FORMATS.join(', ')}`,
      formatOption(FORMATS),
      'text',
    )
    .action(async (product: string, opts: RunOptions) => {
      const summary = await runPipeline({
        root: io.cwd,
        product,
        handleSignals: true,
        logLevel: opts.logLevel,
        ...(opts.source !== undefined ? { source: opts.source } : {}),
        ...(opts.brokers ? { brokers: opts.brokers } : {}),
        ...(opts.fromBeginning ? { fromBeginning: true } : {}),
        ...(opts.untilIdle !== undefined ? { untilIdleSeconds: opts.untilIdle } : {}),
        ...(opts.maxRecords !== undefined ? { maxRecords: opts.maxRecords } : {}),
        ...(opts.metricsPort !== undefined ? { metricsPort: opts.metricsPort } : {}),
        ...(opts.lake !== undefined ? { lakeUrl: opts.lake } : {}),
        ...(opts.topic !== undefined ? { topic: opts.topic } : {}),
        ...(opts.deadLetterTopic !== undefined ? { deadLetterTopic: opts.deadLetterTopic } : {}),
        ...(opts.group !== undefined ? { groupId: opts.group } : {}),
        ...(opts.maxBatchBytes !== undefined ? { maxBatchBytes: opts.maxBatchBytes } : {}),
        ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
      });
      io.out(opts.format === 'json' ? `${JSON.stringify(summary)}\n` : renderSummary(summary));
      io.exitCode = ExitCode.Ok;
    });

  pipeline
    .command('load')
    .argument('<product>', 'product id, <domain>/<product>')
    .description("produce a JSONL file into the product's raw topic (demos and tests)")
    .requiredOption('--file <path>', 'JSONL file, one record per line')
    .option('--brokers <list>', 'Kafka brokers host:port,...', brokerList)
    .option('--topic <topic>', 'raw topic instead of pipeline.source.kafka.topic')
    .option('--partitions <n>', 'partitions when the topic is created (default 1)', count(1))
    .action(
      async (
        product: string,
        opts: { file: string; brokers?: string[]; topic?: string; partitions?: number },
      ) => {
        const r = await loadPipelineTopic({
          root: io.cwd,
          product,
          file: opts.file,
          ...(opts.brokers ? { brokers: opts.brokers } : {}),
          ...(opts.topic !== undefined ? { topic: opts.topic } : {}),
          ...(opts.partitions !== undefined ? { partitions: opts.partitions } : {}),
        });
        io.out(`produced ${r.produced} record(s) to topic ${r.topic}\n`);
        for (const s of r.skipped) io.err(`${opts.file}:${s.line}: not encoded: ${s.message}\n`);
        io.exitCode = ExitCode.Ok;
      },
    );
};
