import { describe, expect, it } from 'vitest';
import { memoryWorkspaceFs, type MemoryEntry } from '../testing/memory-workspace-fs.js';
import { loadWorkspace } from './load-workspace.js';

const domainYaml = (name: string) =>
  `apiVersion: meshkit/v1\nkind: Domain\nname: ${name}\nowner: { team: ${name}-team }\n`;

const productYaml = (
  domain: string,
  name: string,
  extra = '',
  port = 'main',
) => `apiVersion: meshkit/v1
kind: DataProduct
domain: ${domain}
name: ${name}
owner:
  team: ${domain}-team
lifecycle: active
outputPorts:
  - name: ${port}
    version: 1.2.0
    contract: contracts/${port}.avsc
    compatibility: BACKWARD
    format: parquet
${extra}`;

const contract = JSON.stringify({
  type: 'record',
  name: 'Row',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'string', doc: 'Id.' },
    { name: 'price', type: 'meshkit.common.Money', doc: 'Price.' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' }, doc: 'When.' },
  ],
});

const money = JSON.stringify({
  type: 'record',
  name: 'Money',
  namespace: 'meshkit.common',
  fields: [
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 2 } },
    { name: 'currency', type: 'string' },
  ],
});

/** A valid two-product workspace; tests override single files to break it. */
const workspace = (overrides: Record<string, MemoryEntry | undefined> = {}) => {
  const files: Record<string, MemoryEntry | undefined> = {
    'contracts/avro/meshkit.common.Money.avsc': money,
    'domains/sales/domain.yaml': domainYaml('sales'),
    'domains/sales/orders/product.yaml': productYaml('sales', 'orders'),
    'domains/sales/orders/contracts/main.avsc': contract,
    'domains/sales/invoices/product.yaml': productYaml(
      'sales',
      'invoices',
      'inputPorts:\n  - { product: sales/orders, port: main, major: 1 }\n',
    ),
    'domains/sales/invoices/contracts/main.avsc': contract,
    ...overrides,
  };
  const defined = Object.fromEntries(
    Object.entries(files).filter((e): e is [string, MemoryEntry] => e[1] !== undefined),
  );
  return loadWorkspace(memoryWorkspaceFs(defined));
};

const only = async (overrides: Record<string, MemoryEntry | undefined>) => {
  const { findings } = await workspace(overrides);
  return findings.map((f) => ({
    ruleId: f.ruleId,
    message: f.message,
    at: `${f.location?.file}:${f.location?.line}:${f.location?.column}`,
  }));
};

