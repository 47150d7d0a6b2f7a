// Label: name each theme with a readable phrase that occurs in its segments and sets it apart from the rest of its scope
// (the candidate phrases and their counts are in label-candidates.ts, how a candidate reads as grammar in label-grammar.ts).
import { tokenise } from './text.ts';
import { list } from './phrasing.ts';
import { asWritten, writtenAsName } from './written-form.ts';
import {
  capitalise, clausesOf, countScopeCandidates, countThemeCandidates, everyNth, fallbackLabel, remembered, headKeyOf, isCut, isSubjectStem, LABEL_THEME_SAMPLE, MAX_WORDS, mostCommonSurface, type Candidate, type LabelItem, type LabelWords, type ScopeCounts,
} from './label-candidates.ts';
import { cutBeforeVerb, joinWrappedLines, modifierAlone, mostlyNotNoun, nounInClausesOf, nounOrGerundAlone, nounPhraseAlone, nounPhraseOnceRepaired } from './label-grammar.ts';
import { centreOf, labelMeanings, meaningFitOf, type LabelMeanings } from './label-meaning.ts';
import { grownPhrase, grownWord, isLonelyGrowth, LONELY_GROWTH_DF, type Growing } from './label-growth.ts';
import { membersPhrases, membersWriting, twoPoints, weakLabel } from './label-points.ts';
import { loneRole, notTopicWords, opensWithMeetingWord } from './label-topics.ts';
import { backgroundOnly, type ScopeLabelling } from './label-scope.ts';
import type { WordVectors } from './word-vectors.ts';

export interface ThemeLabel {
  label: string;
  keyTerms: string[];
  /** One line on what the theme's members talk about, from its top phrases besides the label (absent: none found). */
  description?: string;
  /**
   * The share of the theme's members (its sample) that write a word of the label (of a grown label, the word it grew
   * from; of two points, either), background words aside: low when the label names one member's point of a mixed theme.
   */
  coverage: number;
}

/** What labelling may use besides the words of the items, and whom it tells how far it has come. */
export interface LabelOptions {
  /** Noun phrases of a clause, asked for items that were not annotated with theirs. */
  nounPhrasesOf?: (clause: string) => readonly string[];
  /** Background words (stems) of the wider scope the groups come from (sub-themes: the theme's scope), besides their own. */
  outerBackground?: ReadonlySet<string>;
  /** Word meanings, when loaded: a label phrase close in meaning to its theme's members is preferred. */
  meanings?: WordVectors;
  /** Does a phrase read alone end on a noun (English: see endsOnNounAlone)? A label of several words must. */
  endsOnNoun?: (phrase: string) => boolean;
  /**
   * The stems of the consultation's questions' words (see subjectStems): its subject, background words in every scope
   * ("farmers" on a survey of small farms, "girls" on one about women and girls), never a label alone.
   */
  subject?: ReadonlySet<string>;
  /** The stems of words that name actors, in a scope about who should act: a label ending on one is preferred (see ACTOR_WEIGHT). */
  actors?: ReadonlySet<string>;
  /** Called after each theme's phrases are counted and after each theme is labelled (a progress bar on a huge scope). */
  onStep?: () => void;
}

/**
 * Label each group of items (indices into `items`) with its most distinctive phrase, preferring a longer
 * phrase that still covers most of the members who used the key word ("cost of devices" over "cost").
 * Scores weigh how many of the theme's members use a phrase (coverage) and how specific it is to them (lift).
 */
