import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, type Finding } from '@meshkit/core';
import { runBreaking } from './run-breaking.js';

let root: string;

const write = (path: string, text: string | Buffer) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd: root,
    stdio: 'pipe',
  }).toString();
const commit = (message: string) => {
  git('add', '-A');
  git('commit', '-q', '-m', message);
};

interface PortSpec {
  name?: string;
  version: string;
  contract?: string;
  level?: string;
  extra?: string;
}

const product = (name: string, ports: PortSpec[], top = '') => `apiVersion: meshkit/v1
kind: DataProduct
domain: sales
name: ${name}
owner: { team: sales-data }
lifecycle: active
${top}outputPorts:
${ports
  .map(
    (p) => `  - name: ${p.name ?? 'main'}
    version: ${p.version}
    contract: ${p.contract ?? 'contracts/main.avsc'}
    compatibility: ${p.level ?? 'BACKWARD'}
    format: parquet
${p.extra ?? ''}`,
  )
  .join('')}`;

type Field = { name: string; type: unknown; default?: unknown; doc?: string };
const record = (fields: Field[]) =>
  `${JSON.stringify({ type: 'record', name: 'Order', namespace: 'com.acme', fields }, null, 2)}\n`;
const id: Field = { name: 'id', type: 'string', doc: 'Order id.' };

const setOrders = (ports: PortSpec[], fields: Field[], top = '') => {
  write('domains/sales/orders/product.yaml', product('orders', ports, top));
  write('domains/sales/orders/contracts/main.avsc', record(fields));
};

const gate = (today = '2026-11-26', products?: string[]) =>
  runBreaking({ root, against: 'HEAD', today, ...(products ? { products } : {}) });

