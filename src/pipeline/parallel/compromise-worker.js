// Worker-thread entry of the compromise helper: registers the TypeScript loader in this thread, then runs the TypeScript worker.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { register } = await import('tsx/esm/api');
register();
await import('./compromise-worker-main.ts');