export function labelThemes(
  groups: readonly (readonly number[])[],
  items: readonly LabelItem[],
  stopwords: ReadonlySet<string>,
  stem: (w: string) => string,
  generic: ReadonlySet<string> = new Set(),
  { nounPhrasesOf, outerBackground, meanings, endsOnNoun, subject, actors, onStep }: LabelOptions = {},
): ThemeLabel[] {
  const words: LabelWords = { stopwords, generic, stem };
  // First each theme's sample, counted per phrase; then the scope's sample, only for the phrases the themes
  // still want. A text's candidates are not kept: for a large scope they would take hundreds of MB. Every text
  // is read before any theme is labelled, so which phrases count as noun phrases does not depend on the order
  // of the themes.
  const samples = groups.map((members) => everyNth(members, LABEL_THEME_SAMPLE));
  const locals = samples.map((members) => {
    const counted = countThemeCandidates(members, items, words);
    onStep?.();
    return counted;
  });
  const wanted = new Set<string>();
  for (const local of locals) for (const key of local.keys()) wanted.add(key);
  const ctx: ScopeLabelling = {
    items, words, scope: countScopeCandidates(items, wanted, words, outerBackground), taken: new Set(), nounInClauses: nounInClausesOf(items, words, nounPhrasesOf), notTopic: notTopicWords(stem),
    phrasesOf: (i) => items[i]!.nounPhrases ?? (nounPhrasesOf ? clausesOf(items[i]!.text).flatMap((clause) => nounPhrasesOf(clause)) : []),
    ...(endsOnNoun ? { endsOnNoun: remembered(endsOnNoun) } : {}),
    ...(subject?.size ? { subject } : {}),
    ...(actors?.size ? { actors } : {}),
    ...(meanings ? { meaning: labelMeanings((i) => items[i]!.text, meanings) } : {}),
  };
  const order = samples.map((m, t) => t).sort((a, b) => groups[b]!.length - groups[a]!.length || a - b);
  const results: ThemeLabel[] = new Array(samples.length);
  for (const t of order) {
    results[t] = labelOne(ctx, samples[t]!, locals[t]!);
    onStep?.();
  }
  return results;
}

/** A theme's candidates ranked, and the tests the choice of its label and key terms puts them to. */
interface RankedTheme {
  local: ReadonlyMap<string, Candidate>;
  /** Candidates used by at least `minDf` members, best score first. */
  scored: { c: Candidate; score: number }[];
  minDf: number;
  /** How much more often the theme's members use a phrase than the scope as a whole. */
  liftOf: (c: Candidate) => number;
  isNoun: (c: Candidate) => boolean;
  /** isNoun without the reading of a single word's uses in its sentences (notNounInUse): cheap, for key terms. */
  readAsNoun: (c: Candidate) => boolean;
  /** Is a single English word used as no noun by most of the members who write it (see mostlyNotNoun)? */
  notNounInUse: (c: Candidate) => boolean;
  /** The members' texts, and the same lower-cased (the long s folded), made once when first wanted. */
  textsOfMembers: () => { texts: string[]; lowered: string[] };
}

/** How much more a phrase naming actors counts in a scope about who should act. */
const ACTOR_WEIGHT = 1.5;

