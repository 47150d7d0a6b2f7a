// Which file a worker thread runs. From compiled JavaScript (dist/) the compiled worker itself; from the TypeScript
// sources (tsx) the .js wrapper beside it, which registers tsx in the new thread before importing the worker.

/** The entry of worker `name` (e.g. 'read-worker') next to the module whose import.meta.url is `base`. */
export function workerEntry(base: string, name: string): URL {
  return new URL(base.endsWith('.ts') ? `./${name}.js` : `./${name}-main.js`, base);
}
