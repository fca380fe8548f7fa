import type { GlueApi, GlueTableState } from './glue-api.js';
import {
  MANAGED_PARAMETER,
  SUBJECT_PARAMETER,
  type GlueAction,
  type GlueDatabaseSpec,
  type GluePublishSpec,
  type GlueTableSpec,
} from './glue-spec.js';

export interface GluePublishOptions {
  /** Plan only: read Glue, change nothing. */
  dryRun?: boolean;
  /** Delete managed tables and schemas that the spec no longer has. */
  prune?: boolean;
}

export interface GluePublishResult {
  /** What was done (or, with dryRun, would be done), in order. Empty when Glue already matches. */
  actions: GlueAction[];
  dryRun: boolean;
}

/** The publishing side of the catalog: make an external catalog hold what the workspace declares. */
export interface CatalogPublisher<Spec> {
  publish(spec: Spec, options?: GluePublishOptions): Promise<GluePublishResult>;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const columnsKey = (cols: GlueTableSpec['columns']) =>
  cols.map((c) => [c.name, c.type, c.comment ?? '']);

/** What differs between Glue's table and the wanted one, in words; empty when nothing does. */
export const tableChanges = (current: GlueTableState, wanted: GlueTableSpec): string[] => {
  const changes: string[] = [];
  if ((current.description ?? '') !== (wanted.description ?? '')) changes.push('description');
  if (current.location !== wanted.location) changes.push('location');
  if (current.format !== wanted.format) changes.push('format');
  if (!same(columnsKey(current.columns), columnsKey(wanted.columns))) changes.push('columns');
  if (!same(columnsKey(current.partitionKeys), columnsKey(wanted.partitionKeys)))
    changes.push('partition keys');
  const params = Object.keys(wanted.parameters).filter(
    (k) => current.parameters[k] !== wanted.parameters[k],
  );
  const dropped = Object.keys(current.parameters).filter(
    (k) => k.startsWith('meshkit.') && !(k in wanted.parameters),
  );
  if (params.length + dropped.length > 0)
    changes.push(`parameters ${[...params, ...dropped].sort().join(', ')}`);
  return changes;
};

const databaseChanged = (current: GlueDatabaseSpec, wanted: GlueDatabaseSpec): boolean =>
  (current.description ?? '') !== (wanted.description ?? '') ||
  Object.keys(wanted.parameters).some((k) => current.parameters[k] !== wanted.parameters[k]);

/**
 * Publishes databases, tables and Glue Schema Registry schemas. Idempotent: it reads what Glue
 * holds first and only writes differences, so a second run with the same spec does nothing.
 */
export class GlueCatalogPublisher implements CatalogPublisher<GluePublishSpec> {
  constructor(private readonly api: GlueApi) {}

  async publish(
    spec: GluePublishSpec,
    options: GluePublishOptions = {},
  ): Promise<GluePublishResult> {
    const dryRun = options.dryRun ?? false;
    const actions: GlueAction[] = [];
    const act = async (action: GlueAction, run: () => Promise<void>) => {
      actions.push(action);
      if (!dryRun) await run();
    };

    for (const db of spec.databases) {
      const current = await this.api.getDatabase(db.name);
      if (!current)
        await act({ kind: 'create-database', target: db.name }, () => this.api.createDatabase(db));
      else if (databaseChanged(current, db))
        await act({ kind: 'update-database', target: db.name }, () => this.api.updateDatabase(db));
    }

    for (const t of spec.tables) {
      const current = await this.api.getTable(t.database, t.name);
      if (!current)
        await act({ kind: 'create-table', target: `${t.database}.${t.name}` }, () =>
          this.api.createTable(t),
        );
      else {
        const changes = tableChanges(current, t);
        if (changes.length > 0)
          await act(
            { kind: 'update-table', target: `${t.database}.${t.name}`, detail: changes.join('; ') },
            () => this.api.updateTable(t),
          );
      }
    }

    const registry = spec.registry.name;
    const registryExists = await this.api.getRegistry(registry);
    if (!registryExists && spec.schemas.length > 0)
      await act({ kind: 'create-registry', target: registry }, () =>
        this.api.createRegistry(registry, spec.registry.description),
      );

    for (const s of spec.schemas) {
      const target = `${registry}/${s.name}`;
      const current = registryExists ? await this.api.getSchema(registry, s.name) : undefined;
      let pending = s.versions;
      if (!current) {
        const [first, ...rest] = s.versions;
        if (first === undefined) continue;
        await act({ kind: 'create-schema', target, detail: s.compatibility }, () =>
          this.api.createSchema(s, first),
        );
        pending = rest;
      } else if (
        current.compatibility !== s.compatibility ||
        (current.description ?? '') !== (s.description ?? '')
      ) {
        await act(
          {
            kind: 'update-schema',
            target,
            detail: `${current.compatibility} -> ${s.compatibility}`,
          },
          () => this.api.updateSchema(registry, s.name, s.compatibility, s.description),
        );
      }
      for (const [i, definition] of pending.entries()) {
        // Only an existing schema can already hold the version; a new one holds just the first.
        if (current && (await this.api.hasSchemaVersion(registry, s.name, definition))) continue;
        await act(
          {
            kind: 'register-schema-version',
            target,
            detail: `version ${s.versions.length - pending.length + i + 1} of ${s.versions.length}`,
          },
          () => this.api.registerSchemaVersion(registry, s.name, definition),
        );
      }
    }

    if (options.prune) {
      // A pruned table names its port's schema in meshkit.subject; the two go together. (Glue's
      // ListSchemas would find orphans too, but moto does not implement it.)
      const wantedTables = new Set(spec.tables.map((t) => `${t.database}.${t.name}`));
      const wantedSchemas = new Set(spec.schemas.map((s) => s.name));
      for (const db of spec.databases) {
        for (const t of await this.api.listTables(db.name)) {
          if (
            t.parameters[MANAGED_PARAMETER] !== 'true' ||
            wantedTables.has(`${db.name}.${t.name}`)
          )
            continue;
          await act({ kind: 'delete-table', target: `${db.name}.${t.name}` }, () =>
            this.api.deleteTable(db.name, t.name),
          );
          const subject = t.parameters[SUBJECT_PARAMETER];
          if (
            subject &&
            !wantedSchemas.has(subject) &&
            registryExists &&
            (await this.api.getSchema(registry, subject))
          )
            await act({ kind: 'delete-schema', target: `${registry}/${subject}` }, () =>
              this.api.deleteSchema(registry, subject),
            );
        }
      }
    }
    return { actions, dryRun };
  }
}