/** Rank one theme's candidates (`members`: its sample, most central first; `local`: their counts). */
function rankTheme(ctx: ScopeLabelling, members: readonly number[], local: ReadonlyMap<string, Candidate>): RankedTheme {
  const { items, scope } = ctx;
  const { dfAll, total, scopeNouns } = scope;
  const size = members.length;
  const liftOf = (c: Candidate): number => c.df / size / (Math.max(dfAll.get(c.key) ?? 0, 1) / total);
  const meaningFit = ctx.meaning
    ? meaningFitOf(ctx.meaning, members, () => (ctx.scopeMeaning ??= centreOf(everyNth(ctx.items.map((_, i) => i), LABEL_THEME_SAMPLE).map((i) => ctx.meaning!.ofItem(i)))))
    : () => 1;
  // In a scope about who should act, a phrase whose head names an actor ("school psychologists", "women's organisations";
  // not "violence against women").
  const actorFit = (c: Candidate): number => (ctx.actors?.has(headKeyOf(c.key)) ? ACTOR_WEIGHT : 1);
  const score = (c: Candidate): number => {
    // Coverage: the share of the theme's members who use the phrase; lift: how much more often
    // they use it than the scope as a whole (a small floor keeps coverage deciding when the theme
    // is the whole scope). Multi-word phrases get a small bonus.
    const coverage = c.df / size;
    // A phrase of sampled members may be missing from the scope's sample: count it as met once.
    const lift = coverage / (Math.max(dfAll.get(c.key) ?? 0, 1) / total);
    return coverage ** 1.2 * (Math.log(Math.max(lift, 1)) + 0.05) * (1 + 0.3 * Math.min(c.words - 1, 2)) * meaningFit(c) * actorFit(c);
  };
  const rank = (minimum: number) =>
    [...local.values()]
      .filter((c) => c.df >= minimum)
      .map((c) => ({ c, score: score(c) }))
      .sort((a, b) => b.score - a.score || a.c.key.localeCompare(b.c.key));
  // A phrase two members share is wanted; in a theme where none is shared, the most specific one.
  let minDf = size <= 2 ? 1 : 2;
  let scored = rank(minDf);
  if (scored.length === 0 && minDf > 1) scored = rank((minDf = 1));
  // Asked only of candidates that can still win (score thresholds first): compromise may be behind it.
  const nounMemo = new Map<string, boolean>();
  let memberTexts: { texts: string[]; lowered: string[] } | null = null;
  const textsOfMembers = (): { texts: string[]; lowered: string[] } => {
    if (!memberTexts) {
      // (Wrapped lines joined: a flipchart's "should be\ninvolved in the\nFACA" is one sentence.)
      const texts = members.map((i) => joinWrappedLines(items[i]!.text));
      memberTexts = { texts, lowered: texts.map((t) => t.toLowerCase().replaceAll('\u017f', 's')) };
    }
    return memberTexts;
  };
  const notNounMemo = new Map<string, boolean>();
  const notNounInUse = (c: Candidate): boolean => {
    if (!ctx.endsOnNoun || c.words !== 1) return false;
    let answer = notNounMemo.get(c.key);
    if (answer === undefined) notNounMemo.set(c.key, (answer = mostlyNotNoun(mostCommonSurface(c), textsOfMembers().texts)));
    return answer;
  };
  /** Does a word's stem stand for other words than its plural ("insured" beside "insurance"; not "projects" beside "project")? */
  const mergesForms = (c: Candidate): boolean => {
    const w = mostCommonSurface(c).toLowerCase();
    return [c.surface, ...(c.otherSurfaces?.keys() ?? [])].some((f) => ![w, `${w}s`, `${w}es`, w.replace(/e?s$/, '')].includes(f.toLowerCase()));
  };
  /** Do most members (annotated) that write this very word have it in a noun phrase? */
  const formIsNoun = (form: string): boolean => {
    const word = form.toLowerCase();
    const { lowered } = textsOfMembers();
    let uses = 0;
    let nouns = 0;
    members.forEach((i, m) => {
      const phrases = items[i]!.nounPhrases;
      if (phrases === undefined || !tokenise(lowered[m]!).includes(word)) return;
      uses++;
      if (phrases.some((p) => tokenise(p).includes(word))) nouns++;
    });
    return uses > 0 && 2 * nouns >= uses;
  };
  const readAsNoun = (c: Candidate): boolean => {
    // Read in this theme's own texts: most members that use it (and were annotated) have it as a noun phrase,
    // or a single word as the head of one ("online" of "online harassment" is not one); a run of two or more
    // words is also one when it is read as one anywhere in the scope.
    // A single word its writers capitalise mid-sentence is a name ("Wordpress", "Cocoa"), a noun wherever it stands.
    if (c.annotatedDf > 0 && (2 * c.nounDf >= c.annotatedDf || (c.words >= 2 && scopeNouns.has(c.key)))) return true;
    let found = nounMemo.get(c.key);
    // In English, a phrase whose noun compromise took for a verb ("free transport", "transport and dormitory") read alone.
    if (c.words >= 2 && ctx.endsOnNoun) {
      if (found === undefined) nounMemo.set(c.key, (found = nounPhraseOnceRepaired(mostCommonSurface(c)) || (c.annotatedDf === 0 && ctx.nounInClauses(c.key, members))));
      return found;
    }
    if (c.annotatedDf > 0) {
      // (A stem that merges a noun and a verb form, "insurance" and "insured": the commonest form read on its own uses.)
      if (found === undefined) nounMemo.set(c.key, (found = c.words === 1 && (writtenAsName(mostCommonSurface(c), textsOfMembers().texts, textsOfMembers().lowered) || (mergesForms(c) && formIsNoun(mostCommonSurface(c))))));
      return found;
    }
    if (found === undefined) nounMemo.set(c.key, (found = ctx.nounInClauses(c.key, members)));
    return found;
  };
  // In English, a single word most of whose uses are verbs, adverbs, adjectives or determiners is none, whatever its
  // noun phrases say ("end" of "after the project ends", "more", "fund" of "should fund"). That reading (compromise, in
  // the members' sentences) is the costly part: asked last, only of a word that is otherwise a noun, and only where
  // a label is chosen (key terms are read by their noun phrases alone).
  const isNoun = (c: Candidate): boolean => readAsNoun(c) && !(c.words === 1 && notNounInUse(c));
  return { local, scored, minDf, liftOf, isNoun, readAsNoun, notNounInUse, textsOfMembers };
}

