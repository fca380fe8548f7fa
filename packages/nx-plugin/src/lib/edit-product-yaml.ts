import { isDeepStrictEqual } from 'node:util';
import type { Tree } from '@nx/devkit';
import { InputError } from '@meshkit/core';
import {
  Document as YamlDocument,
  isMap,
  isScalar,
  isSeq,
  parse,
  parseDocument,
  stringify,
  visit,
  type Document,
  type YAMLMap,
} from 'yaml';

/** A product.yaml as a YAML document, so edits keep the team's comments and layout. */
export const readProductDocument = (tree: Tree, file: string): Document => {
  const text = tree.read(file, 'utf-8');
  if (text === null) throw new InputError('INPUT_USAGE', `${file} does not exist; check --product`);
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new InputError(
      'INPUT_DESCRIPTOR_INVALID',
      `${file} is not valid YAML (${doc.errors[0]!.message}); fix it first ("mesh validate" shows where)`,
    );
  return doc;
};

/** The `outputPorts` entries as YAML maps, or an error naming the file. */
export const outputPortNodes = (doc: Document, file: string): YAMLMap[] => {
  const seq = doc.get('outputPorts', true);
  if (!isSeq(seq) || !seq.items.every((i) => isMap(i)))
    throw new InputError(
      'INPUT_DESCRIPTOR_INVALID',
      `${file}: outputPorts must be a list of ports; fix it first ("mesh validate" shows where)`,
    );
  return seq.items as YAMLMap[];
};

interface TextEdit {
  at: number;
  /** End of the replaced text; absent for an insertion. */
  end?: number;
  text: string;
}

const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;
const lineEndAfter = (text: string, offset: number): number => {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i + 1;
};

/** Applied back to front; edits at the same offset land in the order given. */
const applyEdits = (text: string, edits: readonly TextEdit[]): string =>
  edits
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => b.at - a.at || b.i - a.i)
    .reduce((t, e) => t.slice(0, e.at) + e.text + t.slice(e.end ?? e.at), text);

/** What a port edit asks for: keys to set on existing entries, and entries to append. */
export interface PortEdit {
  set?: { entry: YAMLMap; values: Record<string, string> }[];
  append?: unknown[];
  /** Append a copy of an existing entry, as written, with some keys set and some dropped. */
  copy?: { entry: YAMLMap; values: Record<string, string>; drop: string[] };
}

/** Short lists and maps of plain values in flow style, as the examples write them. */
const renderEntries = (items: readonly unknown[]): string => {
  const d = new YamlDocument(items);
  visit(d, {
    Map: (_, node) => {
      if (node.items.every((p) => isScalar(p.value))) node.flow = true;
    },
    Seq: (_, node) => {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
  });
  return d.toString({ lineWidth: 100 });
};

const pairOf = (entry: YAMLMap, key: string) =>
  entry.items.find((p) => isScalar(p.key) && p.key.value === key);

/** The text of one list entry (from its dash to its last line), edited as asked. */
const copyEntryText = (
  text: string,
  entry: YAMLMap,
  values: Record<string, string>,
  drop: readonly string[],
): string | undefined => {
  if (!entry.range) return undefined;
  const from = lineStart(text, entry.range[0]);
  const to = lineEndAfter(text, entry.range[1]);
  const edits: TextEdit[] = [];
  for (const [key, value] of Object.entries(values)) {
    const pair = pairOf(entry, key);
    if (!pair || !isScalar(pair.value) || !pair.value.range) return undefined;
    edits.push({
      at: pair.value.range[0] - from,
      end: pair.value.range[1] - from,
      text: stringify(value).trimEnd(),
    });
  }
  for (const key of drop) {
    const pair = pairOf(entry, key);
    if (!pair) continue;
    if (!isScalar(pair.key) || !pair.key.range || !isScalar(pair.value) || !pair.value.range)
      return undefined;
    const start = lineStart(text, pair.key.range[0]);
    // The first key shares its line with the dash: dropping it would drop the dash.
    if (start <= from) return undefined;
    edits.push({ at: start - from, end: lineEndAfter(text, pair.value.range[1]) - from, text: '' });
  }
  return applyEdits(text.slice(from, to), edits);
};

/**
 * Edits the outputPorts of a product.yaml as text, so everything not edited keeps its exact
 * layout (re-serialising the document would re-fold every long description and SQL query). The
 * text result must parse to the same data as the same edit made on the document; if it does not
 * (an unusual layout, e.g. a flow-style list), the re-serialised document is written instead.
 */
export const editOutputPorts = (tree: Tree, file: string, doc: Document, edit: PortEdit): void => {
  const text = tree.read(file, 'utf-8') ?? '';
  const ports = outputPortNodes(doc, file);
  const edits: TextEdit[] = [];
  for (const { entry, values } of edit.set ?? []) {
    const [start, end] = entry.range ?? [0, 0];
    const keyColumn = start - lineStart(text, start);
    for (const [key, value] of Object.entries(values)) {
      const pair = entry.items.find((p) => isScalar(p.key) && p.key.value === key);
      const rendered = stringify(value).trimEnd();
      if (pair && isScalar(pair.value) && pair.value.range)
        edits.push({ at: pair.value.range[0], end: pair.value.range[1], text: rendered });
      else
        edits.push({
          at: lineEndAfter(text, end),
          text: `${' '.repeat(keyColumn)}${key}: ${rendered}\n`,
        });
    }
  }
  const last = ports[ports.length - 1];
  const copied = edit.copy
    ? copyEntryText(text, edit.copy.entry, edit.copy.values, edit.copy.drop)
    : undefined;
  if (copied !== undefined && last?.range)
    edits.push({ at: lineEndAfter(text, last.range[1]), text: copied });
  if (edit.append?.length && last?.range) {
    const first = ports[0]!.range![0];
    const dashColumn = Math.max(0, text.slice(lineStart(text, first), first).indexOf('-'));
    const block = renderEntries(edit.append)
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => `${' '.repeat(dashColumn)}${l}\n`)
      .join('');
    edits.push({ at: lineEndAfter(text, last.range[1]), text: block });
  }
  if (edit.copy) {
    const clone = edit.copy.entry.clone() as YAMLMap;
    for (const [k, v] of Object.entries(edit.copy.values)) clone.set(k, v);
    for (const k of edit.copy.drop) clone.delete(k);
    doc.addIn(['outputPorts'], clone);
  }
  for (const { entry, values } of edit.set ?? [])
    for (const [k, v] of Object.entries(values)) entry.set(k, v);
  for (const item of edit.append ?? []) doc.addIn(['outputPorts'], doc.createNode(item));
  const spliced = applyEdits(text.endsWith('\n') ? text : `${text}\n`, edits);
  let same = false;
  try {
    same = isDeepStrictEqual(parse(spliced), doc.toJS());
  } catch {
    same = false;
  }
  // Fold long text at the width the workspace's formatter uses.
  tree.write(file, same ? spliced : doc.toString({ lineWidth: 100 }));
};
