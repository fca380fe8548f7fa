import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { decodeUtf8, InputError, parseSourceDocument, validateDescriptor } from '@meshkit/core';

/** mesh.config.yaml with every default filled in (see contracts/mesh-config.schema.json). */
export interface MeshConfig {
  /** Absolute workspace root. */
  root: string;
  domainsDir: string;
  lake: { url: string };
  snapshots: { store: string };
  registry: { url?: string; data: string };
  kafka: { brokers: string[]; clientId: string };
  aws: { region: string; endpoint?: string };
}

export const CONFIG_FILE = 'mesh.config.yaml';

const DEFAULTS = {
  domainsDir: 'domains',
  lake: { url: 'file://.mesh/lake' },
  snapshots: { store: 'file://.mesh/snapshots' },
  registry: { data: '.mesh/registry' },
  kafka: { brokers: ['127.0.0.1:9092'], clientId: 'meshkit' },
  aws: { region: 'us-east-1' },
};

type PartialConfig = Partial<{
  domainsDir: string;
  lake: { url?: string };
  snapshots: { store?: string };
  registry: { url?: string; data?: string };
  kafka: { brokers?: string[]; clientId?: string };
  aws: { region?: string; endpoint?: string };
}>;

/**
 * Reads mesh.config.yaml at the workspace root; a missing file means all defaults, so a fresh
 * clone runs with nothing configured. Environment overrides (MESH_KAFKA_BROKERS, AWS_REGION,
 * AWS_ENDPOINT_URL, MESH_REGISTRY_URL) win over the file, as with the AWS and Kafka tools.
 */
export const loadMeshConfig = async (
  root: string,
  env: Record<string, string | undefined> = process.env,
): Promise<MeshConfig> => {
  const file = resolve(root, CONFIG_FILE);
  let raw: PartialConfig = {};
  let bytes: Buffer | undefined;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
  if (bytes) {
    const text = decodeUtf8(bytes);
    if (text === undefined)
      throw new InputError('INPUT_CONFIG_INVALID', `${CONFIG_FILE} is not valid UTF-8`);
    const parsed = parseSourceDocument(CONFIG_FILE, text);
    if (!parsed.ok) {
      const e = parsed.error;
      throw new InputError(
        'INPUT_CONFIG_INVALID',
        `${CONFIG_FILE}:${e.line}:${e.column}: YAML syntax error: ${e.message}`,
      );
    }
    const problems = validateDescriptor('meshConfig', parsed.value.value ?? {});
    const first = problems[0];
    if (first) {
      const at = parsed.value.locate(first.pointer, { key: first.atKey });
      throw new InputError(
        'INPUT_CONFIG_INVALID',
        `${CONFIG_FILE}:${at.line}:${at.column}: ${first.message}`,
      );
    }
    raw = (parsed.value.value ?? {}) as PartialConfig;
  }
  const domainsDir = raw.domainsDir ?? DEFAULTS.domainsDir;
  if (domainsDir.includes('..') || domainsDir.startsWith('/'))
    throw new InputError(
      'INPUT_CONFIG_INVALID',
      `${CONFIG_FILE}: domainsDir "${domainsDir}" must be a folder inside the workspace`,
    );
  const brokers =
    env.MESH_KAFKA_BROKERS?.split(',').filter(Boolean) ??
    raw.kafka?.brokers ??
    DEFAULTS.kafka.brokers;
  const endpoint = env.AWS_ENDPOINT_URL ?? raw.aws?.endpoint;
  const registryUrl = env.MESH_REGISTRY_URL ?? raw.registry?.url;
  return {
    root: resolve(root),
    domainsDir,
    lake: { url: raw.lake?.url ?? DEFAULTS.lake.url },
    snapshots: { store: raw.snapshots?.store ?? DEFAULTS.snapshots.store },
    registry: {
      data: raw.registry?.data ?? DEFAULTS.registry.data,
      ...(registryUrl ? { url: registryUrl } : {}),
    },
    kafka: { brokers, clientId: raw.kafka?.clientId ?? DEFAULTS.kafka.clientId },
    aws: {
      region: env.AWS_REGION ?? raw.aws?.region ?? DEFAULTS.aws.region,
      ...(endpoint ? { endpoint } : {}),
    },
  };
};
