// npx tsx scripts/audit-offline.ts: the production packages of package-lock.json as one sorted name@version list, for a
// manual audit when `npm audit` cannot reach the registry (see docs/dependency-audit.md).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The fields of a package-lock v3 "packages" entry that this listing reads. */
interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** One production package version and the packages whose lock entry names it (its parents). */
export interface ProductionPackage {
  name: string;
  version: string;
  optional: boolean;
  requiredBy: string[];
}

/** The package name at the end of a lock path ("node_modules/a/node_modules/@s/b" gives "@s/b"). */
function nameOf(lockPath: string): string {
  return lockPath.slice(lockPath.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/** The lock entry that `child` resolves to when required from the package at `from` (Node's nearest node_modules first). */
function resolveFrom(packages: Record<string, LockEntry>, from: string, child: string): LockEntry | undefined {
  let base = from;
  for (;;) {
    const hit = packages[`${base ? `${base}/` : ''}node_modules/${child}`];
    if (hit) return hit;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

/** Every non-dev package of a package-lock v2/v3 object, one row per name@version, sorted by name then version. */
export function listProductionPackages(lock: { lockfileVersion?: number; packages?: Record<string, LockEntry> }): ProductionPackage[] {
  if (!lock.packages || (lock.lockfileVersion ?? 0) < 2) {
    throw new Error('package-lock.json has no "packages" map (lockfileVersion 2 or 3 is needed); run npm install with npm 7 or later.');
  }
  const rows = new Map<string, ProductionPackage>();
  for (const [lockPath, entry] of Object.entries(lock.packages)) {
    if (lockPath === '' || entry.dev || !entry.version) continue;
    const name = nameOf(lockPath);
    const key = `${name}@${entry.version}`;
    const row = rows.get(key) ?? { name, version: entry.version, optional: entry.optional === true, requiredBy: [] };
    row.optional &&= entry.optional === true;
    rows.set(key, row);
  }
  // Parents: resolve each listed dependency the way Node does, from the parent's own node_modules up to the root.
  for (const [lockPath, entry] of Object.entries(lock.packages)) {
    if (entry.dev) continue;
    const parent = lockPath === '' ? '(project)' : `${nameOf(lockPath)}@${entry.version}`;
    for (const child of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const target = resolveFrom(lock.packages, lockPath, child);
      const row = target ? rows.get(`${child}@${target.version}`) : undefined;
      if (row && !row.requiredBy.includes(parent)) row.requiredBy.push(parent);
    }
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version, undefined, { numeric: true }));
}

function main(): void {
  const lockFile = path.join(ROOT, 'package-lock.json');
  const rows = listProductionPackages(JSON.parse(readFileSync(lockFile, 'utf8')));
  for (const row of rows) {
    const flag = row.optional ? ' (optional)' : '';
    console.log(`${row.name}@${row.version}${flag}  <- ${row.requiredBy.sort().join(', ')}`);
  }
  console.log(`\n${rows.length} production package versions in ${path.relative(process.cwd(), lockFile) || lockFile}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
