// Tag: give each segment a codebook category by explainable scoring (section cues, keywords, patterns, actors, sentence
// cues; a trained model over them where one fits the codebook) and find the stakeholder types it names.
import type { Annotation, CategoryModel, Codebook, Coding, Segment, SentenceCues, StakeholderGazetteer } from '../../model/index.ts';
import { compileModel, describeFeature, MODEL_OTHER, modelDecision, modelFits, readWithModel, segmentFeatures, segmentMeaning, spokenStart, type CompiledModel, type ModelInput } from '../category-model.ts';
import type { WordVectors } from '../word-vectors.ts';
import { englishStemsOf, loadGlossary, type Glossary } from '../glossary.ts';
import { compileSentenceCues, matchSentenceCues, type CompiledSentenceCue } from '../sentence-cues.ts';
import { normaliseText, tokeniseWithOffsets, type Token } from '../text.ts';
import { actorsNamedAsActing, compileGazetteer, findActors, leadingActorEnd, organisationTypes, type ActorMatch, type GazetteerIndex } from './actors.ts';
import { compileCodebook, sectionReading, textMatches, type CodebookIndex, type SectionReading, type TextMatch } from './codebook-index.ts';
import { asciiRuns } from './matching.ts';
import { OTHER_CATEGORY, round, STAKEHOLDER_CATEGORY, TAG_WEIGHTS } from './weights.ts';

export { organisationKind, stakeholderTypesIn } from './actors.ts';
export { OTHER_CATEGORY, TAG_WEIGHTS } from './weights.ts';

/** What tagging reads from a segment's text alone: its tokens, keyword/pattern matches, actors and sentence cues. */
interface TextEvidence {
  /** The normalised text. */
  norm: string;
  tokens: Token[];
  matches: TextMatch[];
  actors: ActorMatch[];
  /** Sentence-shape cues found, as (category index, cue). */
  cues: Array<{ category: number; cue: CompiledSentenceCue; start: number }>;
  /**
   * Cues of a class the codebook does not have (the cues of `other`: a question, a facilitator's narration): they
   * score no category, but the trained model reads them (`cue:` features) and a coding as `other` names them.
   */
  outsideCues: CompiledSentenceCue[];
  /** Where the actor the text opens with ends, when it opens with one ("Telcos - ...", "The ministry must ..."); else -1. */
  leadingActorEnd: number;
}

/** Texts up to this long are remembered while tagging: short answers ("More funding") repeat, long ones rarely. */
const MEMO_MAX_CHARS = 120;

function readText(text: string, codebook: CodebookIndex, gazetteer: GazetteerIndex, cues: readonly CompiledSentenceCue[]): TextEvidence {
  const norm = normaliseText(text);
  const tokens = tokeniseWithOffsets(norm);
  const runs = asciiRuns(norm, tokens);
  const actors = findActors(norm, tokens, gazetteer, runs);
  const found: TextEvidence['cues'] = [];
  const outsideCues: CompiledSentenceCue[] = [];
  for (const { cue, start } of matchSentenceCues(norm, cues)) {
    const category = codebook.categories.findIndex((c) => c.id === cue.category);
    if (category >= 0) found.push({ category, cue, start });
    else outsideCues.push(cue);
  }
  return { norm, tokens, matches: textMatches(norm, tokens, codebook, runs), actors, cues: found, outsideCues, leadingActorEnd: leadingActorEnd(norm, actors) };
}

/** What the actors a text names add to the stakeholder category: their score, its evidence, and how much of the text they are. */
interface ActorReading {
  score: number;
  evidence: Array<{ at: number; text: string }>;
  distinct: number;
  /** Actors are all (only) or at least half (mostly) of the text's content words. */
  only: boolean;
  mostly: boolean;
}