const errors = (findings: Finding[]) => findings.filter((f) => f.severity === 'error');
const rules = (findings: Finding[]) => findings.map((f) => `${f.severity}:${f.ruleId}`).sort();

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mesh-gate-'));
  git('init', '-q', '-b', 'main');
  write(
    'domains/sales/domain.yaml',
    'apiVersion: meshkit/v1\nkind: Domain\nname: sales\nowner: { team: sales-data }\n',
  );
  setOrders([{ version: '1.0.0' }], [id]);
  // invoices consumes orders/main major 1: it is the downstream of every orders break.
  write(
    'domains/sales/invoices/product.yaml',
    product(
      'invoices',
      [{ version: '1.0.0' }],
      'inputPorts:\n  - { product: sales/orders, port: main, major: 1 }\n',
    ),
  );
  write('domains/sales/invoices/contracts/main.avsc', record([id]));
  commit('publish');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('mesh breaking (runBreaking)', () => {
  it('passes when nothing changed', async () => {
    const r = await gate();
    expect([...r.loadFindings, ...r.findings]).toEqual([]);
    expect(r.ports.find((p) => p.product === 'sales/orders')).toMatchObject({
      change: 'unchanged',
      consumers: ['sales/invoices'],
    });
  });

  it('passes a compatible change with a minor bump', async () => {
    setOrders(
      [{ version: '1.1.0' }],
      [id, { name: 'note', type: ['null', 'string'], default: null }],
    );
    const r = await gate();
    expect(r.findings).toEqual([]);
    expect(r.ports.find((p) => p.product === 'sales/orders')).toMatchObject({
      change: 'compatible',
      versionBefore: '1.0.0',
      versionAfter: '1.1.0',
    });
  });

  it('reports field-added-without-default at its line, the missing major and the downstream product', async () => {
    setOrders([{ version: '1.1.0' }], [id, { name: 'total', type: 'double' }]);
    const r = await gate();
    const schema = r.findings.find((f) => f.ruleId === 'field-added-without-default');
    expect(schema).toMatchObject({
      severity: 'error',
      product: 'sales/orders',
      port: 'main',
      location: {
        file: 'domains/sales/orders/contracts/main.avsc',
        pointer: '/fields/1',
        line: 11,
        column: 5,
      },
      data: {
        avroType: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        direction: 'backward',
        downstream: ['sales/invoices'],
        versions: ['1.0.0'],
      },
    });
    expect(schema!.message).toContain(
      'main 1.1.0 is not BACKWARD: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1',
    );
    expect(schema!.message).toContain('breaks downstream sales/invoices');
    expect(rules(r.findings)).toEqual([
      'error:breaking-change-without-major',
      'error:field-added-without-default',
    ]);
  });

  it('checks every published version at a transitive level, and only the latest at a plain one', async () => {
    // 1.0.0 {id}; 1.1.0 {id, note=default}; candidate drops the default of note.
    setOrders(
      [{ version: '1.1.0', level: 'BACKWARD_TRANSITIVE' }],
      [id, { name: 'note', type: 'string', default: '' }],
    );
    commit('1.1.0');
    const candidate: Field[] = [id, { name: 'note', type: 'string' }];
    setOrders([{ version: '1.2.0', level: 'BACKWARD_TRANSITIVE' }], candidate);
    const transitive = await gate();
    const f = transitive.findings.find((x) => x.ruleId === 'field-added-without-default');
    expect(f?.data?.versions).toEqual(['1.0.0']);
    setOrders([{ version: '1.2.0', level: 'BACKWARD' }], candidate);
    expect(errors((await gate()).findings)).toEqual([]);
  });

  it('reads a version from a commit that changed the contract but not product.yaml', async () => {
    write('domains/sales/orders/contracts/main.avsc', record([{ ...id, doc: 'The order id.' }]));
    commit('docs only');
    setOrders(
      [{ version: '1.1.0', level: 'BACKWARD_TRANSITIVE' }],
      [id, { name: 'total', type: 'double' }],
    );
    const f = (await gate()).findings.find((x) => x.ruleId === 'field-added-without-default');
    // Both commits carry version 1.0.0, so they count as one published version.
    expect(f?.data?.versions).toEqual(['1.0.0']);
  });

  it('skips a published version whose contract was never valid Avro', async () => {
    setOrders([{ version: '1.0.1', level: 'BACKWARD_TRANSITIVE' }], [id, id]);
    commit('broken: a duplicate field');
    setOrders([{ version: '1.0.2', level: 'BACKWARD_TRANSITIVE' }], [id]);
    commit('fixed');
    setOrders(
      [{ version: '1.1.0', level: 'BACKWARD_TRANSITIVE' }],
      [id, { name: 'total', type: 'double' }],
    );
    const f = (await gate()).findings.find((x) => x.ruleId === 'field-added-without-default');
    expect(f?.data?.versions).toEqual(['1.0.2', '1.0.0']);
  });

  it('asks for a bump when the contract changed and the version did not, and a bigger one when too small', async () => {
    const added: Field[] = [id, { name: 'note', type: ['null', 'string'], default: null }];
    setOrders([{ version: '1.0.0' }], added);
    expect(rules((await gate()).findings)).toEqual(['error:version-not-bumped']);
    setOrders([{ version: '1.0.1' }], added);
    const small = (await gate()).findings;
    expect(rules(small)).toEqual(['error:version-bump-too-small']);
    expect(small[0]!.hint).toBe('use version 1.1.0');
  });

  it('accepts a docs-only change with a patch bump', async () => {
    setOrders([{ version: '1.0.1' }], [{ ...id, doc: 'The order id, as shown to customers.' }]);
    const r = await gate();
    expect(r.findings).toEqual([]);
    expect(r.ports.find((p) => p.product === 'sales/orders')?.change).toBe('docs');
  });

  it('accepts a new major beside the old one, and refuses dropping the old one before its sunset', async () => {
    const v2: PortSpec = { version: '2.0.0', contract: 'contracts/main.v2.avsc' };
    write(
      'domains/sales/orders/contracts/main.v2.avsc',
      record([{ name: 'order_id', type: 'long' }]),
    );
    write(
      'domains/sales/orders/product.yaml',
      product('orders', [
        { version: '1.0.0', extra: '    lifecycle: deprecated\n    sunset: 2027-03-01\n' },
        v2,
      ]),
    );
    const both = await gate();
    expect(errors(both.findings)).toEqual([]);
    expect(both.ports.find((p) => p.major === 2)?.change).toBe('added');

    write('domains/sales/orders/product.yaml', product('orders', [v2]));
    const dropped = await gate();
    expect(rules(dropped.findings)).toEqual(['error:port-removed']);
    expect(dropped.findings[0]!.message).toContain('breaks downstream sales/invoices');
  });

  it('allows removing a major after its sunset date', async () => {
    write(
      'domains/sales/orders/product.yaml',
      product('orders', [
        { version: '1.0.0', extra: '    lifecycle: deprecated\n    sunset: 2026-01-31\n' },
      ]),
    );
    commit('deprecate');
    write('domains/sales/orders/contracts/main.v2.avsc', record([id]));
    write(
      'domains/sales/orders/product.yaml',
      product('orders', [{ version: '2.0.0', contract: 'contracts/main.v2.avsc' }]),
    );
    write(
      'domains/sales/invoices/product.yaml',
      product(
        'invoices',
        [{ version: '1.0.0' }],
        'inputPorts:\n  - { product: sales/orders, port: main, major: 2 }\n',
      ),
    );
    expect(errors((await gate('2026-11-26')).findings)).toEqual([]);
    expect(rules((await gate('2026-01-01')).findings)).toEqual(['error:port-removed']);
  });

  it('reports looser SLAs and quality rules, and dropped ones', async () => {
    const strict = `    sla:\n      freshness: { column: id, maxAge: PT15M }\n      availability: 99.9\n    quality:\n      - { metric: nullValues, column: id, mustBe: 0 }\n      - { metric: rowCount, mustBeGreaterThan: 0 }\n`;
    setOrders([{ version: '1.0.0', extra: strict }], [id]);
    commit('slas');
    const loose = `    sla:\n      freshness: { column: id, maxAge: PT1H }\n    quality:\n      - { metric: nullValues, column: id, mustBeLessThan: 10 }\n`;
    setOrders([{ version: '1.0.0', extra: loose }], [id]);
    const r = await gate();
    expect(rules(r.findings)).toEqual([
      'error:quality-rule-loosened',
      'error:quality-rule-removed',
      'error:sla-loosened',
      'error:sla-removed',
    ]);
    expect(r.findings.find((f) => f.ruleId === 'sla-loosened')!.message).toContain(
      'freshness maxAge loosened from PT15M to PT1H',
    );
    expect(r.findings.find((f) => f.ruleId === 'quality-rule-loosened')!.location).toMatchObject({
      file: 'domains/sales/orders/product.yaml',
      line: 16,
      column: 9,
    });
  });

  it('applies a live waiver, fails on an expired one and warns about an unused one', async () => {
    setOrders([{ version: '1.1.0' }], [id, { name: 'total', type: 'double' }]);
    const waiver = (rule: string, expires: string) =>
      `- rule: ${rule}\n  port: main\n  reason: Consumers were told in the data council on 2026-11-20.\n  owner: sales-data\n  expires: ${expires}\n`;
    write(
      'domains/sales/orders/waivers.yaml',
      waiver('field-added-without-default', '2026-12-31') +
        waiver('breaking-change-without-major', '2026-12-31') +
        waiver('sla-loosened', '2026-12-31'),
    );
    const live = await gate();
    expect(rules(live.findings)).toEqual([
      'info:breaking-change-without-major',
      'info:field-added-without-default',
      'warning:waiver-unused',
    ]);
    expect(
      live.findings.find((f) => f.ruleId === 'field-added-without-default')!.message,
    ).toContain('waived until 2026-12-31 by sales-data');

    write('domains/sales/orders/waivers.yaml', waiver('field-added-without-default', '2026-11-01'));
    const expired = await gate();
    expect(rules(expired.findings)).toEqual([
      'error:breaking-change-without-major',
      'error:field-added-without-default',
      'error:waiver-expired',
    ]);
    expect(expired.findings.find((f) => f.ruleId === 'waiver-expired')!.location).toMatchObject({
      file: 'domains/sales/orders/waivers.yaml',
      line: 1,
    });
  });

  it('gates a workspace kept in a folder inside the repository', async () => {
    const outer = mkdtempSync(join(tmpdir(), 'mesh-gate-outer-'));
    const nested = join(outer, 'data', 'mesh');
    try {
      mkdirSync(dirname(nested), { recursive: true });
      rmSync(join(root, '.git'), { recursive: true, force: true });
      renameSync(root, nested);
      root = outer;
      git('init', '-q', '-b', 'main');
      commit('publish');
      root = nested;
      setOrders([{ version: '1.1.0' }], [id, { name: 'total', type: 'double' }]);
      const r = await gate();
      expect(r.findings.find((f) => f.ruleId === 'field-added-without-default')).toMatchObject({
        location: { file: 'domains/sales/orders/contracts/main.avsc', line: 11 },
        data: { downstream: ['sales/invoices'] },
      });
      expect(r.ports.find((p) => p.product === 'sales/orders')?.versionBefore).toBe('1.0.0');
    } finally {
      rmSync(outer, { recursive: true, force: true });
    }
  });

  it('treats a contract that did not exist on the ref as a new port, not a break', async () => {
    write('domains/sales/orders/contracts/lines.avsc', record([id]));
    write(
      'domains/sales/orders/product.yaml',
      product('orders', [
        { version: '1.0.0' },
        { name: 'lines', version: '1.0.0', contract: 'contracts/lines.avsc' },
      ]),
    );
    const r = await gate();
    expect(r.findings).toEqual([]);
    expect(r.ports.find((p) => p.port === 'lines')?.change).toBe('added');
  });

  it('reports a removed product that was never deprecated', async () => {
    rmSync(join(root, 'domains/sales/invoices'), { recursive: true });
    const r = await gate();
    expect(rules(r.findings)).toEqual(['error:product-removed']);
  });

  it('refuses a git ref that does not exist, as bad input', async () => {
    await expect(runBreaking({ root, against: 'no-such-branch' })).rejects.toThrow(InputError);
    await expect(runBreaking({ root, against: 'no-such-branch' })).rejects.toThrow(
      'git ref "no-such-branch" does not exist',
    );
    await expect(runBreaking({ root, against: '--upload-pack=evil' })).rejects.toThrow(
      'is not a valid git ref',
    );
  });

  it('reports a candidate contract that is not valid UTF-8 as a load finding', async () => {
    unlinkSync(join(root, 'domains/sales/orders/contracts/main.avsc'));
    write('domains/sales/orders/contracts/main.avsc', Buffer.from([0x7b, 0xc3, 0x28, 0x7d]));
    const r = await gate();
    expect(r.loadFindings.map((f) => f.ruleId)).toEqual(['file-encoding', 'input-port-unresolved']);
    // A product that failed to load is not "removed": the load finding already fails the gate.
    expect(r.findings).toEqual([]);
  });

  it('limits the report to the named products', async () => {
    setOrders([{ version: '1.0.0' }], [id, { name: 'total', type: 'double' }]);
    const r = await gate('2026-11-26', ['sales/invoices']);
    expect(r.findings).toEqual([]);
    expect(r.checked).toBe(1);
  });
});
