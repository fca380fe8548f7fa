#!/usr/bin/env node
// Launcher for the built CLI. It exists before the first build so npm can link `mesh` at install
// time; it says what to do when the packages are not built yet.
import { existsSync } from 'node:fs';

const built = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write(
    'mesh: the packages are not built yet; run `npm run build` at the repository root\n',
  );
  process.exit(3);
}
await import(built.href);
