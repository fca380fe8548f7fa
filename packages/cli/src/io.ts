/** Where a command writes. Tests pass buffers; the binary passes the process streams. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Set by a command; read by the binary after the command resolves. */
  exitCode: number;
}

export const processIo = (): CliIo => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  exitCode: 0,
});
