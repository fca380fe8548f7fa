import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { hasErrors, InputError } from '@meshkit/core';
import {
  createSnapshot,
  diffSnapshots,
  listSnapshots,
  openSnapshotStore,
  pruneSnapshots,
  restoreSnapshot,
  showSnapshot,
  verifySnapshots,
} from '@meshkit/runtime';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { formatOption } from '../options.js';
import { createFindingsReport, renderJson, renderText } from '../reporters/index.js';

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface CommonOptions {
  store?: string;
  format: Format;
}

const STORE_HELP =
  'snapshot store: file://<dir> (relative to the workspace root), file:///<dir> or s3://<bucket>/<prefix> (default: snapshots.store in mesh.config.yaml, file://.mesh/snapshots)';

const integer =
  (name: string, min: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min)
      throw new InvalidArgumentError(`${name} must be a whole number >= ${min}`);
    return n;
  };

const decimal =
  (name: string) =>
  (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0)
      throw new InvalidArgumentError(`${name} must be a number >= 0`);
    return n;
  };

const kb = (bytes: number): string =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} kB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const json = (command: string, value: object): string =>
  `${JSON.stringify({ schemaVersion: 1, command: `snapshot ${command}`, ...value }, null, 2)}\n`;

const withCommon = (cmd: Command): Command =>
  cmd
    .option('--store <url>', STORE_HELP)
    .option(
      '--format <format>',
      `output format: ${FORMATS.join(', ')}`,
      formatOption(FORMATS),
      'text',
    );

