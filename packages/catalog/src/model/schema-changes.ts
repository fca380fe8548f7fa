import type { SchemaChange, SchemaTree } from './catalog-model.js';
import { flattenFields } from './field-tree.js';

const show = (v: unknown): string => JSON.stringify(v) ?? 'undefined';

/**
 * What changed between two versions of a contract, field by field (matched by path): fields
 * added and removed, types, defaults and docs changed. Whether the change is compatible is the
 * compatibility engine's verdict, not this list's.
 */
export const diffSchemas = (older: SchemaTree, newer: SchemaTree): SchemaChange[] => {
  const before = new Map(flattenFields(older.fields).map((f) => [f.path, f]));
  const after = new Map(flattenFields(newer.fields).map((f) => [f.path, f]));
  const changes: SchemaChange[] = [];
  for (const [path, f] of after) {
    const old = before.get(path);
    if (!old) {
      changes.push({ kind: 'field-added', path, to: f.type });
      continue;
    }
    if (old.type !== f.type)
      changes.push({ kind: 'type-changed', path, from: old.type, to: f.type });
    if (old.hasDefault !== f.hasDefault || show(old.default) !== show(f.default))
      changes.push({
        kind: 'default-changed',
        path,
        ...(old.hasDefault ? { from: show(old.default) } : {}),
        ...(f.hasDefault ? { to: show(f.default) } : {}),
      });
    if ((old.doc ?? '') !== (f.doc ?? ''))
      changes.push({
        kind: 'doc-changed',
        path,
        ...(old.doc ? { from: old.doc } : {}),
        ...(f.doc ? { to: f.doc } : {}),
      });
  }
  for (const [path, f] of before)
    if (!after.has(path)) changes.push({ kind: 'field-removed', path, from: f.type });
  return changes;
};

/** One line per change, for version tables and the CLI. */
export const describeChange = (c: SchemaChange): string => {
  switch (c.kind) {
    case 'field-added':
      return `added ${c.path} (${c.to ?? ''})`;
    case 'field-removed':
      return `removed ${c.path} (${c.from ?? ''})`;
    case 'type-changed':
      return `${c.path}: ${c.from ?? ''} -> ${c.to ?? ''}`;
    case 'default-changed':
      return `${c.path}: default ${c.from ?? 'none'} -> ${c.to ?? 'none'}`;
    case 'doc-changed':
      return `${c.path}: doc changed`;
  }
};
