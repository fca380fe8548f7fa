import type { CatalogProduct, SearchDoc, SearchIndex } from '../model/catalog-model.js';
import { flattenFields } from '../model/field-tree.js';

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Words of a text, lowercased. Identifiers also yield their parts, so `customerEmail` and
 * `customer_email` are found by `email` as well as by the whole name.
 */
export const tokenize = (text: string): string[] => {
  const out = new Set<string>();
  for (const raw of text.split(/[\s/.,;:()[\]{}<>"'`|]+/)) {
    if (!raw) continue;
    const whole = raw.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (whole.length > 0) out.add(whole);
    const spaced = raw.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
    for (const m of spaced.matchAll(WORD)) out.add(m[0].toLowerCase());
  }
  return [...out];
};

const productTexts = (p: CatalogProduct): string[] => {
  const texts = [p.id, p.name, p.title, p.domain, p.owner.team, p.lifecycle, ...p.tags];
  if (p.description) texts.push(p.description);
  for (const port of p.ports) {
    texts.push(port.name, port.names.topic, port.schema.name);
    if (port.description) texts.push(port.description);
    if (port.schema.doc) texts.push(port.schema.doc);
    for (const f of flattenFields(port.schema.fields)) {
      texts.push(f.name);
      if (f.doc) texts.push(f.doc);
    }
  }
  return texts;
};

/** Builds the inverted index the site's search reads: sorted terms, postings per term. */
export const buildSearchIndex = (products: readonly CatalogProduct[]): SearchIndex => {
  const byTerm = new Map<string, number[]>();
  const docs: SearchDoc[] = products.map((p, i) => {
    const terms = new Set<string>();
    for (const t of productTexts(p)) for (const w of tokenize(t)) terms.add(w);
    for (const w of terms) {
      const list = byTerm.get(w);
      if (list) list.push(i);
      else byTerm.set(w, [i]);
    }
    return {
      id: p.id,
      title: p.title,
      domain: p.domain,
      owner: p.owner.team,
      tags: p.tags,
      lifecycle: p.lifecycle,
      quality: p.qualityStatus,
      description: (p.description ?? '').slice(0, 240),
      ports: [...new Set(p.ports.map((x) => `${x.name} v${x.major}`))],
    };
  });
  const terms = [...byTerm.keys()].sort();
  return { docs, terms, postings: terms.map((t) => byTerm.get(t)!) };
};

/** Documents matching every word of `query`, each word as a prefix of an indexed term. */
export const searchIndex = (index: SearchIndex, query: string): number[] => {
  const words = tokenize(query).filter((w) => /^[\p{L}\p{N}]+$/u.test(w));
  if (words.length === 0) return index.docs.map((_, i) => i);
  let result: Set<number> | undefined;
  for (const w of words) {
    const hits = new Set<number>();
    let lo = 0;
    let hi = index.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (index.terms[mid]! < w) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < index.terms.length && index.terms[i]!.startsWith(w); i++)
      for (const d of index.postings[i]!) hits.add(d);
    result = result ? new Set([...result].filter((d) => hits.has(d))) : hits;
    if (result.size === 0) break;
  }
  return [...(result ?? [])].sort((a, b) => a - b);
};