export const registerSnapshot = (program: Command, io: CliIo): void => {
  const root = (): string => resolve(io.cwd);
  const open = async (
    opts: CommonOptions,
    forWriting = false,
    extra: { retainDays?: number; lockMode?: string } = {},
  ) =>
    openSnapshotStore({
      root: root(),
      forWriting,
      env: io.env,
      ...(opts.store !== undefined ? { store: opts.store } : {}),
      ...(extra.retainDays !== undefined
        ? {
            objectLock: {
              mode: extra.lockMode === 'compliance' ? 'COMPLIANCE' : 'GOVERNANCE',
              days: extra.retainDays,
            },
          }
        : {}),
    });

  const snapshot = program
    .command('snapshot')
    .description('back up descriptors, contracts, waivers and meta-contracts, and bring them back')
    .addHelpText(
      'after',
      `
A snapshot is a manifest (paths, sizes, sha256) plus content-addressed blobs, written manifest last.
Exit codes: 0 ok, 1 verify found missing or corrupt blobs, 2 bad usage or input, 3 store failure.
See docs/snapshots.md.`,
    );

  withCommon(
    snapshot
      .command('create')
      .description('take a snapshot, uploading only the files the store does not have yet')
      .option('--if-changed', 'write no snapshot when nothing changed since the newest one')
      .option(
        '--registry <url>',
        'also back up every subject of this schema registry (default: registry.url of mesh.config.yaml, when set)',
      )
      .option('--no-registry', 'back up no registry subjects')
      .option(
        '--retain-days <days>',
        'S3 only: Object Lock retention for every object written',
        integer('--retain-days', 1),
      )
      .option(
        '--lock-mode <mode>',
        'S3 only: Object Lock mode with --retain-days: governance or compliance',
        formatOption(['governance', 'compliance'] as const),
        'governance',
      )
      .option('--concurrency <n>', 'parallel reads and uploads', integer('--concurrency', 1), 16),
  ).action(
    async (
      opts: CommonOptions & {
        ifChanged?: boolean;
        registry?: string | false;
        retainDays?: number;
        lockMode: string;
        concurrency: number;
      },
    ) => {
      const { store, domainsDir, registryUrl } = await open(opts, true, {
        ...(opts.retainDays !== undefined ? { retainDays: opts.retainDays } : {}),
        lockMode: opts.lockMode,
      });
      const result = await createSnapshot({
        root: root(),
        store,
        domainsDir,
        concurrency: opts.concurrency,
        ifChanged: opts.ifChanged ?? false,
        ...(opts.registry === false
          ? {}
          : (opts.registry ?? registryUrl) !== undefined
            ? { registryUrl: (opts.registry ?? registryUrl) as string }
            : {}),
      });
      if (opts.format === 'json') return io.out(json('create', result));
      const lines = result.created
        ? [`snapshot ${result.id} created in ${result.store}`]
        : [`no snapshot written: nothing changed since ${result.sameAs}`];
      lines.push(
        `  ${result.files} files, ${kb(result.bytes)}; blobs written ${result.blobsWritten} (${kb(result.bytesWritten)}), skipped ${result.blobsSkipped}`,
        `  git ${result.git.commit ?? '(not a git work tree)'}${result.git.dirty ? ' (dirty)' : ''}`,
      );
      if (result.registrySubjects !== undefined)
        lines.push(`  registry: ${plural(result.registrySubjects, 'subject')} backed up`);
      for (const s of result.skippedFiles) lines.push(`  skipped ${s.path}: ${s.reason}`);
      io.out(`${lines.join('\n')}\n`);
    },
  );

  withCommon(
    snapshot.command('list').description('list the snapshots in the store, oldest first'),
  ).action(async (opts: CommonOptions) => {
    const { store } = await open(opts);
    const snapshots = await listSnapshots(store);
    if (opts.format === 'json') return io.out(json('list', { store: store.location, snapshots }));
    if (snapshots.length === 0) return io.out(`no snapshots in ${store.location}\n`);
    const rows = snapshots.map((s) =>
      s.problem !== undefined
        ? `${s.id}  UNREADABLE: ${s.problem}`
        : `${s.id}  ${s.createdAt}  ${String(s.files).padStart(6)} files  ${kb(s.bytes ?? 0).padStart(9)}  ${s.git?.commit?.slice(0, 12) ?? '-'}${s.git?.dirty ? ' (dirty)' : ''}`,
    );
    io.out(
      `${rows.join('\n')}\n${snapshots.length} snapshot${snapshots.length === 1 ? '' : 's'} in ${store.location}\n`,
    );
  });

  withCommon(
    snapshot
      .command('show')
      .description('print one manifest: creation time, git commit, tool version and every file')
      .argument(
        '[at]',
        'snapshot id (or a unique prefix), "latest", or an ISO 8601 time',
        'latest',
      ),
  ).action(async (at: string, opts: CommonOptions) => {
    const { store } = await open(opts);
    const m = await showSnapshot(store, at);
    if (opts.format === 'json') return io.out(json('show', { store: store.location, manifest: m }));
    const lines = [
      `snapshot ${m.id}`,
      `  created  ${m.createdAt}`,
      `  git      ${m.git.commit ?? '-'}${m.git.dirty ? ' (dirty)' : ''}`,
      `  tool     ${m.tool.name} ${m.tool.version}`,
      `  files    ${m.entries.length}`,
      ...m.entries.map(
        (e) => `  ${e.sha256.slice(0, 12)}  ${String(e.size).padStart(8)}  ${e.path}`,
      ),
    ];
    io.out(`${lines.join('\n')}\n`);
  });

  withCommon(
    snapshot
      .command('verify')
      .description('re-hash every blob the manifests name and report missing or corrupt ones')
      .argument('[at]', 'verify only this snapshot (id, prefix, "latest" or time); default: all'),
  ).action(async (at: string | undefined, opts: CommonOptions) => {
    const { store } = await open(opts);
    const result = await verifySnapshots({ store, ...(at !== undefined ? { at } : {}) });
    const report = createFindingsReport(
      'snapshot verify',
      result.snapshots.length,
      result.findings,
    );
    if (opts.format === 'json')
      io.out(
        renderJson({
          ...report,
          ...{
            store: result.store,
            blobsChecked: result.blobsChecked,
            snapshots: result.snapshots,
          },
        }),
      );
    else
      io.out(
        `${renderText(report, 'snapshot').trimEnd()}, ${result.blobsChecked} blobs re-hashed in ${result.store}\n`,
      );
    io.exitCode = hasErrors(result.findings) ? ExitCode.Findings : ExitCode.Ok;
  });

  withCommon(
    snapshot
      .command('diff')
      .description(
        'compare two snapshots, or a snapshot and the working tree, down to the contracts',
      )
      .argument('<from>', 'snapshot id (or a unique prefix), "latest", or an ISO 8601 time')
      .argument('[to]', 'second snapshot; default: the working tree'),
  ).action(async (from: string, to: string | undefined, opts: CommonOptions) => {
    const { store, domainsDir } = await open(opts);
    const result = await diffSnapshots({
      store,
      from,
      root: root(),
      domainsDir,
      ...(to !== undefined ? { to } : {}),
    });
    if (opts.format === 'json') return io.out(json('diff', { store: store.location, ...result }));
    const { diff } = result;
    const lines = [`diff ${result.from} -> ${result.to}`];
    for (const e of diff.added) lines.push(`  + ${e.path}`);
    for (const e of diff.removed) lines.push(`  - ${e.path}`);
    for (const e of diff.changed)
      lines.push(`  ~ ${e.path} (${e.before.size} -> ${e.after.size} bytes)`);
    if (result.contracts.length > 0) lines.push('contracts:');
    for (const c of result.contracts) {
      const compat = c.compatibility;
      if (!compat) lines.push(`  ${c.change} ${c.path}`);
      else if ('error' in compat) lines.push(`  changed ${c.path}: not checked (${compat.error})`);
      else {
        const say = (ok: boolean, dir: string) => `${ok ? '' : 'not '}${dir} compatible`;
        lines.push(
          `  changed ${c.path}: ${say(compat.backward, 'backward')}, ${say(compat.forward, 'forward')}`,
        );
        for (const i of compat.incompatibilities)
          lines.push(`    ${i.direction} ${i.location}: ${i.message} [${i.ruleId}]`);
      }
    }
    lines.push(
      `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.unchanged} unchanged; ${result.contracts.length} contract${result.contracts.length === 1 ? '' : 's'} changed`,
    );
    io.out(`${lines.join('\n')}\n`);
  });

  withCommon(
    snapshot
      .command('restore')
      .description('write the files of a snapshot, byte-identical, into a folder or in place')
      .requiredOption(
        '--at <id|time>',
        'snapshot id (or a unique prefix), "latest", or an ISO 8601 time',
      )
      .option(
        '--to <dir>',
        'folder to restore into (created if missing; must be empty unless --force)',
      )
      .option('--force', 'overwrite files; without --to, restore in place into the workspace')
      .option(
        '--registry <url>',
        "also import the snapshot's registry subjects, with their ids, into this empty registry (IMPORT mode)",
      ),
  ).action(
    async (
      opts: CommonOptions & { at: string; to?: string; force?: boolean; registry?: string },
    ) => {
      if (opts.to === undefined && !opts.force)
        throw new InputError(
          'INPUT_USAGE',
          'restore needs --to <dir>, or --force to restore in place over the workspace files',
        );
      const { store } = await open(opts);
      const to = opts.to !== undefined ? resolve(root(), opts.to) : root();
      const result = await restoreSnapshot({
        store,
        at: opts.at,
        to,
        force: opts.force ?? false,
        ...(opts.registry !== undefined ? { registryUrl: opts.registry } : {}),
      });
      if (opts.format === 'json')
        return io.out(json('restore', { store: store.location, ...result }));
      io.out(
        `restored ${result.files} files (${kb(result.bytes)}) of snapshot ${result.id} into ${result.to}\n`,
      );
      if (result.registry)
        io.out(
          `imported ${plural(result.registry.subjects, 'subject')} (${plural(result.registry.versions, 'version')}) into ${result.registry.url}\n`,
        );
    },
  );

  withCommon(
    snapshot
      .command('prune')
      .description('remove old snapshots, then every blob no kept snapshot needs')
      .option('--keep-last <n>', 'keep the newest n snapshots', integer('--keep-last', 1))
      .option('--keep-days <d>', 'keep every snapshot younger than d days', decimal('--keep-days'))
      .option('--dry-run', 'report what would be removed and remove nothing')
      .option(
        '--grace <minutes>',
        'spare unreferenced blobs younger than this (a create may be running)',
        decimal('--grace'),
        15,
      )
      .addHelpText(
        'after',
        '\nA snapshot is kept when either rule keeps it. At least one rule is required.',
      ),
  ).action(
    async (
      opts: CommonOptions & {
        keepLast?: number;
        keepDays?: number;
        dryRun?: boolean;
        grace: number;
      },
    ) => {
      const { store } = await open(opts);
      const result = await pruneSnapshots({
        store,
        dryRun: opts.dryRun ?? false,
        minBlobAgeMs: opts.grace * 60_000,
        ...(opts.keepLast !== undefined ? { keepLast: opts.keepLast } : {}),
        ...(opts.keepDays !== undefined ? { keepDays: opts.keepDays } : {}),
      });
      if (opts.format === 'json') return io.out(json('prune', result));
      const verb = result.dryRun ? 'would remove' : 'removed';
      const lines = result.removed.map((id) => `  ${verb} ${id}`);
      lines.push(
        `${result.dryRun ? 'dry run: ' : ''}kept ${plural(result.kept.length, 'snapshot')}, ${verb} ${plural(result.removed.length, 'snapshot')} and ${plural(result.blobsRemoved, 'blob')} (${kb(result.bytesFreed)}) in ${result.store}`,
      );
      io.out(`${lines.join('\n')}\n`);
    },
  );
};