function readActors(actors: readonly ActorMatch[], tokens: readonly Token[], annotation: Annotation | undefined, actorLeads: number): ActorReading {
  const out: ActorReading = { score: 0, evidence: [], distinct: 0, only: false, mostly: false };
  const distinctActors = [...new Map(actors.map((a) => [a.term.toLowerCase(), a])).values()];
  out.distinct = distinctActors.length;
  distinctActors.slice(0, 3).forEach((a, rank) => {
    out.score += TAG_WEIGHTS.actor * TAG_WEIGHTS.decay ** rank;
    out.evidence.push({ at: a.start, text: `actor "${a.term}" (${a.type})` });
  });
  const content = new Set(annotation?.tokens ?? []);
  const contentTokens = tokens.filter((t) => content.has(t.token));
  const covered = contentTokens.filter((t) => actors.some((a) => t.start >= a.start && t.end <= a.end)).length;
  const coverage = contentTokens.length > 0 ? covered / contentTokens.length : 0;
  if (actorLeads >= 0 && coverage < 1) {
    out.score += TAG_WEIGHTS.leadingActor;
    out.evidence.push({ at: actorLeads, text: 'opens with an actor' });
  }
  out.only = coverage === 1;
  out.mostly = coverage >= 0.5;
  if (out.only) {
    out.score += TAG_WEIGHTS.onlyActors;
    out.evidence.push({ at: Number.MAX_SAFE_INTEGER, text: 'names only actors' });
  } else if (out.mostly) {
    out.score += TAG_WEIGHTS.mostlyActors;
    out.evidence.push({ at: Number.MAX_SAFE_INTEGER, text: 'mostly names actors' });
  }
  return out;
}

/** Tag one segment; see tagSegments. */
function tagOne(
  segment: TaggableSegment,
  annotation: Annotation | undefined,
  codebook: CodebookIndex,
  gazetteer: GazetteerIndex,
  readSection: (section: string) => SectionReading,
  textEvidence: (text: string) => TextEvidence,
  model: CompiledModel | null,
  wordVectors: WordVectors | null,
  glossary: Glossary | null,
  capture?: (input: ModelInput) => void,
): Coding {
  const categories = codebook.categories;
  const scores = categories.map(() => 0);
  const evidence: Array<Array<{ at: number; text: string }>> = categories.map(() => []);
  const section = segment.section ? readSection(segment.section) : null;
  const sectionWeight = section ? section.weights : categories.map(() => 0);
  if (section) {
    sectionWeight.forEach((w, i) => {
      if (w > 0) {
        scores[i]! += w;
        evidence[i]!.push({ at: -1, text: section.evidence[i]! });
      }
    });
  }

  const { norm, tokens, matches, actors, cues, outsideCues, leadingActorEnd: actorLeads } = textEvidence(segment.text);
  const counted = categories.map(() => new Map<string, TextMatch>());
  for (const m of matches) {
    const key = `${m.kind}:${m.term}`;
    if (!counted[m.category]!.has(key)) counted[m.category]!.set(key, m);
  }
  counted.forEach((found, i) => {
    const weights = [...found.values()].map((m) => m.weight * TAG_WEIGHTS.termScale).sort((a, b) => b - a);
    weights.forEach((w, rank) => (scores[i]! += w * TAG_WEIGHTS.decay ** rank));
    for (const m of found.values()) evidence[i]!.push({ at: m.start, text: `${m.kind} "${m.term}"` });
  });
  // Sentence shape: strongest cue first, each further one of the same category counting less.
  const cueWeights = categories.map(() => [] as number[]);
  for (const c of cues) {
    cueWeights[c.category]!.push(c.cue.weight);
    evidence[c.category]!.push({ at: c.start, text: `sentence: ${c.cue.name}` });
  }
  cueWeights.forEach((ws, i) => ws.sort((a, b) => b - a).forEach((w, rank) => (scores[i]! += w * TAG_WEIGHTS.decay ** rank)));

  const stakeholder = categories.find((c) => c.id === STAKEHOLDER_CATEGORY);
  const actorReading = stakeholder && actors.length ? readActors(actors, tokens, annotation, actorLeads) : null;
  if (stakeholder && actorReading) {
    scores[stakeholder.index]! += actorReading.score;
    evidence[stakeholder.index]!.push(...actorReading.evidence);
  }
  const distinctActorCount = actorReading?.distinct ?? 0;
  const onlyActors = actorReading?.only ?? false;
  const mostlyActors = actorReading?.mostly ?? false;

  const order = categories
    .map((c) => c.index)
    .sort((a, b) => scores[b]! - scores[a]! || sectionWeight[b]! - sectionWeight[a]! || a - b);
  const best = order[0]!;
  const bestScore = scores[best]!;
  // In a stakeholder line every actor counts; elsewhere only those the line names as acting.
  const typesFor = (category: string): Set<string> => {
    const acting = category === STAKEHOLDER_CATEGORY ? actors : actorsNamedAsActing(norm, actors, gazetteer, category);
    const types = new Set(acting.map((a) => a.type));
    for (const org of annotation?.organisations ?? []) for (const t of organisationTypes(org, gazetteer)) types.add(t);
    return types;
  };
  const ruleCategory = bestScore >= TAG_WEIGHTS.threshold ? categories[best]!.id : OTHER_CATEGORY;

  if (model || capture) {
    // The model reads what is said, not who says it (see spokenStart).
    const from = spokenStart(norm);
    const said = from ? tokens.filter((t) => t.start >= from) : tokens;
    const input: ModelInput = {
      categories: categories.map((c) => c.id),
      sectionWeights: sectionWeight,
      textScores: scores.map((s, i) => s - sectionWeight[i]!),
      ruleCategory,
      cues: [...cues.map((c) => c.cue.name), ...outsideCues.map((c) => c.name)],
      norm: norm.slice(from),
      tokens: said,
      actors: distinctActorCount,
      onlyActors,
      mostlyActors,
      section: segment.section ?? null,
      meaning: wordVectors ? segmentMeaning(wordVectors, said) : null,
      english: glossary && annotation && annotation.language !== 'en' ? englishStemsOf(annotation.stems, annotation.language, glossary) : [],
    };
    capture?.(input);
    if (model) return modelCoding(model, input, typesFor);
  }
  const stakeholderTypes = typesFor(ruleCategory);

  if (bestScore < TAG_WEIGHTS.threshold) {
    const weak = order.filter((i) => scores[i]! > 0).map((i) => `${categories[i]!.id} ${round(scores[i]!)}`);
    return {
      category: OTHER_CATEGORY,
      confidence: 0,
      secondary: [],
      stakeholderTypes: [...stakeholderTypes].sort(),
      evidence: [
        ...outsideCues.map((c) => `sentence: ${c.name}`),
        weak.length ? `below threshold: ${weak.join(', ')}` : 'no section cue, keyword or pattern matched',
      ],
    };
  }
  const second = order.length > 1 ? scores[order[1]!]! : 0;
  const strength = 1 - Math.exp(-bestScore / 2.5);
  const margin = (bestScore - second) / bestScore;
  const confidence = round(Math.min(1, Math.max(0, strength * (0.5 + 0.5 * margin))));
  const secondaryMin = Math.max(TAG_WEIGHTS.threshold, TAG_WEIGHTS.secondaryShare * bestScore);
  return {
    category: categories[best]!.id,
    confidence,
    secondary: order.slice(1).filter((i) => scores[i]! >= secondaryMin).map((i) => categories[i]!.id),
    stakeholderTypes: [...stakeholderTypes].sort(),
    evidence: evidence[best]!.sort((a, b) => a.at - b.at).map((e) => e.text),
  };
}

