// npx tsx scripts/cv-documents.ts [--docs 91,92|all|upto:96] [--leave-out 101,102] [--errors] [--no-labelled-notes]:
// leave-one-document-out on the tune half, read document by document: each chosen document's segments read by a model
// trained on every other tune document (and test/fixtures/labelled-notes.csv), macro-F1 per group of documents
// (authored, real: a name with "-real-") and, with --errors, every line read as another category than the coder's (with
// its segment, heading and evidence). --leave-out keeps the documents of those numbers out of every training and of
// the scoring: with and without it, whether more documents help the others (session 24: `--docs upto:96` with and
// without `--leave-out 101,102,103,104,105,106,111,112,113,114,115,116`).
// The tune half only: the honest figure for a document the committed model was trained on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResources } from '../src/corpus.ts';
import { blindDocuments, readBlindDocument, SCORED_CATEGORIES } from '../src/eval/blind-notes.ts';
import { categoryScores } from '../src/eval/metrics.ts';
import { labelledNoteExamples, trainingExamples, trainModel } from '../src/eval/train-categories.ts';
import { parseLabelledNotes } from '../src/eval/tagging.ts';
import { compileModel, modelDecision, readWithModel } from '../src/pipeline/category-model.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const docsArg = args.indexOf('--docs');
  const wanted = docsArg >= 0 ? args[docsArg + 1]!.split(',') : ['91', '92', '93', '94', '95', '96'];
  const leaveArg = args.indexOf('--leave-out');
  const leftOut = new Set(leaveArg >= 0 ? args[leaveArg + 1]!.split(',') : []);
  const numberOf = (name: string): string => /^\d+/.exec(name)?.[0] ?? name;
  const errors = args.includes('--errors');
  const resources = await loadResources();
  const base = { ...resources, categoryModel: undefined };
  const docs = blindDocuments(path.join(ROOT, 'test/fixtures/blind-notes'), 'tune', '').filter((d) => !leftOut.has(numberOf(d.name)));
  const examples = await trainingExamples(docs, base);
  const extra = args.includes('--no-labelled-notes')
    ? []
    : labelledNoteExamples(parseLabelledNotes(readFileSync(path.join(ROOT, 'test/fixtures/labelled-notes.csv'), 'utf8')), base);
  const options = { headingPrior: 0.5, classBalance: 0.5, documentBalance: 0.5 };
  const groups = new Map<string, { truth: string[]; predicted: string[] }>();
  const macro = (t: string[], p: string[]) => {
    const s = categoryScores(t, p);
    return SCORED_CATEGORIES.reduce((sum, c) => sum + (s.categories.find((x) => x.category === c)?.f1 ?? 0), 0) / SCORED_CATEGORIES.length;
  };
  // ("all", or "upto:96": every document numbered up to 96.)
  const upTo = wanted.find((w) => w.startsWith('upto:'));
  const chosen = (name: string): boolean => wanted.includes('all') || wanted.includes(numberOf(name)) || (upTo !== undefined && Number(numberOf(name)) <= Number(upTo.slice(5)));
  for (const doc of docs.filter((d) => chosen(d.name))) {
    const model = compileModel(trainModel([...examples.filter((e) => e.document !== doc.name), ...extra], resources, options));
    const mine = examples.filter((e) => e.document === doc.name);
    const truth: string[] = [];
    const predicted: string[] = [];
    const segClass: string[] = [];
    for (const e of mine) {
      const p = readWithModel(model, e.features).probabilities;
      const best = model.model.categories[modelDecision(model, e.features, p).index]!;
      segClass.push(best);
      for (const l of e.lineLabels) {
        truth.push(l);
        predicted.push(best);
      }
    }
    // Lines in no segment: "none" (as the eval counts them).
    const { segments, lines } = await readBlindDocument(doc, base);
    const covered = new Set(lines.flat());
    for (const l of doc.labels) if (!covered.has(l.line)) (truth.push(l.category), predicted.push('none'));
    const group = doc.name.includes('-real-') ? 'real' : 'authored';
    const g = groups.get(group) ?? { truth: [], predicted: [] };
    g.truth.push(...truth);
    g.predicted.push(...predicted);
    groups.set(group, g);
    console.log(`${doc.name}: macro-F1 ${macro(truth, predicted).toFixed(3)} (${truth.length} lines)`);
    if (errors) {
      const labelOf = new Map(doc.labels.map((l) => [l.line, l]));
      let k = 0;
      segments.forEach((segment, i) => {
        const ls = lines[i]!.filter((line) => labelOf.has(line));
        if (!ls.length) return;
        const got = segClass[k++]!;
        const e = mine[k - 1]!;
        for (const line of ls) {
          const want = labelOf.get(line)!.category;
          if (want === got || (want === 'none' && got === 'other')) continue;
          const feats = [...e.features.keys()].filter((f) => /^(rule|cue|section|shape):/.test(f)).join(' ');
          console.log(`  ${doc.name.slice(0, 2)}:${line} [${want} -> ${got}] head=${JSON.stringify((segment.section ?? '').slice(0, 40))} ${feats}\n      ${labelOf.get(line)!.text.slice(0, 170)}`);
        }
      });
      for (const l of doc.labels) if (!covered.has(l.line) && l.category !== 'none') console.log(`  ${doc.name.slice(0, 2)}:${l.line} [${l.category} -> lost] ${l.text.slice(0, 150)}`);
    }
  }
  for (const [group, g] of groups) {
    const s = categoryScores(g.truth, g.predicted);
    console.log(`\n${group}: macro-F1 ${macro(g.truth, g.predicted).toFixed(3)} (${g.truth.length} lines)`);
    for (const c of [...SCORED_CATEGORIES, 'opportunity', 'other', 'none']) {
      const x = s.categories.find((y) => y.category === c);
      if (x) console.log(`  ${c.padEnd(13)} P ${x.precision.toFixed(3)} R ${x.recall.toFixed(3)} F1 ${x.f1.toFixed(3)} (${x.support})`);
    }
  }
}

await main();
