import type { Finding } from '../model/finding.js';
import { validateDescriptor } from '../workspace/descriptor-validation.js';
import type { Workspace } from '../workspace/load-workspace.js';
import { decodeUtf8, parseSourceDocument } from '../workspace/source-document.js';
import type { WorkspaceFs } from '../workspace/workspace-fs.js';
import type { ProductWaivers, Waiver } from './gate-types.js';

export const WAIVERS_FILE = 'waivers.yaml';

/** Reads every product's `waivers.yaml` (optional), validated against contracts/waivers.schema.json. */
export const loadWaivers = async (
  fs: WorkspaceFs,
  ws: Workspace,
): Promise<{ waivers: ProductWaivers[]; findings: Finding[] }> => {
  const waivers: ProductWaivers[] = [];
  const findings: Finding[] = [];
  for (const product of ws.products) {
    const file = `${product.dir}/${WAIVERS_FILE}`;
    const bytes = await fs.readFile(file);
    if (bytes === undefined) continue;
    const text = decodeUtf8(bytes);
    const parsed = text === undefined ? undefined : parseSourceDocument(file, text);
    if (!parsed || !parsed.ok) {
      const e =
        parsed && !parsed.ok ? parsed.error : { line: 1, column: 1, message: 'not valid UTF-8' };
      findings.push({
        ruleId: 'syntax-error',
        severity: 'error',
        message: `${file}: ${e.message}`,
        location: { file, line: e.line, column: e.column },
        product: product.id,
      });
      continue;
    }
    const doc = parsed.value;
    const problems = validateDescriptor('waivers', doc.value ?? []);
    if (problems.length > 0) {
      for (const p of problems)
        findings.push({
          ruleId: 'descriptor-invalid',
          severity: 'error',
          message: p.message,
          location: { file, pointer: p.pointer, ...doc.locate(p.pointer, { key: p.atKey }) },
          product: product.id,
        });
      continue;
    }
    waivers.push({
      productId: product.id,
      file,
      source: doc,
      waivers: (doc.value ?? []) as Waiver[],
    });
  }
  return { waivers, findings };
};