/**
 * The phrase that names a ranked theme. A label should read as a noun phrase ("local community offices"), not a
 * fragment ("put digital inclusion"): take the best multi-word noun phrase when it scores close to the best
 * candidate, else the best noun phrase, else the best candidate; then extend it to a longer noun phrase containing
 * it that most of its users share.
 */
function chooseLabelPhrase(ctx: ScopeLabelling, theme: RankedTheme): { chosen: Candidate; allowed: (c: Candidate) => boolean } {
  const { local, scored, minDf, liftOf, isNoun } = theme;
  const best = scored[0]!;
  /** Do most of a phrase's users (more than half, two or more) write it on into the same useful word (a longer candidate)? */
  // A phrase of several words that, read alone, ends on an adjective or a verb is cut ("weak signal mean").
  const whole = (c: Candidate): boolean => c.words === 1 || !ctx.endsOnNoun || ctx.endsOnNoun(mostCommonSurface(c));
  // In English, a phrase its members write on into a verb is cut too ("project ends", "reason women" of "the reason
  // women drop out"): read in their clauses, only for the few candidates asked.
  const cutMemo = new Map<string, boolean>();
  const cutInUse = (c: Candidate): boolean => {
    if (!ctx.endsOnNoun) return false;
    let cut = cutMemo.get(c.key);
    if (cut === undefined) cutMemo.set(c.key, (cut = cutBeforeVerb(mostCommonSurface(c), theme.textsOfMembers().lowered)));
    return cut;
  };
  // (Not into a phrase that is no noun phrase either: "devices and data" of "make devices and data affordable", nor
  // one cut before a verb: "collateral requirements" of "collateral requirements farmers cannot meet" is whole.)
  const runsOn = (c: Candidate): boolean => {
    const prefix = `${c.key} `;
    for (const d of local.values()) if (d.words === c.words + 1 && d.df >= 2 && 2 * d.df > c.df && d.key.startsWith(prefix) && whole(d) && !cutInUse(d)) return true;
    return false;
  };
  /** Is a phrase's last word read as a noun in this theme (see isNoun)? */
  const endsOnNoun = (c: Candidate): boolean => {
    const last = local.get(c.key.slice(c.key.lastIndexOf(' ') + 1));
    return last !== undefined && isNoun(last);
  };
  // In English a phrase is read alone (see whole, in allowed): "prevent gambling" ends on a noun there, though
  // compromise read "gambling" as a verb in "prevent gambling from becoming...".
  const endsWell = (c: Candidate): boolean => ctx.endsOnNoun !== undefined || endsOnNoun(c);
  // Which phrases may be a label: not one another theme of the scope already has, not the scope's background
  // words alone, not cut mid-phrase. When none is left, the rules are dropped in that order of importance.
  const free = (c: Candidate): boolean => !ctx.taken.has(c.key);
  // (Nor a phrase opening with a note-taker's framing word: "Expressed concern", "Thank".)
  const allowed = (c: Candidate): boolean =>
    free(c) && !backgroundOnly(ctx, c.key) && !opensWithMeetingWord(mostCommonSurface(c), ctx.notTopic) && whole(c) && !cutInUse(c);
  const pick = (ok: (c: Candidate) => boolean): Candidate | undefined => {
    const shared = Math.max(2, minDf);
    // A multi-word noun phrase scoring within reach of the best; then a single noun; then a shared phrase not cut
    // mid-phrase and ending on a noun ("villages and know" of "villages and know their needs" is cut after a verb);
    // then a noun or a phrase ending on one, not cut; then any phrase not cut.
    // (A phrase the whole scope uses about as often, such as "girls and women", says little about the theme.)
    // A noun phrase is cut too when most of its users write it on into the same word, whatever compromise read
    // ("price of a data" of "the price of a data bundle", "old stone" of "old stone houses").
    // Where who should act is asked, a phrase naming no actor does not displace an actor word scoring over twice as
    // well ("Digital transformation" over "schools" in a theme of schools, teachers and ministries).
    const actorAbove = (score: number): boolean => scored.some((y) => y.score > 2 * score && y.c.words === 1 && ctx.actors!.has(y.c.key) && ok(y.c) && isNoun(y.c));
    const noActorLost = (x: { c: Candidate; score: number }): boolean => !ctx.actors || ctx.actors.has(headKeyOf(x.c.key)) || !actorAbove(x.score);
    return scored.find((x) => x.score >= 0.15 * best.score && x.c.words >= 2 && x.c.df >= shared && liftOf(x.c) >= 1.5 && ok(x.c) && !runsOn(x.c) && isNoun(x.c) && noActorLost(x))?.c
      ?? scored.find((x) => x.score >= 0.5 * best.score && ok(x.c) && !runsOn(x.c) && isNoun(x.c))?.c
      ?? scored.find((x) => x.score >= 0.2 * best.score && x.c.words >= 2 && x.c.df >= shared && ok(x.c) && !isCut(x.c) && endsWell(x.c))?.c
      ?? scored.find((x) => !isCut(x.c) && ok(x.c) && !runsOn(x.c) && (x.c.words === 1 ? isNoun(x.c) : endsWell(x.c)))?.c
      // (A noun its members write on is still a noun: "Photos" of "photos copied into fake profiles" before "Afraid".)
      ?? scored.find((x) => x.score >= 0.3 * best.score && x.c.df >= shared && ok(x.c) && (x.c.words === 1 ? isNoun(x.c) : endsWell(x.c)))?.c
      ?? scored.find((x) => !isCut(x.c) && ok(x.c))?.c;
  };
  let top = pick(allowed) ?? pick(free) ?? best.c;
  if (top.words === 1) {
    // A single word yields to a longer phrase that as many members write and that scores at least as well, when
    // it ends on a noun of the theme ("door to door" over "door", "volunteers who know every household").
    const topScore = scored.find((x) => x.c === top)!.score;
    top = scored.find((x) => x.score >= topScore && x.c.words >= 2 && x.c.df >= top.df && allowed(x.c) && !isCut(x.c) && !runsOn(x.c) && endsOnNoun(x.c))?.c ?? top;
  }
  // Extend it to a longer noun phrase containing it that a good share of its users write.
  const topWords = ` ${top.key} `;
  let chosen = top;
  for (const { c } of scored) {
    if (c.words <= chosen.words || !` ${c.key} `.includes(topWords) || !allowed(c)) continue;
    if (c.df >= Math.max(minDf, Math.ceil(0.34 * top.df)) && (chosen === top || c.df >= chosen.df) && isNoun(c)) chosen = c;
  }
  // A phrase most of its users write on into the same word gives way to that longer phrase ("price of a data" to
  // "price of a data bundle"), as long as there is one (allowed: not "devices and data affordable").
  for (let next = chosen; next.words < MAX_WORDS; chosen = next) {
    const prefix = `${chosen.key} `;
    const longer = [...local.values()].filter((d) => d.words === chosen.words + 1 && d.df >= 2 && 2 * d.df > chosen.df && d.key.startsWith(prefix) && allowed(d));
    next = longer.sort((a, b) => b.df - a.df || a.key.localeCompare(b.key))[0] ?? chosen;
    if (next === chosen) break;
  }
  return { chosen, allowed };
}

