// npm run train:categories: fit corpus/category-model.json on the blind tune half; --cv scores leave-one-document-out first.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResources, type Resources } from '../src/corpus.ts';
import { blindDocuments, SCORED_CATEGORIES, type BlindDocument } from '../src/eval/blind-notes.ts';
import { categoryScores } from '../src/eval/metrics.ts';
import { crossValidate, labelledNoteExamples, modelHeadingSkip, readExamples, trainingExamples, trainModel } from '../src/eval/train-categories.ts';
import { parseLabelledNotes } from '../src/eval/tagging.ts';
import type { TrainOptions } from '../src/pipeline/category-model.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LABELLED_NOTES = path.join(ROOT, 'test/fixtures/labelled-notes.csv');
const USAGE = `npm run train:categories -- [--cv] [--no-write] [--no-labelled-notes] [--no-word-vectors] [--l2 X] [--iterations N] [--min-documents N] [--heading-prior X] [--class-balance X] [--document-balance X] [--same-documents] [--keep-heading-words] [--unseen]
  Trains the category model on the blind notes' tune half (test/fixtures/blind-notes/tune) and the team's older
  labelled notes (test/fixtures/labelled-notes.csv, unless --no-labelled-notes), and writes
  corpus/category-model.json. --cv first scores it document by document (each tune document read by a model
  trained on the others), the honest figure to choose options by; the test half is never read here.
  --no-word-vectors leaves out the words' mean meaning (corpus/word-vectors/), to compare.
  --keep-heading-words keeps the headings' function words as features (by default left out but question words).
  --same-documents trains (not cross-validates) on the tune documents the committed model was trained on (its
  trainedOn list), so that new features are learnt without changing what the model has seen.
  --unseen (with --cv) reads only the tune documents the committed model was not trained on, and prints the
  committed model's own figures on them beside the cross-validated ones.`;

/**
 * Leave-one-document-out on the tune half: the rules alone, and the model. With `unseen`, only the documents the
 * committed model was not trained on are read (each by a model trained on all the others), beside the committed
 * model's own reading of them: a fair comparison of the committed model with a retrained one.
 */
async function report(docs: readonly BlindDocument[], resources: Resources, options: Partial<TrainOptions>, withLabelledNotes: boolean, unseen: boolean): Promise<void> {
  const base = { ...resources, categoryModel: undefined };
  const examples = await trainingExamples(docs, base, options.headingSkip);
  const extra = withLabelledNotes ? labelledNoteExamples(parseLabelledNotes(readFileSync(LABELLED_NOTES, 'utf8')), base, options.headingSkip) : [];
  const seen = new Set(resources.categoryModel?.trainedOn ?? []);
  const heldOut = (doc: string) => !unseen || !seen.has(doc);
  const read = examples.filter((e) => heldOut(e.document));
  const rules = categoryScores(read.flatMap((e) => e.lineLabels), read.flatMap((e) => e.lineLabels.map(() => ruleClass(e))));
  const cv = crossValidate(examples, resources, options, extra, heldOut);
  const model = categoryScores(cv.truth, cv.predicted);
  const committed = unseen && resources.categoryModel ? readExamples(resources.categoryModel, read) : null;
  const kept = committed ? categoryScores(committed.truth, committed.predicted) : null;
  const macro = (s: ReturnType<typeof categoryScores>) =>
    SCORED_CATEGORIES.reduce((sum, c) => sum + (s.categories.find((x) => x.category === c)?.f1 ?? 0), 0) / SCORED_CATEGORIES.length;
  const f1 = (s: ReturnType<typeof categoryScores> | null, c: string) => (s?.categories.find((x) => x.category === c)?.f1 ?? 0).toFixed(3);
  const which = unseen ? `${new Set(read.map((e) => e.document)).size} documents the committed model never saw` : `${docs.length} documents`;
  console.log(`Tune half (${which}, ${cv.truth.length} lines in segments), macro-F1 over ${SCORED_CATEGORIES.join(', ')}:`);
  console.log(`  rules alone ${macro(rules).toFixed(3)}; model, leave-one-document-out ${macro(model).toFixed(3)}${kept ? `; committed model ${macro(kept).toFixed(3)}` : ''}`);
  for (const c of [...SCORED_CATEGORIES, 'opportunity', 'other']) {
    const support = model.categories.find((x) => x.category === c)?.support ?? 0;
    console.log(`  ${c.padEnd(13)} rules F1 ${f1(rules, c)}  model F1 ${f1(model, c)}${kept ? `  committed F1 ${f1(kept, c)}` : ''}  (${support} lines)`);
  }
}

