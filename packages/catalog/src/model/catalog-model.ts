import type { CompatibilityLevel, Lifecycle, Owner, PortFormat } from '@meshkit/core';

/**
 * The catalog as written to `catalog.json` (JSON Schema: contracts/catalog.schema.json). Every
 * text comes from a descriptor or a contract and is data: renderers must escape it.
 */
export const CATALOG_SCHEMA_VERSION = 1 as const;

export type QualityStatus = 'passing' | 'failing' | 'unknown';
export type SlaStatus = 'met' | 'violated' | 'unknown';
export type GateState = 'passed' | 'failed';

export interface Catalog {
  schemaVersion: typeof CATALOG_SCHEMA_VERSION;
  generatedAt: string;
  domains: CatalogDomain[];
  products: CatalogProduct[];
  lineage: LineageEdge[];
  gate?: GateStatus;
  search: SearchIndex;
}

export interface CatalogDomain {
  name: string;
  title: string;
  description?: string;
  owner?: Owner;
  tags: string[];
  /** Product ids, sorted. */
  products: string[];
}

export interface CatalogProduct {
  /** `<domain>/<product>` */
  id: string;
  domain: string;
  name: string;
  title: string;
  description?: string;
  owner: Owner;
  lifecycle: Lifecycle;
  sunset?: string;
  tags: string[];
  /** Repo-relative path of product.yaml. */
  file: string;
  inputPorts: { product: string; port: string; major: number }[];
  ports: CatalogPort[];
  /** Worst quality status over the ports. */
  qualityStatus: QualityStatus;
  gate?: { status: GateState; errors: number; warnings: number };
}

export interface PortNames {
  productId: string;
  portId: string;
  topic: string;
  subject: string;
  glueDatabase: string;
  glueTable: string;
  lakePath: string;
}

export interface CatalogPort {
  name: string;
  major: number;
  version: string;
  description?: string;
  contractFile: string;
  compatibility: CompatibilityLevel;
  format: PortFormat;
  partitionBy: string[];
  lifecycle?: Lifecycle;
  sunset?: string;
  names: PortNames;
  schema: SchemaTree;
  slas: SlaEntry[];
  quality: PortQuality;
  /** Products reading this port (and this major) through an input port. */
  consumers: string[];
  /** Newest first; the first entry is the version in the working tree. */
  versions: PortVersion[];
}

/** The root record of a contract. */
export interface SchemaTree {
  name: string;
  namespace?: string;
  doc?: string;
  fields: FieldNode[];
}

export interface FieldNode {
  name: string;
  /** Dotted path from the root record, e.g. `customer.address.city`. */
  path: string;
  /** Readable type, e.g. `string`, `decimal(12,2)`, `array<string>`, `record Address`. */
  type: string;
  /** The Avro type the value is written as: `record`, `string`, `long`, ... */
  avroType: string;
  logicalType?: string;
  nullable: boolean;
  /** Present when the field declares a default (which may itself be null). */
  default?: unknown;
  hasDefault: boolean;
  doc?: string;
  pii: boolean;
  symbols?: string[];
  /** Fields of a record, or of the record inside an array, map or nullable union. */
  children?: FieldNode[];
}

export interface SlaEntry {
  kind: 'freshness' | 'retention' | 'availability' | 'latency';
  /** Human-readable target, e.g. `updated_at at most PT15M old`. */
  target: string;
  status: SlaStatus;
  measured?: string;
  measuredAt?: string;
}

export interface QualityRuleEntry {
  /** Position in the port's `quality` list. */
  index: number;
  name: string;
  description?: string;
  metric?: string;
  column?: string;
  /** Human-readable expectation, e.g. `nullValues(order_id) = 0`. */
  expectation: string;
  severity: 'error' | 'warning';
}

export interface QualityResultEntry {
  rule: string;
  passed: boolean;
  value?: number | string;
  message?: string;
}

export interface QualityRun {
  at: string;
  passed: number;
  failed: number;
  results: QualityResultEntry[];
}

export interface PortQuality {
  rules: QualityRuleEntry[];
  status: QualityStatus;
  latest?: QualityRun;
  /** Older runs, oldest first, without per-rule results beyond the counts. */
  history: { at: string; passed: number; failed: number }[];
}

export type SchemaChangeKind =
  'field-added' | 'field-removed' | 'type-changed' | 'default-changed' | 'doc-changed';

export interface SchemaChange {
  kind: SchemaChangeKind;
  path: string;
  from?: string;
  to?: string;
}

export interface PortVersion {
  /** Contract version from product.yaml at that commit, when it could be read. */
  version?: string;
  /** Full commit hash; absent for uncommitted changes in the working tree. */
  commit?: string;
  date?: string;
  author?: string;
  subject?: string;
  schema: SchemaTree;
  /** Changes from the previous (older) version; empty for the first. */
  changes: SchemaChange[];
  /**
   * Verdict of the compatibility engine against the previous version, when it ran: `backward`
   * (this version reads data written with the previous) and/or `forward` (the reverse), as the
   * port's compatibility level asks.
   */
  compatibility?: { backward?: boolean; forward?: boolean; messages: string[] };
}

export interface LineageEdge {
  /** Upstream product id. */
  from: string;
  port: string;
  major: number;
  /** Downstream (consuming) product id. */
  to: string;
}

export interface GateStatus {
  status: GateState;
  at?: string;
  errors: number;
  warnings: number;
}

/**
 * A prebuilt inverted index over the products: `terms` sorted, `postings[i]` the document
 * numbers holding `terms[i]`, so a prefix lookup is a binary search.
 */
export interface SearchIndex {
  docs: SearchDoc[];
  terms: string[];
  postings: number[][];
}

export interface SearchDoc {
  id: string;
  title: string;
  domain: string;
  owner: string;
  tags: string[];
  lifecycle: Lifecycle;
  quality: QualityStatus;
  description: string;
  ports: string[];
}
