import { titleOf } from './check-options.js';

/** `order-events` -> `OrderEvents`: an Avro name for the port's record. */
export const recordNameOf = (port: string): string => titleOf(port).replace(/ /g, '');

/** `sales`, `web-shop` -> `sales.web_shop`: an Avro namespace for the product's types. */
export const namespaceOf = (domain: string, product: string): string =>
  `${domain}.${product}`.replace(/-/g, '_');

/**
 * A documented Avro contract to start from: a key, the change time the freshness SLA and the
 * quality rules measure, and free attributes. Every field carries a doc, as the catalog shows them.
 */
export const contractSkeleton = (domain: string, product: string, port: string) => ({
  type: 'record',
  name: recordNameOf(port),
  namespace: namespaceOf(domain, product),
  doc: `One ${port} record of ${domain}/${product}. Describe what one record means, its grain and its source.`,
  fields: [
    {
      name: 'id',
      type: { type: 'string', logicalType: 'uuid' },
      doc: 'Key of the entity this record describes; stable across changes of the entity.',
    },
    {
      name: 'updated_at',
      type: { type: 'long', logicalType: 'timestamp-millis' },
      doc: 'When the entity last changed, UTC. The freshness SLA is measured on this column.',
    },
    {
      name: 'attributes',
      type: { type: 'map', values: 'string' },
      default: {},
      doc: 'Free-form attributes until they earn fields of their own. Empty when there are none.',
    },
  ],
});

export const contractText = (schema: unknown): string => `${JSON.stringify(schema, null, 2)}\n`;

/** A deterministic UUID-shaped id, so fixtures do not change between runs. */
const uuidFor = (seed: string, i: number): string => {
  let h = 2166136261;
  const hex: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of `${seed}:${i}:${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    hex.push(h.toString(16).padStart(8, '0'));
  }
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20, 32)}`;
};

/** Ten rows that satisfy the skeleton contract, in the JSON form of docs/fixtures.md. */
export const goodRows = (productId: string, port: string) =>
  Array.from({ length: 10 }, (_, i) => ({
    id: uuidFor(`${productId}/${port}`, i),
    updated_at: new Date(Date.UTC(2026, 0, 1, 8, i * 5, i, 100 + i)).toISOString(),
    attributes: i % 3 === 0 ? {} : { source: i % 2 === 0 ? 'web' : 'app' },
  }));

/** Rows that each break the skeleton contract in one way, with the field avsc names. */
export const badRows = (productId: string, port: string) => {
  const [a, b, c, d, e] = goodRows(productId, port);
  return [
    {
      row: { updated_at: a!.updated_at, attributes: {} },
      field: 'id',
      problem: 'missing required field',
    },
    { row: { ...b, id: 'not-a-uuid' }, field: 'id', problem: 'not a UUID' },
    {
      row: { ...c, updated_at: '2026-01-01 08:00' },
      field: 'updated_at',
      problem: 'malformed timestamp: no `T`, no seconds, no time zone',
    },
    { row: { ...d, id: null }, field: 'id', problem: 'null where the type is not nullable' },
    {
      row: { ...e, attributes: { source: 42 } },
      field: 'attributes.source',
      problem: 'map value is a number; the map holds strings',
    },
  ];
};

export const jsonl = (rows: readonly unknown[]): string =>
  rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

export const badNotes = (port: string, contractPath: string, bad: ReturnType<typeof badRows>) =>
  [
    `# ${port}.bad.jsonl`,
    '',
    `Rows that must be rejected by ${contractPath}, one problem per row. Each row is a valid row of`,
    `${port}.jsonl with exactly one change.`,
    '',
    '| Line | Field | Problem |',
    '| ---- | ----- | ------- |',
    ...bad.map((b, i) => `| ${i + 1} | \`${b.field}\` | ${b.problem} |`),
    '',
  ].join('\n');

/** The files of one new port: contract, good and bad fixtures, and the notes on the bad rows. */
export const portFiles = (
  domain: string,
  product: string,
  port: string,
  contractPath: string,
): Record<string, string> => {
  const id = `${domain}/${product}`;
  const bad = badRows(id, port);
  return {
    [contractPath]: contractText(contractSkeleton(domain, product, port)),
    [`fixtures/${port}.jsonl`]: jsonl(goodRows(id, port)),
    [`fixtures/${port}.bad.jsonl`]: jsonl(bad.map((b) => b.row)),
    [`fixtures/${port}.bad.md`]: badNotes(port, contractPath, bad),
  };
};
