// npx tsx scripts/notes-errors.ts [--docs 21,51,81] [--all] [--score] (--score: only the scores of those documents): the tune half's content lines that Harvest reads as `other` or
// leaves out (or, with --all, every line read as another category than the coder's), each with its segment's heading,
// length, the rules' answer and the evidence that decided; then counts by the coder's category. The tune half only.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResources } from '../src/corpus.ts';
import { blindDocuments, formatBlindTable, readBlindDocument, scoreBlindNotes } from '../src/eval/blind-notes.ts';
import { annotateAndTagSegments } from '../src/pipeline/parallel/annotate-segments.ts';
import { createTagger } from '../src/pipeline/tag/index.ts';
import type { ModelInput } from '../src/pipeline/category-model.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The tune half's documents in the shape of real public write-ups (long, wrapped, "what we heard", boards, chat logs). */
const REAL_STYLE = ['21', '22', '23', '24', '25', '26', '51', '52', '53', '54', '61', '62', '63', '64', '71', '72', '73', '74', '81', '82', '83', '84', '85'];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const docsArg = args.indexOf('--docs');
  const wanted = docsArg >= 0 ? args[docsArg + 1]!.split(',') : REAL_STYLE;
  const all = args.includes('--all');
  const resources = await loadResources();
  const docs = blindDocuments(path.join(ROOT, 'test/fixtures/blind-notes'), 'tune', '').filter((d) => wanted.includes(d.name.slice(0, 2)));
  if (args.includes('--score')) {
    console.log(formatBlindTable(`Tune half, documents ${wanted.join(', ')}`, await scoreBlindNotes(docs, resources)));
    return;
  }
  const counts = new Map<string, number>();
  for (const doc of docs) {
    const { segments, lines, people } = await readBlindDocument(doc, resources);
    const { annotations, codings } = annotateAndTagSegments(segments, resources, { knownPeople: people.names, ordinaryNameWords: people.ordinaryWords, workers: 0 });
    let input: ModelInput | null = null;
    const tag = createTagger(resources, (i) => (input = i));
    const segmentOf = new Map<number, number>();
    lines.forEach((ls, i) => ls.forEach((l) => segmentOf.has(l) || segmentOf.set(l, i)));
    for (const l of doc.labels) {
      if (l.category === 'none' || l.category === 'other') continue;
      const i = segmentOf.get(l.line);
      const got = i === undefined ? 'none' : codings[i]!.category;
      if (got === l.category || (!all && got !== 'other' && got !== 'none')) continue;
      counts.set(`${l.category} -> ${got}`, (counts.get(`${l.category} -> ${got}`) ?? 0) + 1);
      if (i === undefined) {
        console.log(`${doc.name.slice(0, 2)}:${l.line} [${l.category} -> none] ${l.text.slice(0, 140)}`);
        continue;
      }
      tag(segments[i]!, annotations[i]);
      const seg = segments[i]!;
      const inp = input as ModelInput | null;
      console.log(
        `${doc.name.slice(0, 2)}:${l.line} [${l.category} -> ${got}] rules=${inp?.ruleCategory ?? '?'} lines=${lines[i]!.length} words=${seg.text.split(/\s+/).length} ` +
          `head=${JSON.stringify((seg.section ?? '').slice(0, 50))}\n    line: ${l.text.slice(0, 160)}\n    seg:  ${seg.text.slice(0, 160).replace(/\n/g, ' / ')}\n    why:  ${codings[i]!.evidence.join('; ')}` +
          (inp?.cues.length ? `\n    cues: ${inp.cues.join(', ')}` : ''),
      );
    }
  }
  console.log('\nCounts (coder -> Harvest):');
  for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${n}\t${k}`);
}

await main();
