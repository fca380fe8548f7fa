import type { Tree } from '@nx/devkit';
import { InputError } from '@meshkit/core';
import { isMap, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';

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
  const seq = doc.get('outputPorts');
  if (!isSeq(seq) || !seq.items.every((i) => isMap(i)))
    throw new InputError(
      'INPUT_DESCRIPTOR_INVALID',
      `${file}: outputPorts must be a list of ports; fix it first ("mesh validate" shows where)`,
    );
  return seq.items as YAMLMap[];
};

export const writeDocument = (tree: Tree, file: string, doc: Document): void =>
  tree.write(file, doc.toString({ lineWidth: 0 }));
