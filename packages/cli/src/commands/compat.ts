import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  COMPATIBILITY_LEVELS,
  createCompatibilityChecker,
  fullNameOf,
  getCompatRule,
  hasErrors,
  inlineNamedTypes,
  InputError,
  parseAvroSchema,
  parseSourceDocument,
  type AvroSchemaModel,
  type CompatibilityLevel,
  type Finding,
  type Incompatibility,
} from '@meshkit/core';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { formatOption } from '../options.js';
import { createFindingsReport } from '../reporters/findings-report.js';
import {
  renderContext,
  renderReport,
  REPORT_FORMATS,
  type ReportFormat,
} from '../reporters/render.js';

interface CompatOptions {
  reader?: string;
  writer?: string;
  level?: string;
  existing?: string[];
  candidate?: string;
  types?: string[];
  format: ReportFormat;
  optIn?: string[];
}

/** Where a workspace keeps its shared named types (DESIGN.md, Layout). */
const SHARED_TYPES_DIR = 'contracts/avro';

/** A schema file as given on the command line, parsed, with positions for its JSON Pointers. */
interface SchemaFile {
  /** The path as the user wrote it: findings name it the same way. */
  file: string;
  model: AvroSchemaModel;
  locate(pointer: string): { line?: number; column?: number };
}

const USAGE =
  'use either --reader <file> --writer <file>, or --level <LEVEL> --existing <files...> --candidate <file>';

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
const invalidUtf8At = (b: Uint8Array): number => {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n =
      c < 0x80
        ? 0
        : c >= 0xc2 && c <= 0xdf
          ? 1
          : c >= 0xe0 && c <= 0xef
            ? 2
            : c >= 0xf0 && c <= 0xf4
              ? 3
              : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    const d = b[i + 1] ?? 0;
    if (
      (c === 0xe0 && d < 0xa0) ||
      (c === 0xed && d > 0x9f) ||
      (c === 0xf0 && d < 0x90) ||
      (c === 0xf4 && d > 0x8f)
    )
      return i;
    i += n + 1;
  }
  return -1;
};

const lineColumnAt = (text: string, offset: number): { line: number; column: number } => {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
};

/**
 * Where JSON text first breaks the grammar (RFC 8259), and why: V8's `JSON.parse` messages often
 * carry no position, and the YAML parser accepts much that JSON does not.
 */