describe('loadWorkspace', () => {
  it('loads a valid workspace with shared types and logical types resolved', async () => {
    const { workspace: ws, findings } = await workspace();
    expect(findings).toEqual([]);
    expect(ws.products.map((p) => p.id)).toEqual(['sales/invoices', 'sales/orders']);
    const port = ws.products[1]!.ports[0]!;
    expect(port).toMatchObject({
      name: 'main',
      major: 1,
      version: '1.2.0',
      contractFile: 'domains/sales/orders/contracts/main.avsc',
    });
    // The shared Money type is written out in the resolved schema.
    expect(JSON.stringify(port.schema)).toContain('"currency"');
    expect(
      port.type.isValid({
        id: 'a',
        price: { amount: '12.50', currency: 'EUR' },
        at: '2026-11-26T10:00:00Z',
      }),
    ).toBe(true);
    expect(
      port.type.isValid({ id: 'a', price: { amount: '12.505', currency: 'EUR' }, at: 0 }),
    ).toBe(false);
  });

  it('reports malformed YAML with its line and column', async () => {
    expect(
      await only({
        'domains/sales/orders/product.yaml': 'apiVersion: meshkit/v1\nkind: [DataProduct\n',
      }),
    ).toEqual([
      expect.objectContaining({
        ruleId: 'syntax-error',
        at: expect.stringMatching(/^domains\/sales\/orders\/product\.yaml:\d+:\d+$/),
      }),
      expect.objectContaining({ ruleId: 'input-port-unresolved' }),
    ]);
  });

  it('reports an unknown key at the key itself, naming the allowed keys', async () => {
    const yaml = productYaml('sales', 'orders').replace(
      '    format: parquet\n',
      '    format: parquet\n    colour: red\n',
    );
    const [f] = await only({ 'domains/sales/orders/product.yaml': yaml });
    expect(f).toMatchObject({
      ruleId: 'descriptor-invalid',
      at: 'domains/sales/orders/product.yaml:14:5',
    });
    expect(f!.message).toContain('unknown key "colour" in outputPorts[0]');
  });

  it('reports a wrong type and a bad enum value with the path people write', async () => {
    const yaml = productYaml('sales', 'orders')
      .replace('version: 1.2.0', 'version: 1')
      .replace('compatibility: BACKWARD', 'compatibility: SIDEWAYS');
    const messages = (await only({ 'domains/sales/orders/product.yaml': yaml }))
      .map((f) => f.message)
      .join('\n');
    expect(messages).toContain('outputPorts[0].version must be of type string');
    expect(messages).toMatch(
      /outputPorts\[0\]\.compatibility must be one of .*BACKWARD_TRANSITIVE/,
    );
  });

  it.each([
    ['Orders', 'must be lowercase'],
    ['a..b', 'must not contain ".."'],
  ])('refuses the product folder name %s', async (name, why) => {
    const findings = await only({
      [`domains/sales/${name}/product.yaml`]: productYaml('sales', 'x'),
    });
    expect(findings).toContainEqual(
      expect.objectContaining({ ruleId: 'name-invalid', message: expect.stringContaining(why) }),
    );
  });

  it.each([
    ['Orders', 'name'],
    ['sales/orders', 'name'],
    ['/etc/passwd', 'name'],
    ['../../etc', 'name'],
  ])('refuses the declared product name %s', async (name) => {
    const yaml = productYaml('sales', 'orders').replace('name: orders', `name: "${name}"`);
    const [f] = await only({ 'domains/sales/orders/product.yaml': yaml });
    expect(f).toMatchObject({
      ruleId: 'descriptor-invalid',
      at: 'domains/sales/orders/product.yaml:4:7',
    });
  });

  it('refuses a contract path that escapes the product folder', async () => {
    const yaml = productYaml('sales', 'orders').replace(
      'contracts/main.avsc',
      '../../../etc/passwd.avsc',
    );
    const findings = await only({ 'domains/sales/orders/product.yaml': yaml });
    expect(findings.map((f) => f.ruleId)).toContain('descriptor-invalid');
  });

  it('refuses a contract that is a symlink out of the product folder', async () => {
    const findings = await only({
      'domains/sales/orders/contracts/main.avsc': {
        symlink: 'domains/sales/invoices/contracts/main.avsc',
      },
    });
    expect(findings[0]).toMatchObject({
      ruleId: 'path-outside-product',
      at: 'domains/sales/orders/product.yaml:11:15',
    });
    expect(findings[0]!.message).toContain('outside the product folder');
  });

  it('refuses a contract symlink that leads outside the workspace', async () => {
    const findings = await only({
      'domains/sales/orders/contracts/main.avsc': { symlink: '/etc/passwd' },
    });
    expect(findings[0]).toMatchObject({ ruleId: 'path-outside-product' });
    expect(findings[0]!.message).toContain('outside the workspace');
  });

  it('reports a missing contract file at the contract key', async () => {
    const findings = await only({ 'domains/sales/orders/contracts/main.avsc': undefined });
    expect(findings[0]).toMatchObject({
      ruleId: 'file-missing',
      message: 'contract file domains/sales/orders/contracts/main.avsc does not exist',
      at: 'domains/sales/orders/product.yaml:11:15',
    });
  });

  it.each([
    [
      'an unknown type name',
      { type: 'record', name: 'R', fields: [{ name: 'a', type: 'strin' }] },
      'undefined type name',
    ],
    [
      'a duplicate field',
      {
        type: 'record',
        name: 'R',
        fields: [
          { name: 'a', type: 'int' },
          { name: 'a', type: 'int' },
        ],
      },
      'duplicate field name',
    ],
    [
      'a default of the wrong type',
      { type: 'record', name: 'R', fields: [{ name: 'a', type: 'int', default: 'x' }] },
      'invalid',
    ],
    [
      'a bad decimal',
      {
        type: 'record',
        name: 'R',
        fields: [{ name: 'a', type: { type: 'bytes', logicalType: 'decimal', precision: 0 } }],
      },
      'precision',
    ],
  ])('reports invalid Avro: %s', async (_what, schema, text) => {
    const findings = await only({
      'domains/sales/orders/contracts/main.avsc': JSON.stringify(schema),
    });
    expect(findings[0]).toMatchObject({
      ruleId: 'avro-invalid',
      at: expect.stringMatching(/^domains\/sales\/orders\/contracts\/main\.avsc:1:\d+$/),
    });
    expect(findings[0]!.message).toContain(text);
  });

  it('reports a contract that is not valid JSON with its position', async () => {
    const findings = await only({
      'domains/sales/orders/contracts/main.avsc': '{\n  "type": "record",\n  "name": \n',
    });
    expect(findings[0]).toMatchObject({
      ruleId: 'syntax-error',
      at: expect.stringMatching(/main\.avsc:\d+:\d+$/),
    });
  });

  it('reports a contract that is not valid UTF-8', async () => {
    const findings = await only({
      'domains/sales/orders/contracts/main.avsc': new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(findings[0]).toMatchObject({
      ruleId: 'file-encoding',
      message: expect.stringContaining('not valid UTF-8'),
    });
  });

  it.each([
    [
      'a product',
      '{ product: sales/refunds, port: main, major: 1 }',
      'product "sales/refunds", which does not exist',
    ],
    ['a port', '{ product: sales/orders, port: lines, major: 1 }', 'port "lines" of sales/orders'],
    [
      'a major',
      '{ product: sales/orders, port: main, major: 2 }',
      'major 2, which is not published',
    ],
  ])('reports an input port to %s that does not exist', async (_what, ref, text) => {
    const yaml = productYaml('sales', 'invoices', `inputPorts:\n  - ${ref}\n`);
    const findings = await only({ 'domains/sales/invoices/product.yaml': yaml });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'input-port-unresolved',
        message: expect.stringContaining(text),
        at: 'domains/sales/invoices/product.yaml:15:5',
      }),
    ]);
  });

  it('reports a dependency cycle naming every product in it', async () => {
    const yaml = productYaml(
      'sales',
      'orders',
      'inputPorts:\n  - { product: sales/invoices, port: main, major: 1 }\n',
    );
    const findings = await only({ 'domains/sales/orders/product.yaml': yaml });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'dependency-cycle',
        message: expect.stringContaining('sales/invoices, sales/orders'),
      }),
    ]);
  });

  it('reports an empty domains folder with the fix', async () => {
    const { findings } = await loadWorkspace(memoryWorkspaceFs({ 'README.md': 'x' }));
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'workspace-empty',
        message: 'domains/ holds no domains',
        hint: expect.stringContaining('domain.yaml'),
      }),
    ]);
  });

  it('reports a product whose declared domain differs from its folder', async () => {
    const yaml = productYaml('sales', 'orders').replace('domain: sales', 'domain: billing');
    const findings = await only({ 'domains/sales/orders/product.yaml': yaml });
    expect(findings[0]).toMatchObject({
      ruleId: 'name-mismatch',
      at: 'domains/sales/orders/product.yaml:3:9',
    });
  });
});

