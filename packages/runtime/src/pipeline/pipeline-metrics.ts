import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { InfrastructureError } from '@meshkit/core';

/** The pipeline's Prometheus metrics, labelled with the product id. */
export class PipelineMetrics {
  readonly registry = new Registry();
  readonly recordsIn: Counter;
  readonly recordsWritten: Counter;
  readonly recordsDeadLettered: Counter;
  readonly recordsDropped: Counter;
  readonly partFiles: Counter;
  readonly batchSeconds: Histogram;
  readonly lag: Gauge;
  /** Epoch ms of the newest record written, for the freshness gauge. */
  newestRecordMs: number | undefined;

  constructor(readonly product: string) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ product });
    this.recordsIn = new Counter({
      name: 'mesh_pipeline_records_in_total',
      help: 'Records read from the source.',
      registers,
    });
    this.recordsWritten = new Counter({
      name: 'mesh_pipeline_records_written_total',
      help: 'Records written to the lake.',
      registers,
    });
    this.recordsDeadLettered = new Counter({
      name: 'mesh_pipeline_records_dead_lettered_total',
      help: 'Records sent to the dead-letter topic, by error code.',
      labelNames: ['code'],
      registers,
    });
    this.recordsDropped = new Counter({
      name: 'mesh_pipeline_records_dropped_total',
      help: 'Records the transform dropped.',
      registers,
    });
    this.partFiles = new Counter({
      name: 'mesh_pipeline_part_files_total',
      help: 'Parquet part files written.',
      registers,
    });
    this.batchSeconds = new Histogram({
      name: 'mesh_pipeline_batch_duration_seconds',
      help: 'Time from receiving a batch to committing it.',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.lag = new Gauge({
      name: 'mesh_pipeline_consumer_lag',
      help: 'Records behind the high watermark, per source partition.',
      labelNames: ['partition'],
      registers,
    });
    const newest = () => this.newestRecordMs;
    new Gauge({
      name: 'mesh_pipeline_freshness_seconds',
      help: 'Age of the newest record written to the lake (its SLA freshness column, else its source timestamp).',
      registers,
      collect() {
        const ms = newest();
        if (ms !== undefined) this.set((Date.now() - ms) / 1000);
      },
    });
  }

  /** Serves `/metrics` on 127.0.0.1 (port 0: any free port). */
  async serve(port: number): Promise<{ url: string; close: () => Promise<void> }> {
    const server: Server = createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end('see /metrics\n');
        return;
      }
      this.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) =>
        reject(
          new InfrastructureError(
            'METRICS_PORT_UNAVAILABLE',
            `cannot serve metrics on 127.0.0.1:${port}: ${error.message}; pick another --metrics-port`,
            { cause: error },
          ),
        ),
      );
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${address.port}/metrics`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }
}
