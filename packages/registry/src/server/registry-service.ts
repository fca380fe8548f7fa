import { COMPATIBILITY_LEVELS, isJsonObject } from '@meshkit/core';
import type { CompatibilityLevel, LevelResult } from '@meshkit/core';
import {
  ErrorCode,
  RegistryHttpError,
  invalidSchema,
  notPermitted,
  schemaNotFound,
  subjectNotFound,
  versionNotFound,
} from './registry-errors.js';
import { REGISTRY_MODES } from './registry-log.js';
import type { RegistryLog, RegistryMode, RegistryRecord } from './registry-log.js';
import { RegistryState } from './registry-state.js';
import type { VersionEntry } from './registry-state.js';
import { parseRegistrySchema } from './schema-engine.js';
import type { ParsedSchema, RegistryCompatibilityChecker } from './schema-engine.js';

export interface RegistryRequest {
  method: string;
  /** Path segments, already percent-decoded: `/subjects/a%2Fb` -> `['subjects', 'a/b']`. */
  segments: string[];
  query: URLSearchParams;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
}

export interface RegistryResponse {
  status: number;
  body: unknown;
}

const MAX_VERSION = 2 ** 31 - 1;
const LEVEL_HELP =
  'Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive';

const flag = (query: URLSearchParams, name: string): boolean =>
  (query.get(name) ?? '').toLowerCase() === 'true';

/**
 * The Confluent Schema Registry REST API v1 for Avro, independent of HTTP: the server and the
 * in-memory fake both call `handle`. Every change runs synchronously from check to `state.apply`
 * (no await in between), so concurrent requests cannot interleave half-made decisions; the reply
 * waits until the log has made the change durable.
 */
export class RegistryService {
  private failure: Error | undefined;

  private constructor(
    private readonly state: RegistryState,
    private readonly log: RegistryLog,
    private readonly checker: RegistryCompatibilityChecker,
  ) {}

  static async open(
    log: RegistryLog,
    checker: RegistryCompatibilityChecker,
  ): Promise<RegistryService> {
    const state = new RegistryState();
    for (const record of await log.replay()) state.apply(record);
    return new RegistryService(state, log, checker);
  }

  /** Counts for the start-up line. */
  stats(): { subjects: number; schemas: number } {
    return { subjects: this.state.subjects.size, schemas: this.state.schemas.size };
  }

  async handle(request: RegistryRequest): Promise<RegistryResponse> {
    try {
      if (this.failure) throw this.storeError(this.failure);
      const body = this.route(request);
      // Nothing is answered before what it shows is durable, reads included.
      await this.log.settled();
      return { status: 200, body };
    } catch (error) {
      if (error instanceof RegistryHttpError)
        return {
          status: error.status,
          body: { error_code: error.errorCode, message: error.message },
        };
      const failure = this.storeError(error);
      return { status: 500, body: { error_code: failure.errorCode, message: failure.message } };
    }
  }

  async close(): Promise<void> {
    await this.log.close();
  }

