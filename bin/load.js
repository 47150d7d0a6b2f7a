// Loads one of Harvest's entry modules: the compiled JavaScript in dist/ (built by `npm run build`, which
// `npm ci` runs through `prepare`) when it is at least as new as every source file, else the TypeScript source
// through tsx (development: a source edited since the last build is never run stale). HARVEST_FROM_SOURCE=1
// always takes the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../', import.meta.url);
const BUILT = fileURLToPath(new URL('dist/.built', ROOT));

/** The newest modification time of the files under a folder (milliseconds). */
function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = `${dir}/${entry.name}`;
    const t = entry.isDirectory() ? newestUnder(full) : statSync(full).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/** True when dist/ was built after the last change to src/ and tsconfig.build.json. */
export function buildIsCurrent() {
  if (process.env.HARVEST_FROM_SOURCE === '1' || !existsSync(BUILT)) return false;
  const built = statSync(BUILT).mtimeMs;
  const config = fileURLToPath(new URL('tsconfig.build.json', ROOT));
  return newestUnder(fileURLToPath(new URL('src', ROOT))) <= built && statSync(config).mtimeMs <= built;
}

/** Import `name` (a path under src/ without extension, e.g. 'cli'): compiled when current, else from source. */
export async function loadEntry(name) {
  if (buildIsCurrent()) return import(new URL(`dist/${name}.js`, ROOT).href);
  // Said once on stderr when a build exists but is stale, so timings and profiles are not read from the sources
  // by mistake (HARVEST_FROM_SOURCE=1 asks for the sources and is not told).
  if (existsSync(BUILT) && process.env.HARVEST_FROM_SOURCE !== '1') {
    process.stderr.write('harvest: src/ is newer than dist/, running the TypeScript sources (npm run build refreshes dist/)\n');
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL(`src/${name}.ts`, ROOT).href);
}
