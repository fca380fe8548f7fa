import { portNames, type Workspace } from '@meshkit/core';
import { avroToGlueColumns } from './avro-to-glue.js';
import {
  MANAGED_PARAMETER,
  STORAGE,
  toGlueCompatibility,
  type GluePublishSpec,
  type GlueTableSpec,
} from './glue-spec.js';

export interface GlueSpecOptions {
  /** Base URL of the lake, e.g. `s3://lake/prod` or `file:///abs/.mesh/lake` (no trailing slash). */
  lakeUrl: string;
  /** Glue Schema Registry name. Default `meshkit`. */
  registry?: string;
  /**
   * Earlier contract definitions per port, oldest first, keyed `<product>/<port>@<major>`; the
   * current contract is appended when it differs from the last of them.
   */
  history?: ReadonlyMap<string, readonly string[]>;
}

const DESCRIPTION_MAX = 2048;

const put = (params: Record<string, string>, key: string, value: string | number | undefined) => {
  if (value !== undefined && value !== '') params[key] = String(value);
};

/** What Glue should hold for a workspace: a database per domain, a table and a schema per port major. */
export const toGluePublishSpec = (
  workspace: Workspace,
  options: GlueSpecOptions,
): GluePublishSpec => {
  const registry = options.registry ?? 'meshkit';
  const lake = options.lakeUrl.replace(/\/+$/, '');
  const spec: GluePublishSpec = {
    databases: [],
    tables: [],
    registry: { name: registry, description: 'Data product contracts published by Meshkit' },
    schemas: [],
  };
  const domains = new Set(workspace.products.map((p) => p.domain));
  for (const name of [...domains].sort()) {
    const d = workspace.domains.find((x) => x.name === name)?.descriptor;
    const parameters: Record<string, string> = {
      [MANAGED_PARAMETER]: 'true',
      'meshkit.domain': name,
    };
    put(parameters, 'meshkit.owner', d?.owner.team);
    spec.databases.push({
      name: name.replace(/-/g, '_'),
      ...(d?.description ? { description: d.description.slice(0, DESCRIPTION_MAX) } : {}),
      parameters,
    });
  }
  for (const product of [...workspace.products].sort((a, b) => a.id.localeCompare(b.id))) {
    const d = product.descriptor;
    for (const port of product.ports) {
      const n = portNames(product.domain, product.name, port.name, port.major);
      const p = port.descriptor;
      const parameters: Record<string, string> = {
        classification: STORAGE[p.format].classification,
        [MANAGED_PARAMETER]: 'true',
      };
      put(parameters, 'meshkit.product', product.id);
      put(parameters, 'meshkit.port', port.name);
      put(parameters, 'meshkit.major', port.major);
      put(parameters, 'meshkit.version', port.version);
      put(parameters, 'meshkit.domain', product.domain);
      put(parameters, 'meshkit.owner', d.owner.team);
      put(parameters, 'meshkit.owner.email', d.owner.email);
      put(parameters, 'meshkit.lifecycle', p.lifecycle ?? d.lifecycle);
      put(parameters, 'meshkit.sunset', p.sunset ?? d.sunset);
      put(parameters, 'meshkit.compatibility', p.compatibility);
      put(parameters, 'meshkit.topic', n.topic);
      put(parameters, 'meshkit.subject', n.subject);
      const sla = p.sla;
      if (sla?.freshness)
        put(
          parameters,
          'meshkit.sla.freshness',
          `${sla.freshness.column} <= ${sla.freshness.maxAge}`,
        );
      if (sla?.retention)
        put(
          parameters,
          'meshkit.sla.retention',
          `${sla.retention.column} >= ${sla.retention.minAge}`,
        );
      put(parameters, 'meshkit.sla.availability', sla?.availability);
      for (const [k, v] of Object.entries(sla?.latency ?? {}))
        put(parameters, `meshkit.sla.latency.${k}`, v);

      const all = avroToGlueColumns(port.schema);
      const partitionBy = new Set((p.partitionBy ?? []).map((c) => c.toLowerCase()));
      const table: GlueTableSpec = {
        database: n.glueDatabase,
        name: n.glueTable,
        location: `${lake}/${n.lakePath}/`,
        format: p.format,
        columns: all.filter((c) => !partitionBy.has(c.name)),
        partitionKeys: [...partitionBy].map(
          (name) => all.find((c) => c.name === name) ?? { name, type: 'string' },
        ),
        parameters,
      };
      const description = p.description ?? d.description ?? d.title;
      if (description) table.description = description.slice(0, DESCRIPTION_MAX);
      spec.tables.push(table);

      const current = JSON.stringify(port.schema);
      const earlier = [...(options.history?.get(`${product.id}/${port.name}@${port.major}`) ?? [])];
      const versions = earlier.at(-1) === current ? earlier : [...earlier, current];
      spec.schemas.push({
        registry,
        name: n.subject,
        compatibility: toGlueCompatibility(p.compatibility),
        description: `${product.id} port ${port.name} v${port.major}`,
        versions,
      });
    }
  }
  return spec;
};