  private storeError(error: unknown): RegistryHttpError {
    return new RegistryHttpError(
      500,
      ErrorCode.StoreError,
      `Error in the backend data store: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  /** Applies a change now and writes it to the log; a failed write stops all further requests. */
  private commit(record: RegistryRecord, canonical?: string): void {
    this.state.apply(record, canonical);
    this.log.append(record).catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
    });
  }

  private route(req: RegistryRequest): unknown {
    const [root, a, b, c, d, e, ...extra] = req.segments;
    const m = req.method;
    if (extra.length > 0) throw notFound();
    switch (root) {
      case undefined:
        if (m === 'GET') return {};
        break;
      case 'subjects':
        if (a === undefined) return m === 'GET' ? this.listSubjects(req) : notAllowed();
        if (b === undefined) {
          if (m === 'POST') return this.lookup(a, req);
          if (m === 'DELETE') return this.deleteSubject(a, req);
          return notAllowed();
        }
        if (b !== 'versions' || e !== undefined) break;
        if (c === undefined) {
          if (m === 'GET') return this.listVersions(a, req);
          if (m === 'POST') return this.register(a, req);
          return notAllowed();
        }
        if (d === 'schema' && m === 'GET') return this.state.json(this.getVersion(a, c, req).id);
        if (d === 'referencedby' && m === 'GET') return this.referencedBy(a, c, req);
        if (d !== undefined) break;
        if (m === 'GET') return this.getVersion(a, c, req);
        if (m === 'DELETE') return this.deleteVersion(a, c, req);
        return notAllowed();
      case 'schemas':
        if (a === 'types' && b === undefined && m === 'GET') return ['AVRO'];
        if (a === 'ids' && b !== undefined && d === undefined && m === 'GET')
          return this.getById(b, c, req);
        break;
      case 'config':
        if (b !== undefined) break;
        if (m === 'GET') return this.getConfig(a ?? null, req);
        if (m === 'PUT') return this.putConfig(a ?? null, req);
        if (m === 'DELETE') return this.deleteConfig(a ?? null);
        return notAllowed();
      case 'mode':
        if (b !== undefined) break;
        if (m === 'GET') return this.getMode(a ?? null, req);
        if (m === 'PUT') return this.putMode(a ?? null, req);
        if (m === 'DELETE') return this.deleteMode(a ?? null);
        return notAllowed();
      case 'compatibility':
        if (a === 'subjects' && b !== undefined && c === 'versions' && e === undefined) {
          if (m === 'POST') return this.testCompatibility(b, d, req);
          return notAllowed();
        }
        break;
      default:
        break;
    }
    throw notFound();
  }

  // --- subjects and versions -------------------------------------------------------------

  private listSubjects(req: RegistryRequest): string[] {
    const deleted = flag(req.query, 'deleted');
    const deletedOnly = flag(req.query, 'deletedOnly');
    const prefix = req.query.get('subjectPrefix') ?? '';
    const names: string[] = [];
    for (const [subject, entries] of this.state.subjects) {
      if (!subject.startsWith(prefix)) continue;
      const live = entries.some((e) => !e.deleted);
      if (deletedOnly ? !live : live || deleted) names.push(subject);
    }
    return names.sort();
  }

  private entries(subject: string, includeDeleted: boolean): VersionEntry[] {
    const all = this.state.subjects.get(subject);
    const entries = includeDeleted ? (all ?? []) : this.state.live(subject);
    if (entries.length === 0) throw subjectNotFound(subject);
    return entries;
  }

  private listVersions(subject: string, req: RegistryRequest): number[] {
    const deleted = flag(req.query, 'deleted') || flag(req.query, 'deletedOnly');
    const entries = this.entries(subject, deleted);
    return (flag(req.query, 'deletedOnly') ? entries.filter((e) => e.deleted) : entries).map(
      (e) => e.version,
    );
  }

  private resolveVersion(subject: string, raw: string, includeDeleted: boolean): VersionEntry {
    const version = parseVersion(raw);
    const entries = this.entries(subject, includeDeleted);
    const entry =
      version === 'latest'
        ? entries[entries.length - 1]
        : entries.find((e) => e.version === version);
    if (!entry) throw versionNotFound(subject, raw);
    return entry;
  }

  private describe(subject: string, entry: VersionEntry) {
    return {
      subject,
      version: entry.version,
      id: entry.id,
      schema: this.state.schemas.get(entry.id)!.text,
    };
  }

  private getVersion(subject: string, raw: string, req: RegistryRequest) {
    return this.describe(subject, this.resolveVersion(subject, raw, flag(req.query, 'deleted')));
  }

  private referencedBy(subject: string, raw: string, req: RegistryRequest): number[] {
    // Schema references are not supported (contracts inline their shared types), so none exist.
    this.resolveVersion(subject, raw, flag(req.query, 'deleted'));
    return [];
  }

  private lookup(subject: string, req: RegistryRequest) {
    const includeDeleted = flag(req.query, 'deleted');
    const candidate = this.parseBody(req.body);
    const entries = this.entries(subject, includeDeleted);
    const match = [...entries]
      .reverse()
      .find((e) => this.state.schemas.get(e.id)!.canonical === candidate.parsed.canonical);
    if (!match) throw schemaNotFound(`not found under subject '${subject}'`);
    return this.describe(subject, match);
  }

  private register(subject: string, req: RegistryRequest): { id: number; version: number } {
    checkSubjectName(subject);
    const { parsed, id: givenId, version: givenVersion } = this.parseBody(req.body);
    const mode = this.state.modeOf(subject);
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE')
      throw notPermitted(
        `Subject '${subject}' is in read-only mode; PUT /mode/${subject} with {"mode":"READWRITE"} to register`,
      );
    const all = this.state.subjects.get(subject) ?? [];
    const live = all.filter((e) => !e.deleted);
    const nextVersion = (all[all.length - 1]?.version ?? 0) + 1;
    const same = [...live]
      .reverse()
      .find((e) => this.state.schemas.get(e.id)!.canonical === parsed.canonical);

    if (mode === 'IMPORT') return this.importSchema(subject, parsed, givenId, givenVersion, same);

    if (same) {
      if (givenId !== undefined && givenId !== same.id) throw idMismatch(givenId, same.id, subject);
      return { id: same.id, version: same.version };
    }
    const level = this.state.levelOf(subject);
    // Non-transitive levels look at the latest version only: parse no more than that.
    const against = level.endsWith('_TRANSITIVE') ? live : live.slice(-1);
    const verdict = this.check(
      level,
      against.map((e) => this.state.json(e.id)),
      parsed.model,
    );
    if (!verdict.compatible)
      throw new RegistryHttpError(
        409,
        ErrorCode.Incompatible,
        `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${this.reasons(verdict, against).join(', ')}]`,
      );
    const id = this.state.idByCanonical.get(parsed.canonical) ?? this.state.maxId + 1;
    if (givenId !== undefined && givenId !== id)
      throw notPermitted(
        `Registering schema id ${givenId} is only allowed in IMPORT mode (this schema gets id ${id}); ` +
          `PUT /mode/${subject} with {"mode":"IMPORT"} first, or leave out "id"`,
      );
    if (givenVersion !== undefined && givenVersion !== nextVersion)
      throw notPermitted(
        `Registering version ${givenVersion} of subject '${subject}' is only allowed in IMPORT mode (the next version is ${nextVersion}); ` +
          `PUT /mode/${subject} with {"mode":"IMPORT"} first, or leave out "version"`,
      );
    this.commit(
      { op: 'register', subject, version: nextVersion, id, schema: parsed.text },
      parsed.canonical,
    );
    return { id, version: nextVersion };
  }

  /** IMPORT mode: ids and versions come from the request (a restore), and nothing is checked. */
  private importSchema(
    subject: string,
    parsed: ParsedSchema,
    givenId: number | undefined,
    givenVersion: number | undefined,
    same: VersionEntry | undefined,
  ): { id: number; version: number } {
    if (same && givenVersion === undefined) {
      if (givenId !== undefined && givenId !== same.id) throw idMismatch(givenId, same.id, subject);
      return { id: same.id, version: same.version };
    }
    let id = givenId ?? this.state.idByCanonical.get(parsed.canonical) ?? this.state.maxId + 1;
    const holder = this.state.schemas.get(id);
    if (holder && holder.canonical !== parsed.canonical)
      throw new RegistryHttpError(
        422,
        ErrorCode.IdDoesNotMatch,
        `Schema id ${id} is already used by another schema; import this schema under a free id (the highest id in use is ${this.state.maxId})`,
      );
    id = holder?.id ?? id;
    const all = this.state.subjects.get(subject) ?? [];
    const version = givenVersion ?? (all[all.length - 1]?.version ?? 0) + 1;
    const taken = all.find((e) => e.version === version);
    if (taken) {
      if (taken.id === id && !taken.deleted) return { id, version };
      throw notPermitted(
        `Version ${version} of subject '${subject}' already exists with schema id ${taken.id}; ` +
          'import into an empty subject, or delete that version permanently first',
      );
    }
    this.commit({ op: 'register', subject, version, id, schema: parsed.text }, parsed.canonical);
    return { id, version };
  }

  private deleteSubject(subject: string, req: RegistryRequest): number[] {
    const all = this.state.subjects.get(subject) ?? [];
    if (all.length === 0) throw subjectNotFound(subject);
    this.checkWritable(subject);
    const permanent = flag(req.query, 'permanent');
    const live = all.filter((e) => !e.deleted);
    if (permanent) {
      if (live.length > 0)
        throw new RegistryHttpError(
          404,
          ErrorCode.SubjectNotSoftDeleted,
          `Subject '${subject}' was not deleted first before being permanently deleted; DELETE /subjects/${subject} without permanent=true first`,
        );
      const versions = all.map((e) => e.version);
      this.commit({ op: 'delete-subject', subject, permanent: true });
      return versions;
    }
    if (live.length === 0)
      throw new RegistryHttpError(
        404,
        ErrorCode.SubjectSoftDeleted,
        `Subject '${subject}' was soft deleted. Set permanent=true to delete permanently`,
      );
    this.commit({ op: 'delete-subject', subject, permanent: false });
    return live.map((e) => e.version);
  }

  private deleteVersion(subject: string, raw: string, req: RegistryRequest): number {
    const permanent = flag(req.query, 'permanent');
    const version = parseVersion(raw);
    const all = this.state.subjects.get(subject) ?? [];
    if (all.length === 0) throw subjectNotFound(subject);
    this.checkWritable(subject);
    const live = all.filter((e) => !e.deleted);
    const pool = permanent ? all : live;
    const entry =
      version === 'latest' ? pool[pool.length - 1] : all.find((e) => e.version === version);
    if (!entry) throw versionNotFound(subject, raw);
    if (permanent && !entry.deleted)
      throw new RegistryHttpError(
        404,
        ErrorCode.VersionNotSoftDeleted,
        `Subject '${subject}' Version ${entry.version} was not deleted first before being permanently deleted; delete it without permanent=true first`,
      );
    if (!permanent && entry.deleted)
      throw new RegistryHttpError(
        404,
        ErrorCode.VersionSoftDeleted,
        `Subject '${subject}' Version ${entry.version} was soft deleted. Set permanent=true to delete permanently`,
      );
    this.commit({ op: 'delete-version', subject, version: entry.version, permanent });
    return entry.version;
  }

  private getById(raw: string, sub: string | undefined, req: RegistryRequest): unknown {
    const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
    const schema = this.state.schemas.get(id);
    // Soft-deleted versions still resolve (consumers may read old records); hard-deleted do not.
    const uses = schema ? this.state.usesOf(id, true) : [];
    if (!schema || uses.length === 0) throw schemaNotFound(raw);
    const includeDeleted = flag(req.query, 'deleted');
    switch (sub) {
      case undefined:
        return flag(req.query, 'fetchMaxId')
          ? { schema: schema.text, maxId: this.state.maxId }
          : { schema: schema.text };
      case 'schema':
        return this.state.json(id);
      case 'versions':
        return this.state.usesOf(id, includeDeleted);
      case 'subjects':
        return [...new Set(this.state.usesOf(id, includeDeleted).map((u) => u.subject))].sort();
      default:
        throw notFound();
    }
  }

  // --- compatibility ------------------------------------------------------------------------

  private check(level: CompatibilityLevel, existing: unknown[], candidate: unknown): LevelResult {
    if (level === 'NONE' || existing.length === 0) return { compatible: true, level, results: [] };
    try {
      return this.checker.checkLevel(level, existing, candidate);
    } catch (error) {
      // Schemas are validated on the way in; this only happens if the engine is stricter.
      throw invalidSchema(`Invalid schema: ${(error as Error).message}`);
    }
  }

  /**
   * Confluent's verbose reasons: per incompatibility `{errorType, description, additionalInfo}`
   * (plus the JSON Pointer and Meshkit rule id), then the old version, and last the level.
   */
  private reasons(result: LevelResult, against: VersionEntry[]): string[] {
    const reasons: string[] = [];
    for (const check of result.results) {
      if (check.compatible) continue;
      const [reader, writer] = check.direction === 'backward' ? ['new', 'old'] : ['old', 'new'];
      for (const inc of check.incompatibilities)
        reasons.push(
          `{errorType:'${inc.type}', description:'${describeIncompatibility(inc.type, inc.location, inc.message, reader, writer)}', ` +
            `additionalInfo:'${inc.message}', location:'${inc.location}', ruleId:'${inc.ruleId}'}`,
        );
      const old = against[check.againstVersionIndex];
      if (old) {
        reasons.push(`{oldSchemaVersion: ${old.version}}`);
        reasons.push(`{oldSchema: '${this.state.schemas.get(old.id)!.text}'}`);
      }
    }
    reasons.push(`{validateFields: 'false', compatibility: '${result.level}'}`);
    return reasons;
  }

  private testCompatibility(subject: string, raw: string | undefined, req: RegistryRequest) {
    const { parsed } = this.parseBody(req.body);
    const level = this.state.levelOf(subject);
    const live = this.state.live(subject);
    let against: VersionEntry[];
    if (raw === undefined) {
      against = live;
    } else {
      const version = parseVersion(raw);
      if (version === 'latest') {
        // Confluent: the candidate is checked as a new latest version, i.e. at the subject's level
        // against what that level looks at.
        against = level.endsWith('_TRANSITIVE') ? live : live.slice(-1);
      } else {
        if (live.length === 0) throw subjectNotFound(subject);
        const entry = live.find((e) => e.version === version);
        if (!entry) throw versionNotFound(subject, raw);
        against = [entry];
      }
    }
    const verdict = this.check(
      level,
      against.map((e) => this.state.json(e.id)),
      parsed.model,
    );
    if (!flag(req.query, 'verbose')) return { is_compatible: verdict.compatible };
    return {
      is_compatible: verdict.compatible,
      messages: verdict.compatible ? [] : this.reasons(verdict, against),
    };
  }

  // --- config and mode ----------------------------------------------------------------------

  private getConfig(subject: string | null, req: RegistryRequest) {
    if (subject === null) return { compatibilityLevel: this.state.globalLevel ?? 'BACKWARD' };
    const level = this.state.subjectLevels.get(subject);
    if (level) return { compatibilityLevel: level };
    if (flag(req.query, 'defaultToGlobal'))
      return { compatibilityLevel: this.state.globalLevel ?? 'BACKWARD' };
    throw new RegistryHttpError(
      404,
      ErrorCode.SubjectCompatibilityNotConfigured,
      `Subject '${subject}' does not have subject-level compatibility configured; add ?defaultToGlobal=true for the level in effect`,
    );
  }

  private putConfig(subject: string | null, req: RegistryRequest) {
    if (subject !== null) checkSubjectName(subject);
    if (!isJsonObject(req.body))
      throw new RegistryHttpError(
        422,
        ErrorCode.InvalidCompatibilityLevel,
        `Send {"compatibility": "<level>"}. ${LEVEL_HELP}`,
      );
    const raw = req.body.compatibility ?? req.body.compatibilityLevel;
    const level = typeof raw === 'string' ? raw.toUpperCase() : undefined;
    if (!level || !(COMPATIBILITY_LEVELS as readonly string[]).includes(level))
      throw new RegistryHttpError(
        422,
        ErrorCode.InvalidCompatibilityLevel,
        `Invalid compatibility level ${JSON.stringify(raw ?? null)}. ${LEVEL_HELP}`,
      );
    this.commit({ op: 'config', subject, level: level as CompatibilityLevel });
    return { compatibility: level };
  }

  private deleteConfig(subject: string | null) {
    if (subject === null) {
      const previous = this.state.globalLevel ?? 'BACKWARD';
      this.commit({ op: 'config', subject: null, level: null });
      return { compatibilityLevel: previous };
    }
    const previous = this.state.subjectLevels.get(subject);
    if (!previous) {
      if (!this.state.subjects.has(subject)) throw subjectNotFound(subject);
      throw new RegistryHttpError(
        404,
        ErrorCode.SubjectCompatibilityNotConfigured,
        `Subject '${subject}' does not have subject-level compatibility configured`,
      );
    }
    this.commit({ op: 'config', subject, level: null });
    return { compatibilityLevel: previous };
  }

  private getMode(subject: string | null, req: RegistryRequest) {
    if (subject === null) return { mode: this.state.globalMode ?? 'READWRITE' };
    const mode = this.state.subjectModes.get(subject);
    if (mode) return { mode };
    if (flag(req.query, 'defaultToGlobal')) return { mode: this.state.globalMode ?? 'READWRITE' };
    throw new RegistryHttpError(
      404,
      ErrorCode.SubjectModeNotConfigured,
      `Subject '${subject}' does not have subject-level mode configured; add ?defaultToGlobal=true for the mode in effect`,
    );
  }

  private putMode(subject: string | null, req: RegistryRequest) {
    if (subject !== null) checkSubjectName(subject);
    const raw = isJsonObject(req.body) ? req.body.mode : undefined;
    const mode = typeof raw === 'string' ? raw.toUpperCase() : undefined;
    if (!mode || !(REGISTRY_MODES as readonly string[]).includes(mode))
      throw new RegistryHttpError(
        422,
        ErrorCode.InvalidMode,
        `Invalid mode ${JSON.stringify(raw ?? null)}: send {"mode": "<mode>"} with one of ${REGISTRY_MODES.join(', ')}`,
      );
    if (mode === 'IMPORT' && !flag(req.query, 'force')) {
      const used =
        subject === null
          ? this.state.subjects.size > 0
          : (this.state.subjects.get(subject)?.length ?? 0) > 0;
      if (used)
        throw notPermitted(
          `Cannot import since found existing subjects${subject === null ? '' : ` ('${subject}' has versions)`}; ` +
            'import into an empty registry or subject, or add ?force=true',
        );
    }
    this.commit({ op: 'mode', subject, mode: mode as RegistryMode });
    return { mode };
  }

  private deleteMode(subject: string | null) {
    const previous =
      subject === null
        ? (this.state.globalMode ?? 'READWRITE')
        : this.state.subjectModes.get(subject);
    if (!previous)
      throw new RegistryHttpError(
        404,
        ErrorCode.SubjectModeNotConfigured,
        `Subject '${subject}' does not have subject-level mode configured`,
      );
    this.commit({ op: 'mode', subject, mode: null });
    return { mode: previous };
  }

  private checkWritable(subject: string): void {
    const mode = this.state.modeOf(subject);
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE')
      throw notPermitted(`Subject '${subject}' is in read-only mode`);
  }

  // --- bodies -------------------------------------------------------------------------------

  private parseBody(body: unknown): {
    parsed: ParsedSchema;
    id: number | undefined;
    version: number | undefined;
  } {
    if (!isJsonObject(body))
      throw invalidSchema(
        'The request body must be a JSON object such as {"schema": "{\\"type\\": \\"string\\"}"}',
      );
    const { schema, schemaType, references, id, version } = body;
    if (schemaType !== undefined && schemaType !== null && schemaType !== 'AVRO')
      throw invalidSchema(
        `Invalid schema type ${JSON.stringify(schemaType)}: this registry serves AVRO schemas only`,
      );
    if (Array.isArray(references) && references.length > 0)
      throw invalidSchema(
        'Schema references are not supported: write the referenced types out inside the schema',
      );
    if (typeof schema !== 'string' || schema.trim() === '')
      throw invalidSchema(
        typeof schema === 'object' && schema !== null
          ? '"schema" must be a string holding the schema\'s JSON, not a JSON object: send {"schema": JSON.stringify(<schema>)}'
          : 'Empty schema: the request body needs "schema", the Avro schema as a JSON string',
      );
    const parsed = parseRegistrySchema(schema);
    if (!parsed.ok) throw invalidSchema(`Invalid schema: ${parsed.error}`);
    return {
      parsed: parsed.value,
      id: optionalPositive(id, 'id', 0),
      version: optionalPositive(version, 'version', 0),
    };
  }
}

const optionalPositive = (value: unknown, name: string, none: number): number | undefined => {
  if (value === undefined || value === null || value === none || value === -1) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= MAX_VERSION)
    return value;
  throw new RegistryHttpError(
    422,
    name === 'version' ? ErrorCode.InvalidVersion : ErrorCode.InvalidSchema,
    `"${name}" must be a whole number between 1 and ${MAX_VERSION}, got ${JSON.stringify(value)}`,
  );
};

const parseVersion = (raw: string): number | 'latest' => {
  if (raw === 'latest' || raw === '-1') return 'latest';
  const n = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_VERSION)
    throw new RegistryHttpError(
      422,
      ErrorCode.InvalidVersion,
      `The specified version '${raw}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
    );
  return n;
};

