#!/usr/bin/env node
// Entry point of the `harvest` command: runs the compiled JavaScript (dist/), or the TypeScript sources through
// tsx when dist/ is missing or older than them (see load.js).
process.env.DOTENV_CONFIG_QUIET ??= 'true';
await import('./v8-flags.js');
const { loadEntry } = await import('./load.js');
const { main } = await loadEntry('cli');
process.exitCode = await main(process.argv.slice(2));