/** The rules' own answer for an example (its `rule:` feature). */
function ruleClass(e: { features: ReadonlyMap<string, number> }): string {
  for (const name of e.features.keys()) if (name.startsWith('rule:')) return name.slice(5);
  return 'other';
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // The heading as a prior: 0.5 was neutral in cross-validation (0.687 -> 0.684), and a bullet under "Key capacity
  // gaps" leans that way when its own words are equivocal. 0.75 since session 25: trained on 62 documents, a prior of
  // 0.5 read the reference documents' "key interventions" bullets 5 of 7 (the seeds test wants 6); 0.75 reads 6 of 7,
  // at a cost of 0.002 in leave-one-document-out (0.684 -> 0.682, docs/quality.md).
  // Classes and documents half-way to equal weight: with all tune documents, capacity gap's low class bias had outvoted
  // the heading and the rules of a reference bullet, and the long real write-ups (81-96) outweighed the short notes
  // (docs/quality.md, sessions 17 and 19). --class-balance 0 --document-balance 0 trains as before.
  const options: Partial<TrainOptions> = { headingPrior: 0.75, classBalance: 0.5, documentBalance: 0.5 };
  let cv = false;
  let write = true;
  let labelled = true;
  let meanings = true;
  let sameDocuments = false;
  let unseen = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--cv') cv = true;
    else if (a === '--no-write') write = false;
    else if (a === '--no-labelled-notes') labelled = false;
    else if (a === '--no-word-vectors') meanings = false;
    else if (a === '--same-documents') sameDocuments = true;
    else if (a === '--keep-heading-words') options.headingSkip = [];
    else if (a === '--unseen') unseen = true;
    else if (a === '--l2') options.l2 = Number(args[++i]);
    else if (a === '--iterations') options.iterations = Number(args[++i]);
    else if (a === '--min-documents') options.minDocuments = Number(args[++i]);
    else if (a === '--heading-prior') options.headingPrior = Number(args[++i]);
    else if (a === '--class-balance') options.classBalance = Number(args[++i]);
    else if (a === '--document-balance') options.documentBalance = Number(args[++i]);
    else {
      console.error(`${a === '--help' || a === '-h' ? '' : `unknown argument: ${a}\n`}${USAGE}`);
      process.exitCode = a === '--help' || a === '-h' ? 0 : 2;
      return;
    }
  }
  const resources = await loadResources();
  // The heading words the features leave out, once for the examples and the model (--keep-heading-words: none).
  options.headingSkip ??= modelHeadingSkip(resources);
  // Without word meanings (the `vec:` features), to compare a model with and without them.
  if (!meanings) delete resources.wordVectors;
  const docs = blindDocuments(path.join(ROOT, 'test/fixtures/blind-notes'), 'tune', '');
  if (cv) await report(docs, resources, options, labelled, unseen);
  if (!write) return;
  const base = { ...resources, categoryModel: undefined };
  const seen = new Set(resources.categoryModel?.trainedOn ?? []);
  const trainDocs = sameDocuments ? docs.filter((d) => seen.has(d.name)) : docs;
  const examples = [...(await trainingExamples(trainDocs, base, options.headingSkip)), ...(labelled ? labelledNoteExamples(parseLabelledNotes(readFileSync(LABELLED_NOTES, 'utf8')), base, options.headingSkip) : [])];
  const model = trainModel(examples, resources, options);
  const file = path.join(ROOT, 'corpus/category-model.json');
  const about =
    'Trained by `npm run train:categories` on the blind notes tune half (test/fixtures/blind-notes/tune) and test/fixtures/labelled-notes.csv; do not edit by hand. ' +
    'A multinomial logistic regression over rule scores, sentence cues, words seen in 2+ training documents, the words\' mean meaning (corpus/word-vectors/) and sentence shape (src/pipeline/category-model.ts).';
  writeFileSync(file, `${JSON.stringify({ _about: about, ...model })}\n`);
  console.log(`wrote ${path.relative(ROOT, file)}: ${model.features.length} features, ${model.categories.length} classes, ${examples.length} training segments from ${trainDocs.length} documents`);
}

await main();
