// Worker-thread entry for themes: registers the TypeScript loader in this thread, then runs the TypeScript worker.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { register } = await import('tsx/esm/api');
register();
await import('./themes-worker-main.ts');
