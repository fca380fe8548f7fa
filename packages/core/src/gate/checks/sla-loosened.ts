import type { Finding } from '../../model/finding.js';
import type { Sla } from '../../model/descriptor.js';
import { parseIsoDuration } from '../../quality/duration.js';

export const SLA_LOOSENED = 'sla-loosened';
export const SLA_REMOVED = 'sla-removed';

const ms = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const r = parseIsoDuration(text);
  return r.ok ? r.value : undefined;
};

type SlaFinding = Pick<Finding, 'ruleId' | 'message' | 'hint'> & { pointer: string };

/**
 * Consumers plan on an SLA: a longer freshness or latency bound, a shorter retention, a lower
 * availability, or a dropped SLA is a promise taken back, so it fails like a breaking schema.
 */
export const checkSlaLoosened = (
  before: Sla | undefined,
  after: Sla | undefined,
  pointer: string,
): SlaFinding[] => {
  const out: SlaFinding[] = [];
  if (!before) return out;
  const removed = (what: string, key: string) =>
    out.push({
      ruleId: SLA_REMOVED,
      message: `SLA ${what} was removed`,
      hint: `keep the ${what} SLA, or waive ${SLA_REMOVED} with the consumers' agreement`,
      pointer: `${pointer}/sla${after ? `/${key}` : ''}`,
    });
  const looser = (what: string, key: string, from: string | number, to: string | number) =>
    out.push({
      ruleId: SLA_LOOSENED,
      message: `SLA ${what} loosened from ${from} to ${to}`,
      hint: `keep ${what} at ${from} or tighter; a looser promise needs the consumers' agreement (a waiver)`,
      pointer: `${pointer}/sla/${key}`,
    });

  if (before.freshness) {
    const a = ms(before.freshness.maxAge);
    const b = ms(after?.freshness?.maxAge);
    if (!after?.freshness) removed('freshness', 'freshness');
    else if (a !== undefined && b !== undefined && b > a)
      looser('freshness maxAge', 'freshness', before.freshness.maxAge, after.freshness.maxAge);
  }
  if (before.retention) {
    const a = ms(before.retention.minAge);
    const b = ms(after?.retention?.minAge);
    if (!after?.retention) removed('retention', 'retention');
    else if (a !== undefined && b !== undefined && b < a)
      looser('retention minAge', 'retention', before.retention.minAge, after.retention.minAge);
  }
  if (before.availability !== undefined) {
    if (after?.availability === undefined) removed('availability', 'availability');
    else if (after.availability < before.availability)
      looser('availability', 'availability', `${before.availability}%`, `${after.availability}%`);
  }
  if (before.latency) {
    for (const q of ['p50', 'p95', 'p99'] as const) {
      const from = before.latency[q];
      if (from === undefined) continue;
      const to = after?.latency?.[q];
      if (to === undefined) removed(`latency ${q}`, 'latency');
      else {
        const a = ms(from);
        const b = ms(to);
        if (a !== undefined && b !== undefined && b > a)
          looser(`latency ${q}`, 'latency', from, to);
      }
    }
  }
  return out;
};