/** A secondary class needs at least this share of the chosen class's probability (and this probability). */
const MODEL_SECONDARY_SHARE = 0.5;
const MODEL_SECONDARY_MIN = 0.2;

/**
 * The coding the trained model gives (see category-model.ts): the most probable class, its probability as the
 * confidence, the classes close to it as secondary, and the features that weighed most as evidence.
 */
function modelCoding(
  model: CompiledModel,
  input: ModelInput,
  typesFor: (category: string) => Set<string>,
): Coding {
  const features = segmentFeatures(input, model.headingSkip);
  const reading = readWithModel(model, features);
  const classes = model.model.categories;
  const decision = modelDecision(model, features, reading.probabilities);
  const order = classes.map((_, i) => i).sort((a, b) => Number(b === decision.index) - Number(a === decision.index) || reading.probabilities[b]! - reading.probabilities[a]! || a - b);
  const best = order[0]!;
  const p = reading.probabilities[best]!;
  const category = classes[best]!;
  const reasons = reading.reasons(best).map(([name, w]) => `${describeFeature(name)} (+${round(w)})`);
  const evidence = decision.rule ? [`${decision.rule} (trained model: ${classes[order[1]!]!} ${round(reading.probabilities[order[1]!]!)})`, ...reasons] : [`trained model: ${category} ${round(p)}`, ...reasons];
  return {
    category: category === MODEL_OTHER ? OTHER_CATEGORY : category,
    confidence: round(p),
    secondary: order
      .slice(1)
      .filter((i) => classes[i] !== MODEL_OTHER && reading.probabilities[i]! >= Math.max(MODEL_SECONDARY_MIN, MODEL_SECONDARY_SHARE * p))
      .map((i) => classes[i]!),
    stakeholderTypes: [...typesFor(category)].sort(),
    evidence,
  };
}

