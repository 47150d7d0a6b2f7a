// The shape of src/: files over 400 lines and functions over 120 lines (npx tsx scripts/code-shape.ts;
// test/unit/code-shape.test.ts). Each one found must be listed, with why, in docs/architecture.md's "Oversized" table.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 120;

export interface Oversized {
  /** Path relative to the root, with '/'; a function is `file#name`. */
  where: string;
  lines: number;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

// A function's first line, at any indentation: a declaration, a class method, or a const arrow function; its body
// ends at the first later line that closes at the same indentation. (TypeScript 7 has no JavaScript API to parse with:
// the code's own formatting, kept by the formatter, is what this reads.)
const START = /^(\s*)(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?\s+([\w$]+)|(?:(?:public|private|protected|static|readonly|override|async|get|set)\s+)*([\w$]+)\s*(?:<[^>]*>)?\([^;]*\)\s*(?::[^=;{]+)?\{\s*$|(?:const|let)\s+([\w$]+)\s*=\s*(?:async\s+)?(?:\([^)]*\)|[\w$]+)\s*(?::[^=]+)?=>\s*\{\s*$)/;
const NOT_A_METHOD = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'return', 'else']);

/** Functions of one source text longer than `max` lines, with their names. */
export function longFunctions(text: string, max = MAX_FUNCTION_LINES): { name: string; lines: number }[] {
  const lines = text.split('\n');
  const out: { name: string; lines: number }[] = [];
  lines.forEach((line, i) => {
    const m = START.exec(line);
    if (!m) return;
    const name = m[2] ?? m[3] ?? m[4]!;
    if (NOT_A_METHOD.has(name)) return;
    const indent = m[1]!;
    const close = new RegExp(`^${indent}\\}`);
    for (let j = i + 1; j < lines.length; j++) {
      if (close.test(lines[j]!) && !lines[j]!.startsWith(`${indent} `)) {
        const n = j - i + 1;
        if (n > max) out.push({ name, lines: n });
        return;
      }
    }
  });
  return out;
}

/** Every file of src/ over MAX_FILE_LINES and every function over MAX_FUNCTION_LINES. */
export function oversized(root: string): Oversized[] {
  const out: Oversized[] = [];
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const text = fs.readFileSync(file, 'utf8');
    const n = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (n > MAX_FILE_LINES) out.push({ where: rel, lines: n });
    for (const f of longFunctions(text)) out.push({ where: `${rel}#${f.name}`, lines: f.lines });
  }
  return out;
}

/** The places docs/architecture.md lists as oversized on purpose (the first column of its "Oversized" table). */
export function allowedOversized(root: string): Set<string> {
  const doc = fs.readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('Oversized'));
  if (!section) return new Set();
  return new Set([...section.matchAll(/^\|\s*`([^`]+)`/gm)].map((m) => m[1]!));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const allowed = allowedOversized(root);
  for (const o of oversized(root)) console.log(`${allowed.has(o.where) ? 'listed  ' : 'UNLISTED'} ${o.lines}\t${o.where}`);
}