class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const jsonSyntaxError = (text: string): { offset: number; reason: string } => {
  let i = 0;
  const fail = (reason: string): never => {
    throw new JsonSyntaxError(i, reason);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${text[i] === undefined ? 'end of input' : `"${text[i]}"`}`);
  };
  const string = () => {
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) fail('unterminated string');
      else if (c === '"') return void i++;
      else if (c === '\\') {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else fail('invalid escape in string');
      } else if (c < ' ') fail('control character in string (escape it)');
      else i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail('invalid number');
    else i += m[0].length;
  };
  const value = (depth: number): void => {
    // Deep nesting is the schema parser's to judge (TOO_DEEP); stop scanning, not the process.
    if (depth > 5_000) fail('nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a property name in double quotes');
        string();
        ws();
        if (text[i] !== ':') fail('expected ":" after the property name');
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail('expected "," or "}" after a property value');
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail('expected "," or "]" after an array element');
      }
    } else if (c === '"') string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else fail(c === undefined ? 'unexpected end of input' : `unexpected "${c}"`);
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail('unexpected text after the JSON value');
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { offset: error.offset, reason: error.reason };
    throw error;
  }
  return { offset: 0, reason: 'not valid JSON' };
};

/** Reads and decodes a schema file as JSON; every failure is an `InputError` naming the file. */
const readJsonFile = async (
  cwd: string,
  file: string,
  role: string,
): Promise<{ text: string; value: unknown }> => {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(cwd, file));
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (code ?? String(error));
    throw new InputError(
      'INPUT_FILE_UNREADABLE',
      `cannot read the ${role} schema ${file}: ${why}; check the path`,
      {
        cause: error,
      },
    );
  }
  const bad = invalidUtf8At(bytes);
  if (bad >= 0) {
    const line = bytes.subarray(0, bad).filter((b) => b === 0x0a).length + 1;
    throw new InputError(
      'INPUT_NOT_UTF8',
      `${file}:${line}: the ${role} schema is not valid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at offset ${bad}); save the file as UTF-8`,
    );
  }
  // A byte-order mark is valid UTF-8 but not JSON; Avro's Java parser skips it too.
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const { offset, reason } = jsonSyntaxError(text);
    const { line, column } = lineColumnAt(text, offset);
    throw new InputError(
      'INPUT_INVALID_JSON',
      `${file}:${line}:${column}: the ${role} schema is not valid JSON: ${reason}; an Avro schema (.avsc) is a JSON document`,
    );
  }
  return { text, value };
};

const readSchemaFile = async (
  cwd: string,
  file: string,
  role: string,
  shared: ReadonlyMap<string, unknown>,
): Promise<SchemaFile> => {
  const { text, value } = await readJsonFile(cwd, file, role);
  let located: ReturnType<typeof parseSourceDocument> | undefined;
  const locate = (pointer: string): { line?: number; column?: number } => {
    // Positions come from the YAML parser (JSON is YAML), only when a finding needs one.
    located ??= parseSourceDocument(file, text);
    return located.ok ? located.value.locate(pointer) : {};
  };
  // Shared types are written in at their first reference; a pointer into one is located at
  // the reference, the closest place that exists in this file.
  const parsed = parseAvroSchema(inlineNamedTypes(value, shared));
  if (!parsed.ok) {
    const shown = parsed.error.slice(0, 5).map((e) => {
      const { line, column } = locate(e.pointer);
      const where = line !== undefined ? `${file}:${line}:${column ?? 1}` : file;
      return `${where}: ${e.pointer || '/'}: ${e.message}`;
    });
    const more = parsed.error.length > 5 ? `\n(and ${parsed.error.length - 5} more)` : '';
    throw new InputError(
      'AVRO_SCHEMA_INVALID',
      `the ${role} schema ${file} is not a valid Avro schema:\n${shown.join('\n')}${more}`,
    );
  }
  return { file, model: parsed.value, locate };
};

/**
 * Shared named types by full name: the files of `--types`, or else the workspace's
 * `contracts/avro/*.avsc` when there is such a folder.
 */
const readSharedTypes = async (
  cwd: string,
  files: string[] | undefined,
): Promise<Map<string, unknown>> => {
  let list = files;
  if (list === undefined) {
    try {
      const names = await readdir(resolve(cwd, SHARED_TYPES_DIR));
      list = names
        .filter((n) => n.endsWith('.avsc'))
        .sort()
        .map((n) => join(SHARED_TYPES_DIR, n));
    } catch {
      list = [];
    }
  }
  const named = new Map<string, unknown>();
  for (const file of list) {
    const { value } = await readJsonFile(cwd, file, 'shared type');
    const name = fullNameOf(value);
    if (name === undefined)
      throw new InputError(
        'INPUT_USAGE',
        `${file} is not a named Avro type (record, enum or fixed with a "name"); --types takes one named type per file`,
      );
    named.set(name, value);
  }
  return named;
};

const toFinding = (
  inc: Incompatibility,
  reader: SchemaFile,
  writer: SchemaFile,
  context: { level?: CompatibilityLevel; direction?: 'backward' | 'forward' },
): Finding => {
  const pointer = inc.location;
  const { line, column } = reader.locate(pointer);
  const rule = getCompatRule(inc.ruleId);
  const why = context.level
    ? `: under ${context.level} (${context.direction}) ${reader.file} must read data written with ${writer.file}`
    : `: ${reader.file} cannot read data written with ${writer.file}`;
  return {
    ruleId: inc.ruleId,
    severity: 'error',
    message: `${inc.type} at ${pointer || '/'} (${inc.message})${why}`,
    location: {
      file: reader.file,
      pointer,
      ...(line !== undefined ? { line } : {}),
      ...(column !== undefined ? { column } : {}),
    },
    ...(rule ? { hint: rule.fix } : {}),
    data: {
      avroType: inc.type,
      pointer,
      reader: reader.file,
      writer: writer.file,
      ...(context.level ? { level: context.level, direction: context.direction } : {}),
    },
  };
};

const parseLevel = (value: string): CompatibilityLevel => {
  const upper = value.toUpperCase();
  const level = COMPATIBILITY_LEVELS.find((l) => l === upper);
  if (!level)
    throw new InputError(
      'INPUT_USAGE',
      `--level "${value}" is not a compatibility level; use one of ${COMPATIBILITY_LEVELS.join(', ')}`,
    );
  return level;
};

export const registerCompat = (program: Command, io: CliIo): void => {
  program
    .command('compat')
    .description(
      'check Avro schemas for compatibility: a reader against a writer, or a candidate at a level',
    )
    .option('--reader <file>', 'the schema that reads (e.g. the new consumer schema)')
    .option('--writer <file>', 'the schema the data was written with')
    .option('--level <level>', `a compatibility level: ${COMPATIBILITY_LEVELS.join(', ')}`)
    .option('--existing <files...>', 'the published versions, oldest first (with --level)')
    .option('--candidate <file>', 'the new version (with --level)')
    .option(
      '--types <files...>',
      `shared named types the schemas reference, one per file (default: ${SHARED_TYPES_DIR}/*.avsc when present)`,
    )
    .option(
      '--opt-in <rule-id...>',
      'stricter rules to run too, e.g. decimal-precision-scale-changed',
    )
    .option(
      '--format <format>',
      `output format: ${REPORT_FORMATS.join(', ')}`,
      formatOption(REPORT_FORMATS),
      'text',
    )
    .addHelpText(
      'after',
      `
A pair check decides as Apache Avro's SchemaCompatibility does (the check Confluent Schema Registry
runs) and reports every incompatibility, each at a JSON Pointer and line:column in the reader schema.
A level check compares the candidate with the latest existing version (BACKWARD, FORWARD, FULL) or
with every one (the _TRANSITIVE levels), as Confluent Schema Registry does; NONE checks nothing.
Named types shared between contracts come from --types, or from contracts/avro/ in a workspace.

Examples:
  mesh compat --reader orders-v2.avsc --writer orders-v1.avsc
  mesh compat --level BACKWARD_TRANSITIVE --existing v1.avsc v2.avsc --candidate v3.avsc
  mesh compat --level FULL --existing v1.avsc --candidate v2.avsc --format sarif > compat.sarif
  mesh compat --reader new.avsc --writer old.avsc --opt-in decimal-precision-scale-changed
  mesh compat --reader new.avsc --writer old.avsc --types shared/Money.avsc shared/Address.avsc

Exit codes: 0 compatible, 1 incompatible, 2 bad input (unreadable file, invalid JSON or Avro,
unknown level or rule), 3 internal failure.`,
    )
    .action(async (opts: CompatOptions) => {
      const pairMode = opts.reader !== undefined || opts.writer !== undefined;
      const levelMode =
        opts.level !== undefined || opts.existing !== undefined || opts.candidate !== undefined;
      if (pairMode && levelMode)
        throw new InputError(
          'INPUT_USAGE',
          `--reader/--writer and --level/--existing/--candidate do not mix; ${USAGE}`,
        );
      if (!pairMode && !levelMode)
        throw new InputError('INPUT_USAGE', `nothing to check; ${USAGE}`);
      const missing = (
        pairMode ? (['reader', 'writer'] as const) : (['level', 'existing', 'candidate'] as const)
      ).filter((name) => opts[name] === undefined);
      if (missing.length > 0)
        throw new InputError(
          'INPUT_USAGE',
          `missing ${missing.map((m) => `--${m}`).join(', ')}; ${USAGE}`,
        );
      const level = opts.level !== undefined ? parseLevel(opts.level) : undefined;
      // Unknown opt-in rules fail here, before any file is read.
      const checker = createCompatibilityChecker({
        cache: false,
        ...(opts.optIn ? { optIn: opts.optIn } : {}),
      });

      const shared = await readSharedTypes(io.cwd, opts.types);
      const findings: Finding[] = [];
      let checked = 0;
      if (level === undefined) {
        const reader = await readSchemaFile(io.cwd, opts.reader!, 'reader', shared);
        const writer = await readSchemaFile(io.cwd, opts.writer!, 'writer', shared);
        const result = checker.checkCompatibility(reader.model, writer.model);
        checked = 1;
        for (const inc of result.incompatibilities)
          findings.push(toFinding(inc, reader, writer, {}));
      } else {
        const existing: SchemaFile[] = [];
        for (const [i, file] of opts.existing!.entries())
          existing.push(await readSchemaFile(io.cwd, file, `existing (version ${i + 1})`, shared));
        const candidate = await readSchemaFile(io.cwd, opts.candidate!, 'candidate', shared);
        const result = checker.checkLevel(
          level,
          existing.map((s) => s.model),
          candidate.model,
        );
        checked = result.results.length;
        for (const r of result.results) {
          const old = existing[r.againstVersionIndex]!;
          const [reader, writer] = r.direction === 'backward' ? [candidate, old] : [old, candidate];
          for (const inc of r.incompatibilities)
            findings.push(toFinding(inc, reader, writer, { level, direction: r.direction }));
        }
      }
      const report = createFindingsReport('compat', checked, findings);
      io.out(
        renderReport(opts.format, report, {
          noun: 'schema pair',
          ...renderContext(io.cwd, io.env),
        }),
      );
      io.exitCode = hasErrors(findings) ? ExitCode.Findings : ExitCode.Ok;
    });
};
