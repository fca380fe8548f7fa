import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../program.js';
import { captureIo as capture } from '../testing/capture-io.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const bin = join(repo, 'packages/cli/dist/bin.js');

let ws: string;

beforeEach(() => {
  ws = mkdtempSync(join(tmpdir(), 'mesh-validate-'));
  cpSync(join(repo, 'domains'), join(ws, 'domains'), { recursive: true });
  cpSync(join(repo, 'contracts'), join(ws, 'contracts'), { recursive: true });
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

describe('mesh validate', () => {
  it('passes on the example domains with exit code 0', async () => {
    const io = capture(ws);
    const code = await run(['validate'], io);
    expect(io.stdout()).toMatch(/^ok: \d+ products checked, 0 errors/m);
    expect(code).toBe(0);
  });

  it('prints the documented JSON report and exits 1 on an error finding', async () => {
    writeFileSync(
      join(ws, 'domains/sales/orders/product.yaml'),
      'apiVersion: meshkit/v1\nkind: DataProduct\n',
    );
    const io = capture(ws);
    const code = await run(['validate', 'sales/orders', '--format', 'json'], io);
    const report = JSON.parse(io.stdout());
    expect(report).toMatchObject({
      schemaVersion: 1,
      command: 'validate',
      ok: false,
      summary: { checked: 1 },
    });
    expect(report.findings[0]).toMatchObject({
      ruleId: 'descriptor-invalid',
      severity: 'error',
      location: { file: 'domains/sales/orders/product.yaml', line: 1, column: 1 },
    });
    expect(report.findings[0].message).toContain('missing the required key "domain"');
    expect(code).toBe(1);
  });

  it.each([
    [['validate', 'Sales/Orders'], 'must be lowercase'],
    [['validate', '../etc'], 'domain name ".." must not contain ".."'],
    [['validate', 'sales'], 'must have the form <domain>/<product>'],
    [['validate', 'sales/nope'], 'no such product: sales/nope'],
    [['validate', '--format', 'xml'], "argument 'xml' is invalid"],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('exits 2 on bad usage: %s', async (argv, text) => {
    const io = capture(ws);
    expect(await run(argv, io)).toBe(2);
    expect(io.stderr()).toContain(text);
  });

  it('exits 2 with the place when mesh.config.yaml is invalid', async () => {
    writeFileSync(
      join(ws, 'mesh.config.yaml'),
      'apiVersion: meshkit/v1\nkind: MeshConfig\nlake: [\n',
    );
    const io = capture(ws);
    expect(await run(['validate'], io)).toBe(2);
    expect(io.stderr()).toMatch(/mesh\.config\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('runs as a whole process from the built binary, with --help on the command', async () => {
    expect(existsSync(bin), `${bin} is missing: run npm run build first`).toBe(true);
    const exec = promisify(execFile);
    const help = await exec('node', [bin, 'validate', '--help']);
    expect(help.stdout).toContain('Usage: mesh validate [options] [products...]');
    const result = await exec('node', [bin, 'validate', '--cwd', ws, '--format', 'json']);
    expect(JSON.parse(result.stdout).ok).toBe(true);
  });
});
