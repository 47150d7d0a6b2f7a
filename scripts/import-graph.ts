// The import graph of src/: its loops and the arrows that break the layering (npx tsx scripts/import-graph.ts; test/unit/import-graph.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A module (path relative to the root, with '/') and the modules of src/ it imports, static, type-only or dynamic alike. */
export type ImportGraph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

// import/export ... from '...' (over several lines too), a bare import '...', and import('...').
const STATIC = /^[ \t]*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm;
const BARE = /^[ \t]*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a source file imports. (TypeScript 7 has no JavaScript API to parse with; these three forms are all src/ uses.) */
export function specifiers(text: string): string[] {
  return [STATIC, BARE, DYNAMIC].flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!));
}

/** Every module under `root`/src and the relative imports it makes (a type-only import is an arrow too: it ties the files together). */
export function importGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
  for (const file of sourceFiles(path.join(root, 'src')).sort()) {
    const targets = new Set<string>();
    for (const fileName of specifiers(fs.readFileSync(file, 'utf8'))) {
      if (!fileName.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), fileName);
      const found = [target, `${target}.ts`, path.join(target, 'index.ts')].find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
      if (found) targets.add(rel(found));
    }
    graph.set(rel(file), [...targets].sort());
  }
  return graph;
}

/** The import loops: each strongly connected group of two or more modules (or a module importing itself), sorted. */
export function importLoops(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative over the sorted graph so the answer is the same on every run.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const loops: string[][] = [];
  const visit = (start: string) => {
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const to = edges[frame.next++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
        } while (member !== frame.node);
        if (group.length > 1 || edges.includes(frame.node)) loops.push(group.sort());
      }
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return loops.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** A layering rule: modules matching `from` may not import modules matching `to`. */
export interface LayerRule {
  why: string;
  from: RegExp;
  to: RegExp;
}

/** The arrows that must not exist (docs/architecture.md explains the layers). */
export const LAYER_RULES: readonly LayerRule[] = [
  { why: 'the pipeline is pure: it gets its resources as arguments, it does not load files or talk to the store', from: /^src\/pipeline\//, to: /^src\/(corpus|config|server|cli[^/]*)\.ts$|^src\/(store|auth|services|web|ingest|export|report|eval)\// },
  { why: 'the model is the bottom layer', from: /^src\/model\//, to: /^src\/(?!model\/|errors\.ts)/ },
  { why: 'accounts do not reach into the stores (src/open-stores.ts opens both)', from: /^src\/auth\//, to: /^src\/store\// },
  { why: 'a store does not know about accounts', from: /^src\/store\//, to: /^src\/auth\// },
];

/** Every arrow that breaks a layering rule, as "from -> to (why)". */
export function layerViolations(graph: ImportGraph, rules: readonly LayerRule[] = LAYER_RULES): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) for (const rule of rules) if (rule.from.test(from) && rule.to.test(to)) out.push(`${from} -> ${to} (${rule.why})`);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const graph = importGraph(root);
  const loops = importLoops(graph);
  const violations = layerViolations(graph);
  console.log(`${graph.size} modules, ${[...graph.values()].reduce((n, t) => n + t.length, 0)} imports`);
  for (const loop of loops) console.log(`loop: ${loop.join(' <-> ')}`);
  for (const v of violations) console.log(`layering: ${v}`);
  if (loops.length === 0 && violations.length === 0) console.log('no import loop, no arrow against the layering');
  process.exitCode = loops.length + violations.length > 0 ? 1 : 0;
}