/**
 * Key terms: the best phrases of 1-3 words besides the label, with no stop word, no repeated word and not
 * the scope's background words alone; none that is part of a term already listed, or contains one.
 * Where the members' noun phrases are known, a term must read as a noun phrase in most of its uses (see readAsNoun);
 * in English, a single word must not read alone as an adjective or a participle ("wrong", "trained": see modifierAlone,
 * cheap where mostlyNotNoun, which reads the members' sentences, is not), and a term of several words must end on a noun
 * read alone (not "data affordable").
 * The description: the first two or three key terms that members share.
 */
function keyTermsOf(ctx: ScopeLabelling, theme: RankedTheme, labelKeys: readonly string[]): Omit<ThemeLabel, 'label' | 'coverage'> {
  const { stopwords } = ctx.words;
  const { texts, lowered } = theme.textsOfMembers();
  const keyTerms: string[] = [];
  const seenKeys: string[] = [...labelKeys];
  for (const { c } of theme.scored) {
    if (keyTerms.length >= 6) break;
    const parts = c.key.split(' ');
    if (parts.length > 3 || parts.some((w) => stopwords.has(w)) || new Set(parts).size < parts.length || backgroundOnly(ctx, c.key) || opensWithMeetingWord(mostCommonSurface(c), ctx.notTopic)) continue;
    if (c.annotatedDf > 0 && !theme.readAsNoun(c)) continue;
    if (c.words === 1 && ctx.endsOnNoun && modifierAlone(mostCommonSurface(c))) continue;
    if (c.words >= 2 && ctx.endsOnNoun?.(mostCommonSurface(c)) === false) continue;
    if (seenKeys.some((k) => ` ${k} `.includes(` ${c.key} `) || ` ${c.key} `.includes(` ${k} `))) continue;
    seenKeys.push(c.key);
    keyTerms.push(asWritten(mostCommonSurface(c), texts, lowered));
  }
  const described = keyTerms
    .map((term, i) => ({ term, i, df: theme.local.get(seenKeys[i + labelKeys.length]!)!.df }))
    .filter((x) => x.df >= Math.max(2, theme.minDf))
    .slice(0, 3)
    .map((x) => x.term);
  const description = described.length ? `Often mentioned: ${list(described)}.` : undefined;
  return { keyTerms, ...(description ? { description } : {}) };
}

