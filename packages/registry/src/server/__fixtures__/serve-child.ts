// A registry server in its own process, for the crash test: prints its URL, then serves until
// killed.
import { startRegistryServer } from '../registry-server.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: serve-child.ts <data-dir>');
const server = await startRegistryServer({ port: 0, dataDir });
process.stdout.write(`${JSON.stringify({ url: server.url, recovery: server.recovery })}\n`);
