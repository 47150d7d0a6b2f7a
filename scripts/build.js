// `npm run build` (and `prepare`, so `npm ci` builds): compiles src/ to dist/ with tsconfig.build.json, then
// stamps dist/.built, which bin/load.js compares with the sources' times. Without TypeScript installed (an
// install that omitted the dev dependencies) it says so and leaves dist/ as it is.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
let tsc;
try {
  // typescript's exports do not name bin/tsc: find its package.json and take the bin beside it.
  tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
} catch {
  process.stderr.write('harvest build: TypeScript is not installed (dev dependencies omitted?); dist/ left as it is\n');
  process.exit(0);
}
rmSync(`${root}dist`, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
writeFileSync(`${root}dist/.built`, `${new Date().toISOString()}\n`);
