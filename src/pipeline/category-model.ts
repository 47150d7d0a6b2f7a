// The trained category model: features of a segment (rule scores, sentence cues, words, shape), a softmax over categories, and its training.
import type { CategoryModel } from '../model/index.ts';
import { stemmerFor, type Token } from './text.ts';
import { meanMeaning, type WordVectors } from './word-vectors.ts';

/** Class given to segments that are no category of the codebook (and, in training, to lines a coder marked as not content). */
export const MODEL_OTHER = 'other';

/** What the tag stage knows of a segment when the model decides (see tag.ts). */
export interface ModelInput {
  /** Codebook category ids, in codebook order (the same order as the score arrays). */
  categories: readonly string[];
  /** The section heading's (or question's) weight per category. */
  sectionWeights: readonly number[];
  /** Everything else the rules gave each category: codebook terms, sentence cues, actors. */
  textScores: readonly number[];
  /** The rules' own answer: a category id, or "other" below the threshold. */
  ruleCategory: string;
  /** Names of the sentence cues that fired. */
  cues: readonly string[];
  /** The normalised text and its tokens. */
  norm: string;
  tokens: readonly Token[];
  /** Distinct actors named; whether they are all or most of the content. */
  actors: number;
  onlyActors: boolean;
  mostlyActors: boolean;
  /** The section heading or question, when there is one (its words are features too). */
  section?: string | null;
  /** The mean meaning of the text's words (see segmentMeaning), when word vectors are loaded. */
  meaning?: Float32Array | null;
  /** In a text of another language, the English stems its words stand for by the glossary (word features too). */
  english?: readonly string[];
}