/** What tagging reads of a segment: its text and its section (heading or survey question). */
export type TaggableSegment = Pick<Segment, 'text' | 'section'>;

/** What tagging reads from corpus/: the codebook and gazetteer, and what sharpens them (a `Resources` is one). */
export interface TagResources {
  codebook: Codebook;
  gazetteer: StakeholderGazetteer;
  /** Sentence-shape cues (corpus/sentence-cues.json); without them only the codebook and actors decide. */
  sentenceCues?: SentenceCues;
  /** The trained category model (corpus/category-model.json); used where it fits the codebook. */
  categoryModel?: CategoryModel;
  /** Word meanings (corpus/word-vectors/), one of the model's feature families. */
  wordVectors?: WordVectors;
  /**
   * Stop words per language (corpus/stopwords/): with them, the words of a BCMS, Albanian, Macedonian or Italian
   * segment are also read in English through the glossary (corpus/glossary.json), as the model's word features.
   */
  stopwords?: Record<string, ReadonlySet<string>>;
}

/** A tagger (see createTagger): codes one segment at a time. */
export interface Tagger {
  (segment: TaggableSegment, annotation: Annotation | undefined): Coding;
  /**
   * Read a text's own evidence now (keywords, patterns, actors, sentence cues: what needs no annotation), for the
   * coding of its segment to take later: work this thread can do while another reads the texts with compromise.
   * The codings are the same with or without it.
   */
  prepare(text: string): void;
}

/**
 * A tagger for one codebook and gazetteer: codes one segment at a time (see tagSegments), compiling the
 * codebook once and remembering survey questions and short texts it has read. Pure apart from its memos.
 */
export function createTagger(
  { codebook, gazetteer, sentenceCues, categoryModel, wordVectors, stopwords }: TagResources,
  capture?: (input: ModelInput) => void,
): Tagger {
  const index = compileCodebook(codebook);
  const model = categoryModel && modelFits(categoryModel, index.categories.map((c) => c.id)) ? compileModel(categoryModel) : null;
  const actors = compileGazetteer(gazetteer);
  const cues = sentenceCues ? compileSentenceCues(sentenceCues) : [];
  const glossary = stopwords ? loadGlossary(stopwords) : null;
  // A survey question is the section of every answer to it: read it once.
  const sections = new Map<string, SectionReading>();
  const readSection = (section: string): SectionReading => {
    let found = sections.get(section);
    if (!found) sections.set(section, (found = sectionReading(section, index.categories)));
    return found;
  };
  // Short answers repeat ("More funding", "Internet access"): read each such text once.
  const memo = new Map<string, TextEvidence>();
  // Texts read ahead (prepare), each taken once by its coding.
  const prepared = new Map<string, TextEvidence>();
  const textEvidence = (text: string): TextEvidence => {
    const ahead = prepared.get(text);
    if (ahead) prepared.delete(text);
    if (text.length > MEMO_MAX_CHARS) return ahead ?? readText(text, index, actors, cues);
    let found = memo.get(text);
    if (!found) memo.set(text, (found = ahead ?? readText(text, index, actors, cues)));
    return found;
  };
  const tagger = (segment: TaggableSegment, annotation: Annotation | undefined): Coding =>
    tagOne(segment, annotation, index, actors, readSection, textEvidence, model, wordVectors ?? null, glossary, capture);
  return Object.assign(tagger, {
    prepare(text: string): void {
      if (!prepared.has(text) && !(text.length <= MEMO_MAX_CHARS && memo.has(text))) prepared.set(text, readText(text, index, actors, cues));
    },
  });
}

/**
 * Code each segment with a codebook category (same order as the segments). Scores per category:
 * section cues in the segment's heading or survey question (strongest; the first cue counts most, a cue
 * after "address"/"tackle"... least), keywords matched on stems, patterns matched as words, and for the
 * stakeholder category the actors the gazetteer finds (a segment that mostly names actors is a stakeholder).
 * The best score at or above the threshold wins, else 'other'. Evidence lists what decided it.
 */
export function tagSegments(segments: readonly TaggableSegment[], annotations: readonly Annotation[], resources: TagResources): Coding[] {
  const tag = createTagger(resources);
  return segments.map((segment, i) => tag(segment, annotations[i]));
}
