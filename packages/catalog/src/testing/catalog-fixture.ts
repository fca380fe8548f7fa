/**
 * A small workspace for catalog tests: two domains, three products, lineage between them, PII
 * fields, shared types, and a description that tries to inject a script. Paths are relative to
 * the workspace root; write them to disk or hand them to `memoryWorkspaceFs`.
 */
export const XSS_DESCRIPTION = 'Orders <script>window.__pwned = true</script> & <b>bold</b> claims';

const money = {
  type: 'record',
  name: 'Money',
  namespace: 'meshkit.common',
  doc: 'An amount in one currency.',
  fields: [
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 2 } },
    { name: 'currency', type: 'string' },
  ],
};

export const customersContract = (extraField = false) => ({
  type: 'record',
  name: 'Customer',
  namespace: 'com.example.shop',
  doc: 'A customer account.',
  fields: [
    { name: 'customer_id', type: { type: 'string', logicalType: 'uuid' }, doc: 'Stable id.' },
    { name: 'customer_email', type: 'string', doc: 'Where receipts go.', pii: true },
    { name: 'created_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    ...(extraField
      ? [
          {
            name: 'loyalty_tier',
            type: ['null', 'string'],
            default: null,
            doc: 'Bronze, silver or gold.',
          },
        ]
      : []),
  ],
});

export const ordersContract = {
  type: 'record',
  name: 'Order',
  namespace: 'com.example.shop',
  doc: 'One record per order state change.',
  fields: [
    { name: 'order_id', type: 'string', doc: 'Unique id of the order.' },
    {
      name: 'status',
      type: { type: 'enum', name: 'Status', symbols: ['PLACED', 'PAID', 'SHIPPED'] },
      default: 'PLACED',
    },
    { name: 'total', type: 'meshkit.common.Money', doc: 'Order total.' },
    { name: 'discount', type: ['null', 'meshkit.common.Money'], default: null },
    {
      name: 'lines',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Line',
          fields: [
            { name: 'sku', type: 'string' },
            { name: 'quantity', type: 'int' },
          ],
        },
      },
    },
    { name: 'attributes', type: { type: 'map', values: 'string' }, default: {} },
    { name: 'order_date', type: { type: 'int', logicalType: 'date' } },
    { name: 'updated_at', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'shipping_email', type: ['null', 'string'], default: null, pii: true },
  ],
};

const shipmentsContract = {
  type: 'record',
  name: 'Shipment',
  namespace: 'com.example.ops',
  fields: [
    { name: 'shipment_id', type: 'string' },
    { name: 'order_id', type: 'string' },
    { name: 'weight_grams', type: 'double' },
  ],
};

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

export const catalogFixtureFiles = (
  options: { customersExtraField?: boolean } = {},
): Record<string, string> => ({
  'mesh.config.yaml': 'apiVersion: meshkit/v1\nkind: MeshConfig\n',
  'contracts/avro/meshkit.common.Money.avsc': json(money),
  'domains/shop/domain.yaml': `apiVersion: meshkit/v1
kind: Domain
name: shop
title: Shop
description: The web shop.
owner: { team: shop-data, email: shop-data@example.com }
tags: [tier:1]
`,
  'domains/shop/customers/product.yaml': `apiVersion: meshkit/v1
kind: DataProduct
domain: shop
name: customers
title: Customers
description: Customer accounts of the web shop.
owner: { team: shop-data, email: shop-data@example.com }
lifecycle: active
tags: [tier:1, pii:email]
outputPorts:
  - name: customers
    version: ${options.customersExtraField ? '1.1.0' : '1.0.0'}
    contract: contracts/customers.avsc
    compatibility: BACKWARD_TRANSITIVE
    format: parquet
    sla:
      freshness: { column: created_at, maxAge: PT1H }
    quality:
      - { name: id-present, metric: nullValues, column: customer_id, mustBe: 0 }
`,
  'domains/shop/customers/contracts/customers.avsc': json(
    customersContract(options.customersExtraField),
  ),
  'domains/shop/orders/product.yaml': `apiVersion: meshkit/v1
kind: DataProduct
domain: shop
name: orders
title: Orders
description: ${JSON.stringify(XSS_DESCRIPTION)}
owner: { team: checkout, email: checkout@example.com }
lifecycle: active
tags: [tier:1, finance]
inputPorts:
  - { product: shop/customers, port: customers, major: 1 }
outputPorts:
  - name: orders
    description: Order state changes.
    version: 2.1.0
    contract: contracts/orders.avsc
    compatibility: FULL
    format: parquet
    partitionBy: [order_date]
    sla:
      freshness: { column: updated_at, maxAge: PT15M }
      availability: 99.9
      latency: { p99: PT1M }
    quality:
      - { name: order-id-present, metric: nullValues, column: order_id, mustBe: 0 }
      - { metric: rowCount, mustBeGreaterThan: 0 }
      - { type: sql, query: "SELECT count(*) FROM {dataset} WHERE order_id = ''", mustBe: 0 }
`,
  'domains/shop/orders/contracts/orders.avsc': json(ordersContract),
  'domains/ops/domain.yaml': `apiVersion: meshkit/v1
kind: Domain
name: ops
title: Operations
owner: { team: ops-team }
`,
  'domains/ops/shipments/product.yaml': `apiVersion: meshkit/v1
kind: DataProduct
domain: ops
name: shipments
title: Shipments
description: Parcels handed to carriers.
owner: { team: ops-team }
lifecycle: deprecated
sunset: '2027-06-30'
tags: [tier:2]
inputPorts:
  - { product: shop/orders, port: orders, major: 2 }
outputPorts:
  - name: shipments
    version: 1.0.0
    contract: contracts/shipments.avsc
    compatibility: BACKWARD
    format: jsonl
`,
  'domains/ops/shipments/contracts/shipments.avsc': json(shipmentsContract),
});
