import { Kafka, logLevel, type LogEntry } from 'kafkajs';

export interface KafkaClientOptions {
  brokers: readonly string[];
  clientId?: string;
  /** Receives kafkajs's own warnings and errors (default: dropped). */
  log?: (level: 'warn' | 'error', message: string, extra: Record<string, unknown>) => void;
  /** Connection timeout per broker in ms (default 3000). */
  connectionTimeout?: number;
}

/** A kafkajs client whose log lines go to the caller's logger instead of the console. */
export const createKafkaClient = (options: KafkaClientOptions): Kafka =>
  new Kafka({
    clientId: options.clientId ?? 'meshkit',
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeout ?? 3000,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        options.log?.(level === logLevel.ERROR ? 'error' : 'warn', String(message), extra);
      },
  });