const stem = stemmerFor('en');
const WORD = /^\p{L}[\p{L}'-]*$/u;
const YEAR = /(?<!\d)(?:19|20)\d\d(?!\d)/;
const LABEL_SHAPE = /^[\p{Lu}\p{N}][^:.!?]{1,40}:\s+\S/u;
const QUOTED = /^\s*(?:["“„«']|(?:p|participant|r|respondent)\s*\d+\s*:)/iu;

/** A time a chat or transcript line opens with ("14:06:12 ", "[10:42] "). */
const LEAD_TIME = String.raw`(?:\[?(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?\]?\s+)?`;
/**
 * Who speaks, where a line opens with it: a chat's sender ("From Ana Petrović to Everyone: "), or a person named with
 * an organisation in brackets or by two to four capitalised words ("Svetlana (ANOFM): ", "Ardita Gashi: "). What they
 * say is what the line is about: the sender's words ("from", "everyone", a name's letters) would weigh in every line.
 * A single capitalised word is left (it is as often a label: "Target: ...", "Distance: ...").
 */
const SPEAKER_LEAD = new RegExp(
  String.raw`^${LEAD_TIME}(?:[Ff]rom\s+[^:]{1,80}?\s+to\s+[^:]{1,40}?|\p{Lu}[\p{L}.'’-]*(?:\s+[\p{L}.'’-]+){0,3}\s*\([^()]{1,60}\)|\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){1,3})\s*:\s+(?=\S)`,
  'u',
);

/** Where what a line says starts: after a time and speaker it opens with (see SPEAKER_LEAD), else 0. */
export function spokenStart(norm: string): number {
  return SPEAKER_LEAD.exec(norm)?.[0].length ?? 0;
}

/**
 * The `vec:` features' scale: a unit vector's components are mostly within +-0.3, so at 4 the words' meaning weighs
 * about as much as a word feature. Leave-one-document-out on the tune half: 3: 0.715, 4: 0.719, 6: 0.721, 8: 0.725,
 * 12: 0.714; 8 outweighed the question heading of the reference consultation summary's bullets (docs/quality.md).
 */
const MEANING_SCALE = 4;

/** The mean meaning of a text's words, function words left out (they carry no topic and would pull every text together). */
export function segmentMeaning(table: WordVectors, tokens: readonly Token[]): Float32Array | null {
  return meanMeaning(
    table,
    tokens.map((t) => t.token.toLowerCase()).filter((w) => WORD.test(w)),
    table.skip,
  );
}

/**
 * Words past which a text's word features weigh less: each is worth sqrt(WORD_DAMPING / words), so a long paragraph's
 * many words do not outvote its heading and cues by their number alone (a 50-word bullet under "Key interventions"
 * was read as a stakeholder line through its words by a model trained on all tune documents). Measured in session 17
 * with classes weighed half-way to equal (docs/quality.md); shipped with the model of session 19.
 */
const WORD_DAMPING = 12;

/** Word features of a text: the stem of each word (lower case), once each (past WORD_DAMPING words each weighs less), and the stem of the first word. */
function wordFeatures(tokens: readonly Token[], out: Map<string, number>): void {
  let first = true;
  const words = tokens.filter((t) => WORD.test(t.token.toLowerCase())).length;
  const v = words > WORD_DAMPING ? Math.sqrt(WORD_DAMPING / words) : 1;
  for (const t of tokens) {
    const w = t.token.toLowerCase();
    if (!WORD.test(w)) continue;
    const s = stem(w);
    if (first) out.set(`first:${s}`, 1);
    first = false;
    if (s.length >= 2) out.set(`word:${s}`, v);
  }
}

/** Question words: function words that say what a heading asks ("Who should be involved?", "What worked?"). */
const QUESTION_WORDS = new Set(['who', 'whom', 'whose', 'what', 'which', 'how', 'why', 'where', 'when']);

/**
 * The words a heading's features leave out: English function words ("the", "and", "from", "that"), which say
 * nothing of a category but which a model learnt from a few documents' headings all the same ("heading word
 * 'the'" was among the strongest reasons on real notes), except the question words. Leave-one-document-out on the
 * tune half: 0.689 with them, 0.694 without (leaving them out of the text's word features too: 0.676; docs/quality.md,
 * session 25). Written into the model it was trained with (CategoryModel.headingSkip).
 */
export function headingSkipWords(stopwords: Iterable<string>): string[] {
  return [...new Set(stopwords)].filter((w) => !QUESTION_WORDS.has(w)).sort();
}

const NO_WORDS: ReadonlySet<string> = new Set();

/** The stems of a heading's words, as `head:` features (a heading's words say a lot: "Results", "Challenges", "Next steps"), but `skip`. */
function headingFeatures(section: string, out: Map<string, number>, skip: ReadonlySet<string>): void {
  for (const w of section.toLowerCase().split(/[^\p{L}'-]+/u)) if (w.length >= 3 && WORD.test(w) && !skip.has(w)) out.set(`head:${stem(w)}`, 1);
}

/**
 * The features of one segment, by name. Families: `section:` and `text:` (the rule scores per category, scaled),
 * `rule:` (the rules' answer), `cue:` (sentence cues), `word:` and `first:` (stems), `vec:` (the words' mean meaning), `head:` (the heading's stems), `shape:` (numbers, years,
 * a question, a "Label: text" shape, quoted speech, length, actors). Names that a model does not know weigh nothing.
 * `headingSkip`: the heading's words left out (the model's own list, see headingSkipWords).
 */
export function segmentFeatures(input: ModelInput, headingSkip: ReadonlySet<string> = NO_WORDS): Map<string, number> {
  const f = new Map<string, number>();
  input.categories.forEach((c, i) => {
    const s = input.sectionWeights[i]!;
    if (s > 0) f.set(`section:${c}`, s / 2.5);
    const t = input.textScores[i]!;
    if (t > 0) f.set(`text:${c}`, Math.min(t, 8) / 4);
  });
  f.set(`rule:${input.ruleCategory}`, 1);
  for (const cue of input.cues) f.set(`cue:${cue}`, 1);
  wordFeatures(input.tokens, f);
  for (const s of input.english ?? []) if (s.length >= 2 && !s.includes(' ')) f.set(`word:${s}`, 1);
  input.meaning?.forEach((v, d) => f.set(`vec:${d}`, v * MEANING_SCALE));
  if (input.section) headingFeatures(input.section, f, headingSkip);
  const words = input.tokens.length;
  if (/\d/.test(input.norm)) f.set('shape:number', 1);
  if (/%|\bper ?cent\b/i.test(input.norm)) f.set('shape:percent', 1);
  if (YEAR.test(input.norm)) f.set('shape:year', 1);
  if (/\?\s*$/.test(input.norm)) f.set('shape:question', 1);
  if (LABEL_SHAPE.test(input.norm)) f.set('shape:label', 1);
  if (QUOTED.test(input.norm)) f.set('shape:quoted', 1);
  if (words <= 4) f.set('shape:short', 1);
  else if (words > 30) f.set('shape:long', 1);
  if (input.actors > 0) f.set('shape:actors', Math.min(input.actors, 3) / 3);
  if (input.onlyActors) f.set('shape:only-actors', 1);
  else if (input.mostlyActors) f.set('shape:mostly-actors', 1);
  return f;
}

/** A model ready to score: feature name -> column, and whether it fits the codebook (same category ids). */
export interface CompiledModel {
  model: CategoryModel;
  column: Map<string, number>;
  /** The heading words its features leave out (see headingSkipWords). */
  headingSkip: ReadonlySet<string>;
}

const compiledModels = new WeakMap<CategoryModel, CompiledModel>();

/** Index a model's features once (cached per model object). */
export function compileModel(model: CategoryModel): CompiledModel {
  let found = compiledModels.get(model);
  if (!found) compiledModels.set(model, (found = { model, column: new Map(model.features.map((name, i) => [name, i])), headingSkip: new Set(model.headingSkip) }));
  return found;
}

/** Does the model know exactly the codebook's categories (plus "other")? Otherwise the rules decide alone. */
export function modelFits(model: CategoryModel, codebookCategories: readonly string[]): boolean {
  const mine = new Set(model.categories.filter((c) => c !== MODEL_OTHER));
  return mine.size === codebookCategories.length && codebookCategories.every((c) => mine.has(c));
}

/** The model's reading: a probability per class (model order) and what weighed most for each class. */
export interface ModelReading {
  probabilities: number[];
  /** For a class: the features that pushed it up most, strongest first, as [feature, contribution]. */
  reasons: (classIndex: number, n?: number) => Array<[string, number]>;
}

/** Score features with the model (softmax over classes). */
export function readWithModel(compiled: CompiledModel, features: ReadonlyMap<string, number>): ModelReading {
  const { model, column } = compiled;
  const known: Array<[string, number, number]> = [];
  for (const [name, value] of features) {
    const j = column.get(name);
    if (j !== undefined && value !== 0) known.push([name, j, value]);
  }
  const logits = model.bias.map((b, c) => known.reduce((s, [, j, v]) => s + model.weights[c]![j]! * v, b));
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return {
    probabilities: exps.map((e) => e / sum),
    reasons: (c, n = 4) =>
      known
        .map(([name, j, v]) => [name, model.weights[c]![j]! * v] as [string, number])
        .filter(([, w]) => w > 0)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, n),
  };
}

/** Why the model's most probable class was set aside (see modelDecision): shown as a coding's evidence. */
export const SHORT_ITEM_UNDER_WHO = 'a short item under a heading that asks who';

/**
 * The class a reading gives: the most probable one, except that a short item (four words or fewer) under a heading
 * that asks who ("Field staff", "DIUX", "EPA innovation team" under "Who is innovating?"; "Med students" under
 * "Anyone who has to give bad news"), where the heading reads as stakeholder or as no category at all, is a
 * stakeholder when the model says "other": the heading's question says the item names actors, though no gazetteer
 * knows them. The model's "other" class holds every segment of lines that are not content and short items of every
 * kind, so its bias outvotes the heading (docs/quality.md, session 22).
 */
export function modelDecision(compiled: CompiledModel, features: ReadonlyMap<string, number>, probabilities: readonly number[]): { index: number; rule: string | null } {
  const classes = compiled.model.categories;
  const index = probabilities.indexOf(Math.max(...probabilities));
  const stakeholder = classes.indexOf('stakeholder');
  if (classes[index] !== MODEL_OTHER || stakeholder < 0 || !features.has('head:who') || !features.has('shape:short')) return { index, rule: null };
  let strongest: string | null = null;
  let weight = 0;
  for (const [name, v] of features) if (name.startsWith('section:') && v > weight) (strongest = name.slice(8), (weight = v));
  return strongest === null || strongest === 'stakeholder' ? { index: stakeholder, rule: SHORT_ITEM_UNDER_WHO } : { index, rule: null };
}

/** A feature name as a facilitator reads it in a coding's evidence. */
export function describeFeature(name: string): string {
  const colon = name.indexOf(':');
  const family = name.slice(0, colon);
  const rest = name.slice(colon + 1);
  switch (family) {
    case 'section':
      return `heading suggests ${rest}`;
    case 'text':
      return `codebook words/cues for ${rest}`;
    case 'rule':
      return `rules say ${rest}`;
    case 'cue':
      return `sentence: ${rest}`;
    case 'word':
      return `word "${rest}…"`;
    case 'first':
      return `opens with "${rest}…"`;
    case 'head':
      return `heading word "${rest}…"`;
    case 'vec':
      return 'what the words mean';
    default:
      return rest.replace(/-/g, ' ');
  }
}

// ---------- training (scripts/train-categories.mts) ----------

/** One training example: features, class and weight. */
export interface TrainingExample {
  features: ReadonlyMap<string, number>;
  category: string;
  /** Which document it comes from (word features must be seen in several documents). */
  document: string;
  weight: number;
}

export interface TrainOptions {
  /** Classes, in output order. */
  categories: readonly string[];
  /** L2 penalty per weight (times the number of examples' total weight). */
  l2?: number;
  iterations?: number;
  learningRate?: number;
  /** Added to the weight of each category's own heading feature after fitting (the heading as a prior). */
  headingPrior?: number;
  /** Word and first-word features are kept when seen in at least this many documents. */
  minDocuments?: number;
  /**
   * Reweigh classes towards equal total weight: 0 leaves them as they come (a rare class, such as capacity gaps,
   * then starts with a low bias that a heading cannot overcome), 1 makes them weigh the same.
   */
  classBalance?: number;
  /** Reweigh documents towards equal total weight (0: as they come; 1: a long document weighs as much as a short one). */
  documentBalance?: number;
  /** The heading words the examples' features left out (see headingSkipWords), written into the model. */
  headingSkip?: readonly string[];
}

/** Each row's weight times (mean group weight / its group's weight) ** power: 0 leaves them, 1 makes every group weigh the same. */
function reweigh<K>(rows: Array<{ w: number }>, groupOf: (i: number) => K, power: number): void {
  if (power <= 0) return;
  const per = new Map<K, number>();
  rows.forEach((r, i) => per.set(groupOf(i), (per.get(groupOf(i)) ?? 0) + r.w));
  const mean = [...per.values()].reduce((a, b) => a + b, 0) / per.size;
  rows.forEach((r, i) => (r.w *= (mean / per.get(groupOf(i))!) ** power));
}

/**
 * Fit a multinomial logistic regression by full-batch gradient descent (Adam steps) from zero weights:
 * deterministic for the same examples. Word features seen in fewer than `minDocuments` documents are dropped,
 * so that one document's topic words cannot decide a category.
 */
export function trainCategoryModel(examples: readonly TrainingExample[], options: TrainOptions): CategoryModel {
  const { categories } = options;
  const l2 = options.l2 ?? 0.002;
  const iterations = options.iterations ?? 500;
  const rate = options.learningRate ?? 0.05;
  const minDocs = options.minDocuments ?? 2;
  const docsOf = new Map<string, Set<string>>();
  for (const e of examples) {
    for (const name of e.features.keys()) {
      let s = docsOf.get(name);
      if (!s) docsOf.set(name, (s = new Set()));
      s.add(e.document);
    }
  }
  const lexical = (name: string) => /^(?:word|first|head):/.test(name);
  const features = [...docsOf.keys()].filter((n) => !lexical(n) || docsOf.get(n)!.size >= minDocs).sort();
  const column = new Map(features.map((n, i) => [n, i]));
  const classOf = new Map(categories.map((c, i) => [c, i]));
  const rows = examples
    .filter((e) => classOf.has(e.category))
    .map((e) => {
      const kept = [...e.features].filter(([n]) => column.has(n));
      return { idx: Int32Array.from(kept, ([n]) => column.get(n)!), val: Float64Array.from(kept, ([, v]) => v), y: classOf.get(e.category)!, w: e.weight };
    });
  // Class and document balance (TrainOptions): towards equal total weight per class, per document.
  reweigh(rows, (i) => rows[i]!.y, options.classBalance ?? 0);
  const documentOf = examples.filter((e) => classOf.has(e.category)).map((e) => e.document);
  reweigh(rows, (i) => documentOf[i]!, options.documentBalance ?? 0);
  const K = categories.length;
  const F = features.length;
  const W = Array.from({ length: K }, () => new Float64Array(F));
  const b = new Float64Array(K);
  const mW = Array.from({ length: K }, () => new Float64Array(F));
  const vW = Array.from({ length: K }, () => new Float64Array(F));
  const mb = new Float64Array(K);
  const vb = new Float64Array(K);
  const total = rows.reduce((s, r) => s + r.w, 0) || 1;
  const beta1 = 0.9;
  const beta2 = 0.999;
  const gW = Array.from({ length: K }, () => new Float64Array(F));
  const gb = new Float64Array(K);
  const logits = new Float64Array(K);
  for (let it = 1; it <= iterations; it++) {
    for (let c = 0; c < K; c++) gW[c]!.fill(0);
    gb.fill(0);
    for (const r of rows) {
      let max = -Infinity;
      for (let c = 0; c < K; c++) {
        const wc = W[c]!;
        let l = b[c]!;
        for (let k = 0; k < r.idx.length; k++) l += wc[r.idx[k]!]! * r.val[k]!;
        logits[c] = l;
        if (l > max) max = l;
      }
      let sum = 0;
      for (let c = 0; c < K; c++) sum += (logits[c] = Math.exp(logits[c]! - max));
      for (let c = 0; c < K; c++) {
        const g = (r.w * (logits[c]! / sum - (c === r.y ? 1 : 0))) / total;
        gb[c]! += g;
        const gc = gW[c]!;
        for (let k = 0; k < r.idx.length; k++) gc[r.idx[k]!]! += g * r.val[k]!;
      }
    }
    const step = (rate * Math.sqrt(1 - beta2 ** it)) / (1 - beta1 ** it);
    for (let c = 0; c < K; c++) {
      for (let j = 0; j < F; j++) {
        const g = gW[c]![j]! + l2 * W[c]![j]!;
        mW[c]![j] = beta1 * mW[c]![j]! + (1 - beta1) * g;
        vW[c]![j] = beta2 * vW[c]![j]! + (1 - beta2) * g * g;
        W[c]![j]! -= (step * mW[c]![j]!) / (Math.sqrt(vW[c]![j]!) + 1e-8);
      }
      mb[c] = beta1 * mb[c]! + (1 - beta1) * gb[c]!;
      vb[c] = beta2 * vb[c]! + (1 - beta2) * gb[c]! * gb[c]!;
      b[c]! -= (step * mb[c]!) / (Math.sqrt(vb[c]!) + 1e-8);
    }
  }
  // The heading is a prior: each category's own heading feature gets `headingPrior` on top of what was learnt.
  const prior = options.headingPrior ?? 0;
  categories.forEach((c, k) => {
    const j = column.get(`section:${c}`);
    if (j !== undefined) W[k]![j]! += prior;
  });
  const round = (n: number) => Math.round(n * 1e4) / 1e4;
  return {
    trainedOn: [...new Set(examples.map((e) => e.document))].sort(),
    headingSkip: [...(options.headingSkip ?? [])],
    categories: [...categories],
    features,
    weights: W.map((row) => Array.from(row, round)),
    bias: Array.from(b, round),
  };
}
