/**
 * Shrinks a disagreement to a smaller case that still disagrees, so a fixture shows the bug and
 * little else. Greedy: each round tries single edits of the schemas (drop a field, a union branch,
 * a symbol, an attribute; replace a nested type by "int" or "null") in one oracle batch and keeps
 * the first edit that still disagrees; it stops when no edit does or after `maxRounds`.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const KEPT_KEYS = new Set(['type', 'name', 'fields', 'symbols', 'items', 'values', 'size']);

/** Every document that one edit of `doc` gives, smallest edits of big parts first. */
export function reductions(doc: unknown): unknown[] {
  const out: unknown[] = [];
  const root = doc as Json;
  // Paths are lists of keys/indices from the root; each edit copies the document once.
  const edit = (
    path: (string | number)[],
    change: (holder: Json, key: string | number) => void,
  ): void => {
    const copy = structuredClone(root);
    let holder: Json = copy;
    for (const key of path.slice(0, -1))
      holder = (holder as Record<string | number, Json>)[key] as Json;
    change(holder, path[path.length - 1] as string | number);
    out.push(copy);
  };
  const replaceWith = (value: Json) => (holder: Json, key: string | number) => {
    (holder as Record<string | number, Json>)[key] = value;
  };
  const removeAt = (holder: Json, key: string | number): void => {
    if (Array.isArray(holder)) holder.splice(key as number, 1);
    else if (isObject(holder)) delete holder[key as string];
  };

  const visitType = (node: Json, path: (string | number)[]): void => {
    if (path.length > 0 && (Array.isArray(node) || isObject(node))) {
      edit(path, replaceWith('int'));
      edit(path, replaceWith('null'));
    }
    if (Array.isArray(node)) {
      if (node.length === 1 && path.length > 0) edit(path, replaceWith(node[0] as Json));
      node.forEach((branch, i) => {
        if (node.length > 1) edit([...path, i], removeAt);
        visitType(branch, [...path, i]);
      });
      return;
    }
    if (!isObject(node)) return;
    for (const key of Object.keys(node)) {
      if (!KEPT_KEYS.has(key)) edit([...path, key], removeAt);
    }
    const fields = node['fields'];
    if (Array.isArray(fields)) {
      fields.forEach((field, i) => edit([...path, 'fields', i], removeAt));
      fields.forEach((field, i) => {
        if (!isObject(field)) return;
        for (const key of Object.keys(field)) {
          if (key !== 'name' && key !== 'type') edit([...path, 'fields', i, key], removeAt);
        }
        visitType(field['type'] ?? null, [...path, 'fields', i, 'type']);
      });
    }
    const symbols = node['symbols'];
    if (Array.isArray(symbols) && symbols.length > 1) {
      symbols.forEach((_, i) => edit([...path, 'symbols', i], removeAt));
    }
    if (node['items'] !== undefined) visitType(node['items'], [...path, 'items']);
    if (node['values'] !== undefined) visitType(node['values'], [...path, 'values']);
  };
  visitType(root, []);
  return out;
}

/**
 * `stillFails` is asked about a batch of candidate schema lists and says, for each, whether it
 * still shows the disagreement (and is still a case worth keeping, e.g. valid Avro for Java).
 */
export async function minimize(
  schemas: readonly unknown[],
  stillFails: (candidates: unknown[][]) => Promise<boolean[]>,
  { maxRounds = 40, batch = 400 }: { maxRounds?: number; batch?: number } = {},
): Promise<{ schemas: unknown[]; rounds: number }> {
  let current = [...schemas];
  let rounds = 0;
  for (; rounds < maxRounds; rounds++) {
    const candidates: unknown[][] = [];
    current.forEach((doc, i) => {
      for (const smaller of reductions(doc)) {
        const next = [...current];
        next[i] = smaller;
        candidates.push(next);
      }
    });
    let found: unknown[] | undefined;
    for (let start = 0; start < candidates.length && !found; start += batch) {
      const slice = candidates.slice(start, start + batch);
      const verdicts = await stillFails(slice);
      found = slice[verdicts.indexOf(true)];
    }
    if (!found) break;
    current = found;
  }
  return { schemas: current, rounds };
}
