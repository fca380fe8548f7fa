import { InfrastructureError } from '@meshkit/core';

/** Wraps a kafkajs error with the brokers it talked to and what to check. */
export const kafkaError = (
  what: string,
  brokers: readonly string[],
  cause: unknown,
): InfrastructureError => {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new InfrastructureError(
    'KAFKA_UNAVAILABLE',
    `${what} failed on Kafka brokers ${brokers.join(',')}: ${detail}; check that the brokers run (tools/services/kafka.sh start) or pass --brokers`,
    { cause, retriable: true },
  );
};
