#!/usr/bin/env node
// `npm start`: the web app, from the compiled JavaScript (dist/) or, when that is missing or stale, the TypeScript
// sources through tsx (see load.js). src/server.ts starts listening when imported.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
await import('./v8-flags.js');
const { loadEntry } = await import('./load.js');
await loadEntry('server');
