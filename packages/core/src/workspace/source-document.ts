import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** A parsed YAML (or JSON: YAML is a superset) file that can say where each value came from. */
export interface SourceDocument {
  file: string;
  value: unknown;
  /** 1-based line and column of the value at a JSON Pointer (or of its closest existing parent). */
  locate(pointer: string, options?: { key?: boolean }): { line: number; column: number };
}

export interface SourceSyntaxError {
  file: string;
  line: number;
  column: number;
  message: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly: a file that is not valid UTF-8 is an input error, not mojibake. */
export const decodeUtf8 = (bytes: Uint8Array): string | undefined => {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
};

export const unescapePointer = (segment: string): string =>
  segment.replace(/~1/g, '/').replace(/~0/g, '~');

export const pointerSegments = (pointer: string): string[] =>
  pointer === '' ? [] : pointer.split('/').slice(1).map(unescapePointer);

/**
 * Parses a JSON file (an Avro contract) with the fast native parser; positions are worked out
 * only when a finding needs one, by parsing again with the YAML parser (JSON is YAML).
 */
export const parseJsonSourceDocument = (
  file: string,
  text: string,
): { ok: true; value: SourceDocument } | { ok: false; error: SourceSyntaxError } => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The YAML parser gives the position of the syntax error; fall back to a generic one.
    const slow = parseSourceDocument(file, text);
    return slow.ok
      ? { ok: false, error: { file, line: 1, column: 1, message: 'not valid JSON' } }
      : slow;
  }
  let located: SourceDocument | undefined;
  return {
    ok: true,
    value: {
      file,
      value,
      locate: (pointer, options) => {
        if (!located) {
          const slow = parseSourceDocument(file, text);
          if (!slow.ok) return { line: 1, column: 1 };
          located = slow.value;
        }
        return located.locate(pointer, options);
      },
    },
  };
};

/**
 * Parses YAML text keeping positions. Duplicate keys are errors (a silently dropped key is a lost
 * setting); alias expansion is capped by the parser, so a "billion laughs" file fails fast.
 */
export const parseSourceDocument = (
  file: string,
  text: string,
): { ok: true; value: SourceDocument } | { ok: false; error: SourceSyntaxError } => {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0] ?? { line: 1, col: 1 };
    const message = first.message.split('\n')[0] ?? first.message;
    return { ok: false, error: { file, line: pos.line, column: pos.col, message } };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      ok: false,
      error: {
        file,
        line: 1,
        column: 1,
        message: error instanceof Error ? error.message : String(error),
      },
    };
  }
  const at = (offset: number | undefined): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };
  const locate = (pointer: string, options: { key?: boolean } = {}) => {
    let node: unknown = doc.contents;
    let keyNode: unknown;
    for (const segment of pointerSegments(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment,
        );
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)];
        if (item === undefined) break;
        keyNode = undefined;
        node = item;
      } else break;
    }
    const target = (options.key && keyNode ? keyNode : node) as Node | null | undefined;
    return at(target?.range?.[0]);
  };
  return { ok: true, value: { file, value, locate } };
};
