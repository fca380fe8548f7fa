import type { CompatibilityLevel } from '@meshkit/core';
import type { RegistryMode, RegistryRecord } from './registry-log.js';
import { registryCanonicalForm } from './schema-identity.js';

export interface StoredSchema {
  id: number;
  text: string;
  canonical: string;
}

/** Parsed schemas kept for compatibility checks; the rest are parsed again when needed. */
const PARSED_CACHE_SIZE = 2_000;

export interface VersionEntry {
  version: number;
  id: number;
  deleted: boolean;
}

/**
 * The registry's whole state, rebuilt by applying log records in order. `apply` is the only way
 * it changes, so a replay after a restart gives exactly the state the records were written from.
 */
export class RegistryState {
  /** Ids stay bound to their schema forever, so re-registering after a hard delete keeps the id. */
  readonly schemas = new Map<number, StoredSchema>();
  readonly idByCanonical = new Map<string, number>();
  /** Versions per subject, kept sorted by version number. */
  readonly subjects = new Map<string, VersionEntry[]>();
  readonly subjectLevels = new Map<string, CompatibilityLevel>();
  readonly subjectModes = new Map<string, RegistryMode>();
  globalLevel: CompatibilityLevel | null = null;
  globalMode: RegistryMode | null = null;
  maxId = 0;
  /**
   * Parsed JSON by id, least recently used first. Bounded, so memory does not grow with every
   * schema ever registered (core's checker caches its model per JSON object, so an evicted
   * schema's model goes too).
   */
  private readonly parsed = new Map<number, unknown>();

  /** `canonical`, when the caller has it, saves computing it again. */
  apply(record: RegistryRecord, canonical?: string): void {
    switch (record.op) {
      case 'register': {
        if (!this.schemas.has(record.id)) {
          const key = canonical ?? registryCanonicalForm(JSON.parse(record.schema));
          this.schemas.set(record.id, { id: record.id, text: record.schema, canonical: key });
          if (!this.idByCanonical.has(key)) this.idByCanonical.set(key, record.id);
        }
        this.maxId = Math.max(this.maxId, record.id);
        const entries = this.subjects.get(record.subject) ?? [];
        const at = entries.findIndex((e) => e.version >= record.version);
        const entry = { version: record.version, id: record.id, deleted: false };
        if (at === -1) entries.push(entry);
        else if (entries[at]!.version === record.version) entries[at] = entry;
        else entries.splice(at, 0, entry);
        this.subjects.set(record.subject, entries);
        return;
      }
      case 'delete-version': {
        const entries = this.subjects.get(record.subject);
        if (!entries) return;
        const at = entries.findIndex((e) => e.version === record.version);
        if (at === -1) return;
        if (record.permanent) entries.splice(at, 1);
        else entries[at]!.deleted = true;
        if (entries.length === 0) this.subjects.delete(record.subject);
        return;
      }
      case 'delete-subject': {
        if (record.permanent) {
          this.subjects.delete(record.subject);
          this.subjectLevels.delete(record.subject);
          this.subjectModes.delete(record.subject);
        } else {
          for (const entry of this.subjects.get(record.subject) ?? []) entry.deleted = true;
        }
        return;
      }
      case 'config':
        if (record.subject === null) this.globalLevel = record.level;
        else if (record.level === null) this.subjectLevels.delete(record.subject);
        else this.subjectLevels.set(record.subject, record.level);
        return;
      case 'mode':
        if (record.subject === null) this.globalMode = record.mode;
        else if (record.mode === null) this.subjectModes.delete(record.subject);
        else this.subjectModes.set(record.subject, record.mode);
        return;
    }
  }

  /** The schema with this id as JSON (the same object while it stays cached). */
  json(id: number): unknown {
    let json = this.parsed.get(id);
    if (json === undefined) {
      json = JSON.parse(this.schemas.get(id)!.text);
      if (this.parsed.size >= PARSED_CACHE_SIZE)
        this.parsed.delete(this.parsed.keys().next().value!);
    } else {
      this.parsed.delete(id);
    }
    this.parsed.set(id, json);
    return json;
  }

  live(subject: string): VersionEntry[] {
    return (this.subjects.get(subject) ?? []).filter((e) => !e.deleted);
  }

  levelOf(subject: string): CompatibilityLevel {
    return this.subjectLevels.get(subject) ?? this.globalLevel ?? 'BACKWARD';
  }

  modeOf(subject: string): RegistryMode {
    return this.subjectModes.get(subject) ?? this.globalMode ?? 'READWRITE';
  }

  /** Subjects and versions that use a schema id (soft-deleted ones only when asked). */
  usesOf(id: number, includeDeleted: boolean): { subject: string; version: number }[] {
    const uses: { subject: string; version: number }[] = [];
    for (const [subject, entries] of this.subjects)
      for (const e of entries)
        if (e.id === id && (includeDeleted || !e.deleted))
          uses.push({ subject, version: e.version });
    return uses;
  }
}