const checkSubjectName = (subject: string): void => {
  // eslint-disable-next-line no-control-regex
  if (subject.trim() === '' || /[\u0000-\u001f]/.test(subject) || subject.length > 1000)
    throw new RegistryHttpError(
      422,
      ErrorCode.InvalidSubject,
      `Invalid subject ${JSON.stringify(subject)}: subjects are non-empty, at most 1000 characters, without control characters`,
    );
};

const idMismatch = (given: number, actual: number, subject: string): RegistryHttpError =>
  new RegistryHttpError(
    422,
    ErrorCode.IdDoesNotMatch,
    `Schema already registered with id ${actual} instead of input id ${given} in subject '${subject}'`,
  );

const notFound = (): RegistryHttpError =>
  new RegistryHttpError(404, 404, 'HTTP 404 Not Found: see docs/registry.md for the endpoints');

const notAllowed = (): never => {
  throw new RegistryHttpError(405, 405, 'HTTP 405 Method Not Allowed');
};

/** Confluent's description of each Avro incompatibility type, seen from the new schema. */
const describeIncompatibility = (
  type: string,
  location: string,
  info: string,
  reader: string,
  writer: string,
): string => {
  switch (type) {
    case 'NAME_MISMATCH':
      return `The name of the schema has changed (path '${location}')`;
    case 'FIXED_SIZE_MISMATCH':
      return `The size of FIXED type field at path '${location}' in the ${reader} schema does not match with the ${writer} schema`;
    case 'MISSING_ENUM_SYMBOLS':
      return `The ${reader} schema is missing enum symbols '${info}' at path '${location}' in the ${writer} schema`;
    case 'READER_FIELD_MISSING_DEFAULT_VALUE':
      return `The field '${info}' at path '${location}' in the ${reader} schema has no default value and is missing in the ${writer} schema`;
    case 'TYPE_MISMATCH':
      return `The type (path '${location}') of a field in the ${reader} schema does not match with the ${writer} schema`;
    case 'MISSING_UNION_BRANCH':
      return `The ${reader} schema is missing a type inside a union field at path '${location}' in the ${writer} schema`;
    default:
      return `${type} at path '${location}'`;
  }
};