/** One theme's label, key terms and description; its label phrase is taken for the scope's other themes. */
function labelOne(ctx: ScopeLabelling, members: readonly number[], local: ReadonlyMap<string, Candidate>): ThemeLabel {
  const theme = rankTheme(ctx, members, local);
  if (theme.scored.length === 0) {
    return { label: capitalise(fallbackLabel(ctx.items[members[0]!]?.text ?? '', ctx.words.stopwords)), keyTerms: [], coverage: 0 };
  }
  const { chosen, allowed } = chooseLabelPhrase(ctx, theme);
  ctx.taken.add(chosen.key);
  const { texts, lowered } = theme.textsOfMembers();
  // A name its writers capitalise mid-sentence ("Wordpress", "Haskell") is a label alone.
  const isName = chosen.words === 1 && writtenAsName(mostCommonSurface(chosen), texts, lowered);
  const grown = chosen.words === 1 && !isName
    ? grownWord(growing(ctx), members, chosen, texts, lowered) ?? grownPhrase(growing(ctx), theme.local, chosen, texts, lowered)
    : null;
  if (grown) ctx.taken.add(grown.key);
  const label = capitalise(grown?.written ?? asWritten(mostCommonSurface(chosen), texts, lowered));
  // A label that leaves most of its theme unnamed gives way to two points its members share; so does one role word
  // alone outside a question on who should act ("Trainer": who, not what); neither point is then one role word.
  const usersOf = membersWriting(members, ctx.items, ctx.words);
  const noun = chosen.words > 1 || theme.isNoun(chosen);
  const role = !ctx.actors && !grown && loneRole(chosen.key, ctx.notTopic);
  // A label taken only because no allowed phrase was left (the scope's background words or a date alone: "Week",
  // "Women") is weak too, and no point of a label.
  const leftover = !grown && backgroundOnly(ctx, chosen.key);
  const weak = weakLabel(members.length, chosen, isName, noun) || ((role || leftover) && members.length >= 3);
  const pointAllowed = (c: Candidate): boolean => (ctx.actors || !loneRole(c.key, ctx.notTopic)) && ((c === chosen && !role && !leftover) || allowed(c));
  // A word several members write, grown into a phrase only one of them writes ("school" into "Rural primary school"),
  // names that member's detail: the word with a second point other members share says more ("School; ministries").
  // Only where the phrase adds modifiers to the word, its head ("rural primary school"): not a compound the word
  // modifies ("straw mulch"), nor two things joined ("parents and media" says more than its first word).
  const lonelyGrowth = !weak && grown !== null && isLonelyGrowth(members.length, chosen, grown.key, headKeyOf(grown.key), usersOf(grown.key).size);
  const twoOf = (): [Candidate, Candidate] | null =>
    twoPoints({ size: members.length, scored: theme.scored, allowed: pointAllowed, usersOf, liftOf: theme.liftOf, isNoun: (c) => pointIsNoun(ctx, theme, c) }, chosen);
  // After a lonely growth, two points only when the first is the word and the second as widely written.
  const lonelyPoints = (p: [Candidate, Candidate] | null): [Candidate, Candidate] | null => (p?.[0] === chosen && usersOf(p[1].key).size >= LONELY_GROWTH_DF ? p : null);
  const points = weak ? twoOf() : lonelyGrowth ? lonelyPoints(twoOf()) : null;
  // No noun shared, and its best word is none ("Too", "Without", "Ended"), or a weak label with no two points shared
  // ("Photos", two of eight): the phrases of two of its members say more.
  const listed = !points && members.length >= 3 && ctx.endsOnNoun && !grown && ((weak && noun) || (!noun && !nounOrGerundAlone(mostCommonSurface(chosen))))
    ? membersPhrases(members, ctx.phrasesOf, ctx.words, (key, phrase) => !ctx.taken.has(key) && !backgroundOnly(ctx, key) && !/^\S+ed\s/.test(phrase) && nounPhraseAlone(phrase))
    : null;
  // (By the label's words, not its phrase: "Mobile training team" covers the members who write "training".)
  const coverage = (keys: readonly string[]): number =>
    new Set(keys.flatMap((k) => k.split(' ').filter((w) => !ctx.words.stopwords.has(w) && !backgroundOnly(ctx, w)).flatMap((w) => [...usersOf(w)]))).size / members.length;
  if (listed) {
    for (const { key } of listed) ctx.taken.add(key);
    return { label: `${capitalise(asWritten(listed[0].phrase, texts, lowered))}; ${asWritten(listed[1].phrase, texts, lowered)}`, ...keyTermsOf(ctx, theme, [chosen.key]), coverage: coverage(listed.map((p) => p.key)) };
  }
  if (!points) return { label, ...keyTermsOf(ctx, theme, [chosen.key]), coverage: coverage([chosen.key]) };
  for (const p of points) ctx.taken.add(p.key);
  // The first point is the label as grown when it is the label's word ("Lack of information; Germany").
  if (lonelyGrowth) ctx.taken.delete(grown!.key);
  const [first, second] = points.map((p) => (p === chosen ? (lonelyGrowth ? asWritten(mostCommonSurface(chosen), texts, lowered) : label) : asWritten(mostCommonSurface(p), texts, lowered)));
  return { label: `${capitalise(first!)}; ${second!}`, ...keyTermsOf(ctx, theme, [chosen.key, ...points.map((p) => p.key)]), coverage: coverage(points.map((p) => p.key)) };
}

/** Is a candidate a noun phrase as a point of a label (a single word: not one compromise reads alone as a modifier)? */
function pointIsNoun(ctx: ScopeLabelling, theme: RankedTheme, c: Candidate): boolean {
  if (c.words > 1) return theme.readAsNoun(c) && ctx.endsOnNoun?.(mostCommonSurface(c)) !== false;
  return !(ctx.endsOnNoun && modifierAlone(mostCommonSurface(c))) && theme.isNoun(c);
}

/** What growing a single word label reads of its scope's labelling. */
function growing(ctx: ScopeLabelling): Growing {
  return { items: ctx.items, words: ctx.words, taken: ctx.taken, backgroundOnly: (key) => backgroundOnly(ctx, key), ...(ctx.endsOnNoun ? { endsOnNoun: ctx.endsOnNoun } : {}) };
}
