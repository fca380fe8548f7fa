import type { Finding } from '../model/finding.js';
import type { Workspace } from '../workspace/load-workspace.js';
import type { CompatibilityChecker } from '../compat/compatibility-checker.js';
import type { SourceDocument } from '../workspace/source-document.js';

/** One accepted finding, from a product's `waivers.yaml`. */
export interface Waiver {
  rule: string;
  port: string;
  reason: string;
  owner: string;
  /** Last day the waiver applies, YYYY-MM-DD. */
  expires: string;
}

export interface ProductWaivers {
  productId: string;
  file: string;
  source: SourceDocument;
  waivers: Waiver[];
}

/** One published version of a port's contract. */
export interface PublishedVersion {
  version: string;
  schema: unknown;
  /** The commit it was published in, when it comes from git. */
  commit?: string;
}

/** Versions of each port major as published on the base history, oldest first. */
export type PortHistories = ReadonlyMap<string, readonly PublishedVersion[]>;

export const historyKey = (productId: string, port: string, major: number): string =>
  `${productId}/${port}@${major}`;

export interface GateInput {
  /** The published side: the workspace at the base git ref (undefined: nothing published yet). */
  base: Workspace | undefined;
  /** The candidate: the working tree. */
  head: Workspace;
  /** Every published version of each port major, oldest first (for the transitive levels). */
  histories: PortHistories;
  waivers: readonly ProductWaivers[];
  /** Today, YYYY-MM-DD, for sunsets and waiver expiry. */
  today: string;
  /** Products present in the candidate that failed to load: not compared, and not "removed". */
  unloaded?: ReadonlySet<string>;
  /** Report only on these products (ids); the rest of the workspace is still read. */
  products?: ReadonlySet<string>;
  checker?: CompatibilityChecker;
}

/** What happened to one port major between base and head. */
export type PortChangeKind = 'unchanged' | 'docs' | 'compatible' | 'breaking' | 'added' | 'removed';

export interface PortChange {
  product: string;
  port: string;
  major: number;
  change: PortChangeKind;
  versionBefore?: string;
  versionAfter?: string;
  level?: string;
  /** Products whose input ports consume this port major. */
  consumers: string[];
}

export interface GateResult {
  findings: Finding[];
  ports: PortChange[];
  /** Products compared. */
  checked: number;
}
