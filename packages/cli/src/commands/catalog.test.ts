import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCatalogFixture } from '../../../runtime/src/catalog/testing/git-fixture.js';
import { run } from '../program.js';
import { captureIo as capture } from '../testing/capture-io.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const bin = join(repo, 'packages/cli/dist/bin.js');

let ws: string;
beforeEach(() => {
  ws = mkdtempSync(join(tmpdir(), 'mesh-catalog-'));
  writeCatalogFixture(ws);
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

describe('mesh catalog', () => {
  it('builds catalog.json and the site, and says where to open it', async () => {
    const io = capture(ws);
    expect(await run(['catalog', 'build', '--out', 'out/catalog'], io)).toBe(0);
    expect(io.stdout()).toContain('catalog: 3 products, 3 ports in 2 domains');
    expect(io.stdout()).toContain(`open ${join(ws, 'out/catalog')}/index.html`);
    expect(JSON.parse(readFileSync(join(ws, 'out/catalog/catalog.json'), 'utf8'))).toMatchObject({
      schemaVersion: 1,
    });
  });

  it('still builds when a product is broken, naming what was left out', async () => {
    writeFileSync(
      join(ws, 'domains/ops/shipments/product.yaml'),
      'apiVersion: meshkit/v1\nkind: DataProduct\n',
    );
    const io = capture(ws);
    expect(await run(['catalog', 'build'], io)).toBe(0);
    expect(io.stdout()).toContain('catalog: 2 products');
    expect(io.stderr()).toContain('domains/ops/shipments/product.yaml');
    expect(io.stderr()).toContain('mesh validate');
  });

  it('refuses bad usage with exit code 2', async () => {
    const port = capture(ws);
    expect(await run(['catalog', 'serve', '--port', '99999'], port)).toBe(2);
    expect(port.stderr()).toContain('must be a TCP port from 1 to 65535');
    const target = capture(ws);
    expect(await run(['catalog', 'publish'], target)).toBe(2);
    expect(target.stderr()).toContain('needs a target: --glue, --registry [url], or both');
    mkdirSync(join(ws, 'notes'));
    writeFileSync(join(ws, 'notes/a.md'), 'x');
    const foreign = capture(ws);
    expect(await run(['catalog', 'build', '--out', 'notes'], foreign)).toBe(2);
    expect(foreign.stderr()).toContain('holds no catalog.json');
  });

  it('publishes to the embedded registry with --registry', async () => {
    const io = capture(ws);
    expect(await run(['catalog', 'publish', '--registry'], io)).toBe(0);
    expect(io.stdout()).toContain('shop.orders.orders.v2-value (FULL)');
    const again = capture(ws);
    expect(await run(['catalog', 'publish', '--registry'], again)).toBe(0);
    expect(again.stdout()).toContain('unchanged');
  });

  it('runs as a whole process from the built binary', async () => {
    expect(existsSync(bin), 'build first: npx tsc -b tsconfig.build.json').toBe(true);
    const { stdout } = await promisify(execFile)(
      'node',
      [bin, 'catalog', 'build', '--out', 'site'],
      { cwd: ws },
    );
    expect(stdout).toContain('catalog: 3 products');
    expect(existsSync(join(ws, 'site/products/shop/orders.html'))).toBe(true);
  });
});