describe('descriptor messages', () => {
  const quality = (rule: string) =>
    productYaml('sales', 'orders').replace(
      '    format: parquet\n',
      `    format: parquet\n    quality:\n      - ${rule}\n`,
    );

  it('says which thresholds a quality rule may have when it has none', async () => {
    const findings = await only({
      'domains/sales/orders/product.yaml': quality('{ metric: nullValues, column: id }'),
    });
    // One message for the rule (the other finding is invoices losing its upstream).
    expect(findings.map((f) => f.ruleId)).toEqual(['descriptor-invalid', 'input-port-unresolved']);
    expect(findings[0]!.message).toMatch(
      /^outputPorts\[0\]\.quality\[0\] needs one of: mustBe, mustNotBe, /,
    );
  });

  it('says to keep one threshold when a quality rule has two', async () => {
    const findings = await only({
      'domains/sales/orders/product.yaml': quality(
        '{ metric: nullValues, column: id, mustBe: 0, mustBeLessThan: 1 }',
      ),
    });
    expect(findings.map((f) => f.message)).toContain(
      'outputPorts[0].quality[0] matches more than one allowed form (for example two thresholds); keep exactly one',
    );
  });
});

describe('loadWorkspace with lazy types', () => {
  it('gives the same schemas and builds the avsc type on first use', async () => {
    const files = {
      'contracts/avro/meshkit.common.Money.avsc': money,
      'domains/sales/domain.yaml': domainYaml('sales'),
      'domains/sales/orders/product.yaml': productYaml('sales', 'orders'),
      'domains/sales/orders/contracts/main.avsc': contract,
    };
    const lazy = await loadWorkspace(memoryWorkspaceFs(files), { types: 'lazy' });
    expect(lazy.findings).toEqual([]);
    const port = lazy.workspace.products[0]!.ports[0]!;
    expect(JSON.stringify(port.schema)).toContain('"currency"');
    expect(port.type.isValid({ id: 'a', price: { amount: '1.00', currency: 'EUR' }, at: 0 })).toBe(
      true,
    );
  });

  it('reports invalid Avro with a pointer from Apache Avro rules', async () => {
    const bad = JSON.stringify({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'a', type: 'int' },
        { name: 'a', type: 'int' },
      ],
    });
    const { findings } = await loadWorkspace(
      memoryWorkspaceFs({
        'domains/sales/domain.yaml': domainYaml('sales'),
        'domains/sales/orders/product.yaml': productYaml('sales', 'orders'),
        'domains/sales/orders/contracts/main.avsc': bad,
      }),
      { types: 'lazy' },
    );
    expect(findings[0]).toMatchObject({
      ruleId: 'avro-invalid',
      location: { pointer: expect.stringMatching(/^\/fields\/1/) },
    });
  });
});
