import type { FindingsReport } from '../findings-report.js';

/** A gate report with one finding of each severity and two ports, one of them breaking. */
export const gateReport = (): FindingsReport => ({
  schemaVersion: 1,
  command: 'breaking',
  ok: false,
  summary: { checked: 2, errors: 1, warnings: 1, infos: 1 },
  findings: [
    {
      ruleId: 'field-added-without-default',
      severity: 'error',
      message: 'orders 1.4.0 is not BACKWARD: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2 (channel)',
      location: { file: 'domains/sales/orders/contracts/orders.avsc', line: 12, column: 5, pointer: '/fields/2' },
      product: 'sales/orders',
      port: 'orders',
      hint: 'give channel a default',
      data: { avroType: 'READER_FIELD_MISSING_DEFAULT_VALUE', downstream: ['marketing/campaigns'] },
    },
    {
      ruleId: 'sla-loosened',
      severity: 'warning',
      message: 'freshness maxAge went up from PT15M to PT1H',
      location: { file: 'domains/sales/orders/product.yaml', line: 20, column: 7 },
      product: 'sales/orders',
      port: 'orders',
    },
    {
      ruleId: 'owner-changed',
      severity: 'info',
      message: 'owner changed from sales-data to sales-platform',
      product: 'sales/customers',
    },
  ],
  ports: [
    {
      product: 'sales/orders',
      port: 'orders',
      major: 1,
      change: 'breaking',
      versionBefore: '1.3.0',
      versionAfter: '1.4.0',
      level: 'BACKWARD',
      consumers: ['marketing/campaigns'],
    },
    {
      product: 'sales/customers',
      port: 'customers',
      major: 1,
      change: 'unchanged',
      versionBefore: '2.0.0',
      versionAfter: '2.0.0',
      level: 'FULL',
      consumers: [],
    },
  ],
  against: { ref: 'origin/main', commit: '0123456789abcdef0123' },
});

export const emptyReport = (command = 'compat'): FindingsReport => ({
  schemaVersion: 1,
  command,
  ok: true,
  summary: { checked: 1, errors: 0, warnings: 0, infos: 0 },
  findings: [],
});

/** Text that breaks naive XML, Markdown, workflow commands and tables. */
export const HOSTILE =
  '<script>alert("x")</script> | a & b \'q\' ]]> `tick` *star* [l](u) \u0000\u001b\u0007 100% done,: ok\r\n::error::injected\n| --- |';

export const hostileReport = (): FindingsReport => ({
  schemaVersion: 1,
  command: 'breaking',
  ok: false,
  summary: { checked: 1, errors: 1, warnings: 0, infos: 0 },
  findings: [
    {
      ruleId: 'type-changed',
      severity: 'error',
      message: HOSTILE,
      location: { file: 'domains/x/y/contracts/a b,c:d%.avsc', line: 3, column: 9, pointer: '/fields/0' },
      product: 'x/y',
      port: 'p|q',
      hint: HOSTILE,
      data: { downstream: ['<img src=x onerror=alert(1)>', 'z/w|v'] },
    },
  ],
  ports: [
    {
      product: 'x/y',
      port: 'p|q',
      major: 1,
      change: 'breaking',
      versionBefore: '1.0.0',
      versionAfter: '<b>1.1.0</b>',
      level: 'BACKWARD',
      consumers: ['a|b', '<script>'],
    },
  ],
});
