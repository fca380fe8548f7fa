import type { Finding } from '../model/finding.js';
import type { ProductWaivers } from './gate-types.js';

export const WAIVER_EXPIRED = 'waiver-expired';
export const WAIVER_UNUSED = 'waiver-unused';

/**
 * Applies each product's waivers: a live waiver turns the findings it names (rule and port) into
 * infos that say who accepted them and why; an expired one fails the gate itself; one that
 * matches nothing is a warning, so stale waivers get cleaned up.
 */
export const applyWaivers = (
  findings: Finding[],
  all: readonly ProductWaivers[],
  today: string,
): Finding[] => {
  const out = [...findings];
  for (const pw of all) {
    for (const [i, w] of pw.waivers.entries()) {
      const pointer = `/${i}`;
      const location = { file: pw.file, pointer, ...pw.source.locate(pointer) };
      const matches = out.filter(
        (f) =>
          f.product === pw.productId &&
          f.port === w.port &&
          f.ruleId === w.rule &&
          f.severity !== 'info',
      );
      if (w.expires < today) {
        out.push({
          ruleId: WAIVER_EXPIRED,
          severity: 'error',
          message: `waiver for ${w.rule} on port ${w.port} expired on ${w.expires} (owner ${w.owner})`,
          location,
          product: pw.productId,
          port: w.port,
          hint: 'fix the finding it covered, or renew the waiver with a new expiry date and reason',
        });
        continue;
      }
      if (matches.length === 0) {
        out.push({
          ruleId: WAIVER_UNUSED,
          severity: 'warning',
          message: `waiver for ${w.rule} on port ${w.port} matches no finding`,
          location,
          product: pw.productId,
          port: w.port,
          hint: 'remove the waiver if it is no longer needed',
        });
        continue;
      }
      for (const f of matches) {
        const index = out.indexOf(f);
        out[index] = {
          ...f,
          severity: 'info',
          message: `${f.message} (waived until ${w.expires} by ${w.owner}: ${w.reason})`,
          data: {
            ...f.data,
            waived: true,
            waiver: { file: pw.file, expires: w.expires, owner: w.owner },
          },
        };
      }
    }
  }
  return out;
};
