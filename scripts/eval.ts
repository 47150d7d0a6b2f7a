// npm run eval: score Harvest's themes against labelled sets and its category tagging against the labelled notes; print one table.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResources } from '../src/corpus.ts';
import { developmentSets, formatLabelPairs, formatLabelTable, formatTable, formatTreeTable, sampleSurveyItems, scorePrepared, scoreSpec, type SetReport, type SuiteOptions } from '../src/eval/suite.ts';
import { prepareSet } from '../src/eval/runner.ts';
import { formatTaggingTable, scoreTagging } from '../src/eval/tagging.ts';
import { blindDocuments, formatBlindTable, formatTypeErrors, scoreBlindNotes, type BlindDocument, type BlindHalf } from '../src/eval/blind-notes.ts';
import { coderAgreement } from '../src/eval/coder-agreement.ts';
import { blindSurveys, formatSurveyScore, scoreBlindSurveys, type SurveyHalf } from '../src/eval/blind-surveys.ts';
import { formatNonAnswerReport, scoreNonAnswers } from '../src/eval/non-answers.ts';
import { formatLanguageReport, scoreLanguages } from '../src/eval/languages.ts';
import { formatCrossLanguageReport, scoreCrossLanguage } from '../src/eval/cross-language.ts';
import { evaluateCampaigns, formatCampaignReport, sampleCampaigns } from '../src/eval/campaigns.ts';
import { formatRedactionScore, namesDocuments, scoreRedaction, type NamesHalf } from '../src/eval/redaction.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = `npm run eval -- [--seed N] [--no-stability] [--no-told-k] [--only NAME] [--set FILE.csv[:groupColumn]]... [--notes tune|test|both] [--surveys tune|test|both] [--redaction tune|test|both] [--type-errors]
  Scores the themes against ../shared/eval/ (or HARVEST_EVAL_DIR), the sample survey, any --set CSV
  (columns id,text,label[,group]), category tagging on test/fixtures/labelled-notes.csv, non-answers on
  test/fixtures/non-answers.csv, campaigns mixed into the sample survey (--only campaigns: that alone), language detection on test/fixtures/languages.csv, answers in other languages
  placed by the glossary on test/fixtures/cross-language.csv, and line by line on
  the blind notes corpus (test/fixtures/blind-notes: the tune half and the test half, reported apart).
  --notes HALF scores only the blind notes (the tune half while trying ideas; report the test half).
  --surveys HALF scores only the blind surveys (test/fixtures/blind-surveys: each analysed end to end, its themes
  and sub-themes against a blind coder's per question; the tune half also lists coder themes beside Harvest's labels).
  --redaction HALF scores only redaction on test/fixtures/blind-names (notes with every person's name listed by a
  blind writer, and look-alikes to keep): names left in the redacted synthesis, look-alikes redacted (listed for tune).
  --type-errors prints the tune half's stakeholder-type errors per type (false positives, false negatives, each line).`;

