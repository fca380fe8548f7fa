/**
 * The typed form of `domain.yaml` and `product.yaml`. The JSON Schemas in `contracts/` are the
 * source of truth for what is accepted; these types describe a descriptor that passed them.
 */

export const COMPATIBILITY_LEVELS = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

export type Lifecycle = 'experimental' | 'active' | 'deprecated' | 'retired';

export interface Owner {
  team: string;
  email?: string;
  slack?: string;
}

export interface DomainDescriptor {
  apiVersion: 'meshkit/v1';
  kind: 'Domain';
  name: string;
  title?: string;
  description?: string;
  owner: Owner;
  tags?: string[];
}

export interface InputPort {
  product: string;
  port: string;
  major: number;
}

export interface Sla {
  freshness?: { column: string; maxAge: string };
  retention?: { column: string; minAge: string };
  availability?: number;
  latency?: { p50?: string; p95?: string; p99?: string };
}

export type QualityOperator =
  | 'mustBe'
  | 'mustNotBe'
  | 'mustBeGreaterThan'
  | 'mustBeGreaterOrEqualTo'
  | 'mustBeLessThan'
  | 'mustBeLessOrEqualTo'
  | 'mustBeBetween'
  | 'mustNotBeBetween';

export const QUALITY_OPERATORS: readonly QualityOperator[] = [
  'mustBe',
  'mustNotBe',
  'mustBeGreaterThan',
  'mustBeGreaterOrEqualTo',
  'mustBeLessThan',
  'mustBeLessOrEqualTo',
  'mustBeBetween',
  'mustNotBeBetween',
];

export type QualityMetric =
  'nullValues' | 'missingValues' | 'invalidValues' | 'duplicateValues' | 'rowCount';

/** One quality rule in ODCS v3 form: a library metric, or `type: sql` with a `{dataset}` query. */
export interface QualityRule {
  name?: string;
  description?: string;
  type?: 'library' | 'sql';
  metric?: QualityMetric;
  column?: string;
  columns?: string[];
  query?: string;
  validValues?: (string | number | boolean)[];
  missingValues?: (string | number | null)[];
  pattern?: string;
  minValue?: number | string;
  maxValue?: number | string;
  minLength?: number;
  maxLength?: number;
  unit?: 'rows' | 'percent';
  severity?: 'error' | 'warning';
  mustBe?: number;
  mustNotBe?: number;
  mustBeGreaterThan?: number;
  mustBeGreaterOrEqualTo?: number;
  mustBeLessThan?: number;
  mustBeLessOrEqualTo?: number;
  mustBeBetween?: [number, number];
  mustNotBeBetween?: [number, number];
}

export type PortFormat = 'parquet' | 'jsonl' | 'csv';

export interface OutputPort {
  name: string;
  description?: string;
  version: string;
  contract: string;
  compatibility: CompatibilityLevel;
  format: PortFormat;
  partitionBy?: string[];
  lifecycle?: Lifecycle;
  sunset?: string;
  sla?: Sla;
  quality?: QualityRule[];
}

export interface PipelineSpec {
  source: { kafka: { topic: string; format: 'json' | 'avro' } };
  transform?: string;
  sink: { port: string };
  deadLetter?: { topic: string };
}

export interface ProductDescriptor {
  apiVersion: 'meshkit/v1';
  kind: 'DataProduct';
  domain: string;
  name: string;
  title?: string;
  description?: string;
  owner: Owner;
  lifecycle: Lifecycle;
  sunset?: string;
  tags?: string[];
  inputPorts?: InputPort[];
  outputPorts: OutputPort[];
  pipeline?: PipelineSpec;
}
