import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '@meshkit/core';

/** A product's transform: the raw record in, the contract's record out, or null to drop it. */
export type RecordTransform = (record: unknown) => unknown;

const ALLOWED_IMPORTS = new Set(['@meshkit/core']);
const IMPORT_SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/**
 * Loads a product's `transform.ts` (or a precompiled `.js`/`.mjs`). TypeScript is compiled with
 * `typescript.transpileModule` (types are stripped, not checked: `tsc` or the editor checks them)
 * to `.mesh/transforms/<hash>.mjs` inside the workspace, so `@meshkit/core` resolves from the
 * workspace's node_modules. A transform may import `@meshkit/core` only; it must export a
 * function named `transform` (or a default export). Compiling is separate from importing, so
 * worker threads import the module compiled once.
 */
export const compileTransform = async (
  root: string,
  productDir: string,
  spec: string,
): Promise<{ module: string; label: string }> => {
  const file = resolve(root, productDir, spec);
  const where = `${productDir}/product.yaml: pipeline.transform "${spec}"`;
  if (relative(resolve(root, productDir), file).startsWith('..'))
    throw new InputError(
      'INPUT_TRANSFORM',
      `${where} points outside the product folder; put transform.ts beside product.yaml`,
    );
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    throw new InputError(
      'INPUT_TRANSFORM',
      `${where}: file ${relative(root, file)} not found; create it or remove pipeline.transform`,
    );
  }
  let code = source;
  const ext = extname(file);
  if (ext === '.ts' || ext === '.mts') {
    const ts = (await import('typescript')).default;
    const out = ts.transpileModule(source, {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: {
        module: ts.ModuleKind.ES2022,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: false,
        isolatedModules: true,
      },
    });
    const syntax = out.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
    if (syntax) {
      const pos =
        syntax.file && syntax.start !== undefined
          ? syntax.file.getLineAndCharacterOfPosition(syntax.start)
          : undefined;
      throw new InputError(
        'INPUT_TRANSFORM',
        `${relative(root, file)}${pos ? `:${pos.line + 1}:${pos.character + 1}` : ''}: ${ts.flattenDiagnosticMessageText(syntax.messageText, ' ')}`,
      );
    }
    code = out.outputText;
  } else if (ext !== '.js' && ext !== '.mjs') {
    throw new InputError('INPUT_TRANSFORM', `${where} must name a .ts, .mts, .js or .mjs file`);
  }
  for (const m of code.matchAll(IMPORT_SPECIFIER)) {
    const specifier = m[1] ?? m[2] ?? m[3] ?? '';
    if (!ALLOWED_IMPORTS.has(specifier))
      throw new InputError(
        'INPUT_TRANSFORM',
        `${relative(root, file)} imports "${specifier}"; a transform may import @meshkit/core only (DESIGN.md: domain folders hold no framework code)`,
      );
  }
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const target = join(root, '.mesh', 'transforms', `${hash}.mjs`);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, code);
  return { module: target, label: relative(root, file) };
};

/** Imports a compiled transform module; `label` names the source file in the error. */
export const importTransform = async (module: string, label = module): Promise<RecordTransform> => {
  const mod = (await import(pathToFileURL(module).href)) as {
    transform?: unknown;
    default?: unknown;
  };
  const fn = mod.transform ?? mod.default;
  if (typeof fn !== 'function')
    throw new InputError(
      'INPUT_TRANSFORM',
      `${label} must export a function \`transform(record)\``,
    );
  return fn as RecordTransform;
};

/** Compiles and imports a product's transform (see `compileTransform`). */
export const loadTransform = async (
  root: string,
  productDir: string,
  spec: string,
): Promise<RecordTransform> => {
  const compiled = await compileTransform(root, productDir, spec);
  return importTransform(compiled.module, compiled.label);
};