/** The checked-out commit (with "+changes" when the tree differs from it), or "unknown" outside git. */
function commitOf(root: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const options: SuiteOptions = { seed: 42, stability: true, toldK: true };
  const extra: { path: string; group?: string }[] = [];
  let only: string | null = null;
  let notesOnly: 'tune' | 'test' | 'both' | null = null;
  let typeErrors = false;
  let surveysOnly: 'tune' | 'test' | 'both' | null = null;
  let redactionOnly: 'tune' | 'test' | 'both' | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--seed') options.seed = Number(args[++i]);
    else if (a === '--no-stability') options.stability = false;
    else if (a === '--no-told-k') options.toldK = false;
    else if (a === '--only') only = args[++i]!.toLowerCase();
    else if (a === '--notes' || a === '--surveys' || a === '--redaction') {
      const half = args[++i];
      if (half !== 'tune' && half !== 'test' && half !== 'both') {
        console.error(`${a} takes tune, test or both\n${USAGE}`);
        process.exitCode = 2;
        return;
      }
      if (a === '--notes') notesOnly = half;
      else if (a === '--redaction') redactionOnly = half;
      else surveysOnly = half;
    }
    else if (a === '--set') {
      const [file, group] = args[++i]!.split(':');
      extra.push({ path: file!, group });
    } else if (a === '--type-errors') typeErrors = true;
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      return;
    } else {
      console.error(`unknown argument: ${a}\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
  }
  const resources = await loadResources();
  const evalDir = process.env.HARVEST_EVAL_DIR ?? path.resolve(ROOT, '../shared/eval');
  const TITLES = { tune: 'Blind notes, tune half', test: 'Blind notes, test half, authored (never tuned on)', real: 'Blind notes, test half, real US open-government notes (never tuned on)', public: 'Blind notes, test half, real public write-ups (never tuned on)' } as const;
  const blind = async (halves: BlindHalf[]): Promise<void> => {
    for (const half of halves) {
      const docs = blindDocuments(path.join(ROOT, 'test/fixtures/blind-notes'), half, evalDir);
      if (!docs.length) continue;
      const report = await scoreBlindNotes(docs, resources);
      console.log(`\n${formatBlindTable(TITLES[half], report)}`);
      // Only the tune half's errors are for reading: the test half is never read.
      if (typeErrors && half === 'tune') console.log(formatTypeErrors(report));
      if (half === 'test') await humanCeiling(docs);
    }
  };
  // A second blind coder labelled some test documents again: how far two people agree, and Harvest on the same lines.
  const humanCeiling = async (docs: readonly BlindDocument[]): Promise<void> => {
    const agreement = coderAgreement(docs, path.join(ROOT, 'test/fixtures/blind-notes/second-coder'));
    if (!agreement.documents.length) return;
    const same = await scoreBlindNotes(docs.filter((d) => agreement.documents.includes(d.name)), resources);
    console.log(
      `\nTwo blind coders on ${agreement.documents.length} of these documents (${agreement.lines} lines): macro-F1 ${agreement.macroF1.toFixed(3)}, ` +
        `kappa ${agreement.kappa.toFixed(3)}, stakeholder types F1 ${agreement.typesF1.toFixed(3)}; Harvest on the same documents: macro-F1 ${same.macroF1.toFixed(3)}, types F1 ${same.stakeholders.f1.toFixed(3)}.`,
    );
  };
  const SURVEY_TITLES = { tune: 'Blind surveys, tune half', test: 'Blind surveys, test half (never tuned on)' } as const;
  const surveys = async (halves: SurveyHalf[]): Promise<void> => {
    for (const half of halves) {
      const found = blindSurveys(path.join(ROOT, 'test/fixtures/blind-surveys'), half);
      if (!found.length) continue;
      const score = await scoreBlindSurveys(found, resources, options.seed);
      // Only the tune half's label pairs are for reading: the test half is never read.
      console.log(`\n${formatSurveyScore(SURVEY_TITLES[half], score, half === 'tune')}`);
    }
  };
  const redaction = async (halves: NamesHalf[]): Promise<void> => {
    for (const half of halves) {
      const docs = namesDocuments(path.join(ROOT, 'test/fixtures/blind-names'), half);
      if (!docs.length) continue;
      // Only the tune half's misses are for reading: the test half is never read.
      console.log(`\n${formatRedactionScore(`Redaction, blind names, ${half} half`, await scoreRedaction(docs, resources), half === 'tune')}`);
    }
  };
  if (redactionOnly) {
    await redaction(redactionOnly === 'both' ? ['tune', 'test'] : [redactionOnly]);
    return;
  }
  if (surveysOnly) {
    await surveys(surveysOnly === 'both' ? ['tune', 'test'] : [surveysOnly]);
    return;
  }
  if (notesOnly) {
    await blind(notesOnly === 'both' ? ['tune', 'test', 'real', 'public'] : notesOnly === 'test' ? ['test', 'real', 'public'] : ['tune']);
    return;
  }
  if (only === 'campaigns') {
    console.log(campaignTable(options.seed));
    return;
  }
  const specs = [
    ...developmentSets(evalDir),
    ...extra.map((e) => ({ name: path.basename(e.path), path: e.path, groupColumn: e.group })),
  ].filter((s) => only === null || s.name.toLowerCase().includes(only));
  const reports: SetReport[] = [];
  for (const spec of specs) {
    process.stderr.write(`scoring ${spec.name}...\n`);
    reports.push(scoreSpec(spec, resources, options));
  }
  if (only === null || 'sample survey'.includes(only)) {
    process.stderr.write('scoring sample survey...\n');
    reports.push(scorePrepared('sample survey (first theme)', prepareSet(sampleSurveyItems(ROOT), resources), resources, options));
  }
  console.log(`Harvest theme quality, seed ${options.seed}, ${new Date().toISOString().slice(0, 10)}, commit ${commitOf(ROOT)}\n`);
  console.log(formatTable(reports));
  const tree = formatTreeTable(reports);
  if (tree) console.log(`\nTheme tree (two-level sets: themes against the broad labels, sub-themes against the fine ones):\n\n${tree}`);
  console.log(`\nLabels (run choosing k itself; background words: in more than half of the group's texts; the last column means most where the set's labels are theme names):\n\n${formatLabelTable(reports)}`);
  const themefinder = reports.find((r) => r.name.startsWith('themefinder'));
  if (themefinder) console.log(`\nthemefinder theme names -> Harvest labels:\n${formatLabelPairs(themefinder)}`);
  console.log(`\n(seconds per set: ${reports.map((r) => `${r.name} ${r.seconds.toFixed(1)}`).join(', ')})\n`);
  if (only === null) {
    const tagging = scoreTagging(path.join(ROOT, 'test/fixtures/labelled-notes.csv'), resources);
    console.log(formatTaggingTable(tagging));
    console.log(`\n${formatNonAnswerReport(scoreNonAnswers(path.join(ROOT, 'test/fixtures/non-answers.csv'), resources))}`);
    console.log(`\n${campaignTable(options.seed)}`);
    console.log(`\n${formatLanguageReport(scoreLanguages(path.join(ROOT, 'test/fixtures/languages.csv'), resources.stopwords))}`);
    console.log(`\n${formatCrossLanguageReport(scoreCrossLanguage(path.join(ROOT, 'test/fixtures/cross-language.csv'), resources, options.seed))}`);
    await blind(['tune', 'test', 'real', 'public']);
    await surveys(['tune', 'test']);
    await redaction(['tune', 'test']);
  }
}

/** Campaign precision and recall on five mixtures (the run's seed and the four after it). */
function campaignTable(seed: number): string {
  const seeds = [0, 1, 2, 3, 4].map((i) => seed + i);
  return formatCampaignReport(seeds.map((s) => ({ seed: s, score: evaluateCampaigns(ROOT, s) })), sampleCampaigns(ROOT, seed));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
