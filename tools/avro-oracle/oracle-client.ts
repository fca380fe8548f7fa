/**
 * Runs the Java oracle (oracle.sh) over a batch of requests in one JVM and returns its verdicts
 * in request order.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ORACLE_SCRIPT = fileURLToPath(new URL('./oracle.sh', import.meta.url));

export interface OracleIncompatibility {
  type: string;
  location: string;
  message: string;
  /** Level requests only: index into `existing` (oldest first) of the version that failed. */
  version?: number;
  /** Level requests only: `backward` = candidate reads that version, `forward` = the reverse. */
  direction?: 'backward' | 'forward';
}

export interface OracleVerdict {
  id: unknown;
  compatible: boolean;
  incompatibilities: OracleIncompatibility[];
  error?: string;
  /** With `error`: `request` (malformed line), `parse` (not valid Avro), `check` (Avro threw). */
  errorKind?: 'request' | 'parse' | 'check';
}

export type OracleRequest =
  | { id: string; reader: unknown; writer: unknown }
  | { id: string; level: string; existing: unknown[]; candidate: unknown };

/**
 * Builds the oracle if its sources changed. Throws with the script's own message (which names
 * the missing tool, or shows Maven's log) when Java or Maven is missing or the build fails.
 */
export function buildOracle(timeoutMs = 300_000): string {
  const result = spawnSync('bash', [ORACLE_SCRIPT, '--build'], {
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (result.error) {
    throw new Error(`avro-oracle: cannot run ${ORACLE_SCRIPT}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(
      `avro-oracle: build failed (exit ${String(result.status)}). The oracle needs Java 17 and ` +
        `Maven on PATH and Maven Central reachable.\n${result.stderr}`,
    );
  }
  return result.stdout.trim();
}

export async function runOracle(
  requests: readonly OracleRequest[],
  timeoutMs = 300_000,
): Promise<OracleVerdict[]> {
  const child = spawn('bash', [ORACLE_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out: string[] = [];
  let stderr = '';
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    out.push(...lines.filter((l) => l.length > 0));
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 20_000) stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    for (const request of requests) {
      if (!child.stdin.write(`${JSON.stringify(request)}\n`)) {
        await new Promise<void>((resolve) => child.stdin.once('drain', resolve));
      }
    }
    child.stdin.end();
    const code = await exited;
    if (pending.length > 0) out.push(pending);
    if (code !== 0) {
      throw new Error(`avro-oracle exited with ${String(code)}:\n${stderr}`);
    }
  } finally {
    clearTimeout(timer);
  }
  if (out.length !== requests.length) {
    throw new Error(
      `avro-oracle answered ${out.length} lines for ${requests.length} requests:\n${stderr}`,
    );
  }
  return out.map((line, i) => {
    const verdict = JSON.parse(line) as OracleVerdict;
    if (verdict.id !== requests[i]?.id) {
      throw new Error(
        `avro-oracle answer ${i} has id ${String(verdict.id)}, expected ${requests[i]?.id}`,
      );
    }
    return verdict;
  });
}

/**
 * One oracle JVM kept open for many small batches (the minimizer asks hundreds of times).
 * Answers come back in request order, so each batch waits for as many lines as it sent.
 */
export class OracleSession {
  private readonly child = spawn('bash', [ORACLE_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  private readonly waiting: { resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  private buffer = '';
  private stderr = '';
  private failure: Error | undefined;

  constructor() {
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      const lines = this.buffer.split('\n');
      this.buffer = lines.pop() ?? '';
      for (const line of lines) if (line.length > 0) this.waiting.shift()?.resolve(line);
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      if (this.stderr.length < 20_000) this.stderr += chunk;
    });
    const fail = (error: Error): void => {
      this.failure = error;
      for (const w of this.waiting.splice(0)) w.reject(error);
    };
    this.child.on('error', fail);
    this.child.on('close', (code) =>
      fail(new Error(`avro-oracle exited with ${String(code)}:\n${this.stderr}`)),
    );
  }

  async ask(requests: readonly OracleRequest[]): Promise<OracleVerdict[]> {
    if (this.failure) throw this.failure;
    const answers = requests.map(
      () =>
        new Promise<string>((resolve, reject) => {
          this.waiting.push({ resolve, reject });
        }),
    );
    for (const request of requests) {
      if (!this.child.stdin.write(`${JSON.stringify(request)}\n`)) {
        await new Promise<void>((resolve) => this.child.stdin.once('drain', resolve));
      }
    }
    const lines = await Promise.all(answers);
    return lines.map((line) => JSON.parse(line) as OracleVerdict);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const closed = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.child.stdin.end();
    await closed;
  }
}
