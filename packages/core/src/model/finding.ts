/** Where a finding points: a file with an optional 1-based line and column, and/or a JSON Pointer. */
export interface SourceLocation {
  file?: string;
  line?: number;
  column?: number;
  /** JSON Pointer into the document (RFC 6901), e.g. `/fields/3/type`. */
  pointer?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * What every check returns (buf's `FileAnnotation`, eslint's messages): data, never a thrown error.
 * `product` is `<domain>/<product>`, `port` the output port name.
 */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location?: SourceLocation;
  product?: string;
  port?: string;
  /** How to fix it, in one sentence, when there is an obvious fix. */
  hint?: string;
  /** Rule-specific facts for machine readers (kept stable per rule). */
  data?: Record<string, unknown>;
}

export const severityRank: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

export const hasErrors = (findings: readonly Finding[]): boolean =>
  findings.some((f) => f.severity === 'error');

/** `file:line:column` (or as much of it as is known), the prefix editors and CI annotations link on. */
export const formatLocation = (location: SourceLocation | undefined): string => {
  if (!location?.file) return location?.pointer ?? '';
  let out = location.file;
  if (location.line !== undefined) out += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) out += `:${location.column}`;
  return out;
};

/**
 * The product a finding concerns: its `product`, else the product folder its file lies in
 * (`<domains>/<domain>/<product>/...`), for findings raised before the product loaded.
 */
export const findingProductId = (finding: Finding): string | undefined =>
  finding.product ?? /^[^/]+\/([^/]+\/[^/]+)\//.exec(finding.location?.file ?? '')?.[1];
