// Lets a child process run this repo's TypeScript sources directly, as vitest does in-process:
// `node --import ./ts-loader.mjs child.ts`. `@meshkit/<name>` resolves to packages/<name>/src and
// `.js` imports of sibling `.ts` files resolve to the `.ts` file. Types are stripped, not checked.
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);
