#!/usr/bin/env node
import { processIo } from './io.js';
import { run } from './program.js';

// The AWS SDK warns, on every command that touches S3 or Glue, that its releases after January
// 2027 will need Node 22. The version Meshkit ships with supports this Node, and the multi-line
// warning would land in the middle of the JSON logs on stderr. Setting the variable to anything
// else brings the warning back.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const io = processIo();
process.exitCode = await run(process.argv.slice(2), io);
