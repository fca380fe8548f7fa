import { InfrastructureError, InputError } from '@meshkit/core';

/** One subject of a Confluent-compatible registry, with every version as registered. */
export interface RegistrySubjectBackup {
  subject: string;
  /** The subject's own level; null when it follows the global level. */
  compatibility: string | null;
  versions: {
    version: number;
    id: number;
    schema: string;
    schemaType?: string;
    references?: unknown[];
  }[];
}

/** The registry part of a snapshot, stored as one blob that the manifest names. */
export interface RegistryBackup {
  apiVersion: 'meshkit/v1';
  kind: 'RegistryBackup';
  registry: string;
  globalCompatibility: string | null;
  subjects: RegistrySubjectBackup[];
}

const TIMEOUT_MS = 30_000;

const call = async (
  base: string,
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> => {
  const url = `${base.replace(/\/+$/, '')}${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new InfrastructureError(
      'REGISTRY_UNREACHABLE',
      `cannot reach the schema registry at ${base} (${(error as Error).message}); check registry.url / MESH_REGISTRY_URL and that it runs`,
      { cause: error },
    );
  }
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json };
};

const expectOk = (r: { status: number; json: unknown }, what: string, base: string): unknown => {
  if (r.status >= 200 && r.status < 300) return r.json;
  const message =
    typeof r.json === 'object' && r.json !== null && 'message' in r.json
      ? String((r.json as { message: unknown }).message)
      : JSON.stringify(r.json);
  throw new InfrastructureError(
    'REGISTRY_REQUEST_FAILED',
    `schema registry ${base} refused to ${what} (HTTP ${r.status}): ${message}`,
    { retriable: r.status >= 500 },
  );
};

const enc = encodeURIComponent;

/** Reads every subject with its versions, ids and compatibility level (Confluent REST API). */
export const readRegistry = async (base: string): Promise<RegistryBackup> => {
  const subjects = expectOk(await call(base, 'GET', '/subjects'), 'list subjects', base);
  if (!Array.isArray(subjects))
    throw new InfrastructureError(
      'REGISTRY_REQUEST_FAILED',
      `schema registry ${base} answered GET /subjects with something other than a list`,
    );
  const global = await call(base, 'GET', '/config');
  const globalCompatibility =
    global.status === 200 &&
    typeof (global.json as { compatibilityLevel?: unknown })?.compatibilityLevel === 'string'
      ? (global.json as { compatibilityLevel: string }).compatibilityLevel
      : null;
  const out: RegistrySubjectBackup[] = [];
  for (const subject of [...subjects].map(String).sort()) {
    const versions = expectOk(
      await call(base, 'GET', `/subjects/${enc(subject)}/versions`),
      `list versions of ${subject}`,
      base,
    );
    const config = await call(base, 'GET', `/config/${enc(subject)}?defaultToGlobal=false`);
    const level = (config.json as { compatibilityLevel?: unknown } | undefined)?.compatibilityLevel;
    const entry: RegistrySubjectBackup = {
      subject,
      compatibility: config.status === 200 && typeof level === 'string' ? level : null,
      versions: [],
    };
    for (const v of Array.isArray(versions) ? versions : []) {
      const doc = expectOk(
        await call(base, 'GET', `/subjects/${enc(subject)}/versions/${Number(v)}`),
        `read ${subject} version ${v}`,
        base,
      ) as {
        version: number;
        id: number;
        schema: string;
        schemaType?: string;
        references?: unknown[];
      };
      entry.versions.push({
        version: doc.version,
        id: doc.id,
        schema: doc.schema,
        ...(doc.schemaType && doc.schemaType !== 'AVRO' ? { schemaType: doc.schemaType } : {}),
        ...(doc.references && doc.references.length > 0 ? { references: doc.references } : {}),
      });
    }
    out.push(entry);
  }
  return {
    apiVersion: 'meshkit/v1',
    kind: 'RegistryBackup',
    registry: base,
    globalCompatibility,
    subjects: out,
  };
};

export const parseRegistryBackup = (bytes: Uint8Array, where: string): RegistryBackup => {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    doc = undefined;
  }
  const d = doc as Partial<RegistryBackup> | undefined;
  if (!d || d.kind !== 'RegistryBackup' || !Array.isArray(d.subjects))
    throw new InputError(
      'SNAPSHOT_REGISTRY_INVALID',
      `${where} is not a registry backup written by mesh`,
    );
  return d as RegistryBackup;
};

/**
 * Writes the subjects into a registry through IMPORT mode, keeping every schema's id and version,
 * then sets each subject's compatibility level and puts it back into READWRITE mode. Subjects
 * that already exist in the target are refused by the registry: import into an empty registry.
 */
export const importRegistry = async (
  base: string,
  backup: RegistryBackup,
): Promise<{ subjects: number; versions: number }> => {
  let versions = 0;
  for (const s of backup.subjects) {
    const subject = enc(s.subject);
    expectOk(
      await call(base, 'PUT', `/mode/${subject}`, { mode: 'IMPORT' }),
      `put ${s.subject} into IMPORT mode (the subject must be empty)`,
      base,
    );
    for (const v of [...s.versions].sort((a, b) => a.version - b.version)) {
      expectOk(
        await call(base, 'POST', `/subjects/${subject}/versions`, {
          schema: v.schema,
          id: v.id,
          version: v.version,
          ...(v.schemaType ? { schemaType: v.schemaType } : {}),
          ...(v.references ? { references: v.references } : {}),
        }),
        `import ${s.subject} version ${v.version} with id ${v.id}`,
        base,
      );
      versions++;
    }
    if (s.compatibility)
      expectOk(
        await call(base, 'PUT', `/config/${subject}`, { compatibility: s.compatibility }),
        `set the level of ${s.subject}`,
        base,
      );
    expectOk(
      await call(base, 'PUT', `/mode/${subject}`, { mode: 'READWRITE' }),
      `put ${s.subject} back into READWRITE mode`,
      base,
    );
  }
  return { subjects: backup.subjects.length, versions };
};
