// How an English label candidate reads as grammar (compromise): does it end on a noun read alone, does it hold a
// clause, does it run on into a verb in the members' sentences, is a single word used as a noun at all. Split from
// label-candidates.ts, which counts the candidates; this decides which of them can stand as a label.
import { nlp, rememberTagged, taggedOf, taggedTermsOf, TAGGED_CHARS, type TaggedTerms } from './annotate/compromise.ts';
import { phraseWords } from './word-lists.ts';
import { rememberedBy, tokenise } from './text.ts';
import { addClauseCandidates, clausesOf, nounPhraseCandidate, type LabelItem, type LabelWords } from './label-candidates.ts';

type Doc = Parameters<typeof taggedTermsOf>[0];

/**
 * A text's words as compromise tags them in their sentences (remembered: the same text gives the same reading; a text
 * annotation read is not read again, see rememberTagged).
 */
function termsInText(raw: string): TaggedTerms {
  const text = joinWrappedLines(raw);
  let terms = taggedOf(text);
  if (!terms) {
    terms = taggedTermsOf(nlp()(text) as unknown as Doc);
    rememberTagged(text, terms);
  }
  return terms;
}

/**
 * A text with its wrapped lines joined: a line break before a lower-case word continues the sentence (a flipchart's,
 * a sticky note's or a PDF's lines: "should be\ninvolved in the\nFACA"), and compromise reads the lines as one
 * sentence only once they are joined ("involved" is then a participle, not a noun opening a sentence).
 */
export function joinWrappedLines(text: string): string {
  return text.includes('\n') ? text.replace(/[^\S\n]*\n\s*(?=\p{Ll})/gu, ' ') : text;
}

/**
 * The tags compromise gives each word of an English phrase read alone, and the words: remembered (a phrase is asked
 * again by each theme and sub-theme of a scope), bounded.
 */
const tagsAlone = rememberedBy(20_000, (phrase): TaggedTerms => taggedTermsOf(nlp()(phrase) as unknown as Doc));

/** Does compromise read a word as a noun after "the" ("the transport", "the credit")? */
const hasNounReading = rememberedBy(20_000, (word) => tagsAlone(`the ${word}`)[1]?.tags.includes('Noun') ?? false);

/** Is a word tagged a bare verb (an infinitive, not also a noun)? */
function bareVerb(tags: readonly string[]): boolean {
  return tags.includes('Infinitive') && !tags.includes('Noun');
}

/**
 * An English phrase's words as compromise tags them read alone, with the nouns it takes for verbs there given back:
 * a bare verb after an adjective ("free transport") or opening a pair joined by "and"/"or" whose second is a noun
 * ("transport and dormitory", "free transport and dormitory") is a noun when the word has a noun reading at all.
 * ("Train and support women" stays: neither is a noun; so do "phone and decide" and "seeds or credit".)
 */
function phraseTags(phrase: string): TaggedTerms {
  const terms = tagsAlone(phrase);
  if (!terms.some((t) => bareVerb(t.tags))) return terms;
  const isNoun = (j: number): boolean => terms[j] !== undefined && terms[j]!.tags.includes('Noun') && !terms[j]!.tags.includes('Pronoun');
  const joined = (j: number): boolean => /^(?:and|or)$/i.test(terms[j]?.text ?? '');
  return terms.map((t, i) => {
    if (!bareVerb(t.tags)) return t;
    const afterAdjective = i > 0 && terms[i - 1]!.tags.includes('Adjective') && !terms[i - 1]!.tags.includes('Verb') && !/[,;:]$/.test(terms[i - 1]!.text);
    // (Only a first conjunct, at the start or after an adjective or determiner: after "and" a bare verb is mostly a
    // verb, "phone and decide", "villages and know", "sessions and support victims".)
    const opens = i === 0 || terms[i - 1]!.tags.some((g) => g === 'Adjective' || g === 'Determiner');
    const coordinated = opens && joined(i + 1) && isNoun(i + 2);
    if (!(afterAdjective || coordinated) || !hasNounReading(t.text.toLowerCase().replace(/[^\p{L}\p{N}'’-]/gu, ''))) return t;
    return { text: t.text, tags: [...t.tags.filter((g) => g !== 'Verb' && g !== 'Infinitive' && g !== 'PresentTense'), 'Noun'] };
  });
}

/**
 * Is an English phrase a noun phrase only once the nouns compromise takes for verbs are given back (see phraseTags:
 * "free transport", "transport and dormitory")? compromise's noun phrases in the members' sentences never hold these.
 */
export function nounPhraseOnceRepaired(phrase: string): boolean {
  const raw = tagsAlone(phrase);
  return phraseTags(phrase).some((t, i) => t !== raw[i]) && nounPhraseAlone(phrase);
}

/** Is a word, as compromise tagged it, a noun (a gerund, a date, a number; a plural it took for a verb: "accounts")? */
function nounLike({ text, tags }: { text: string; tags: readonly string[] }): boolean {
  if (tags.some((t) => t === 'Noun' || t === 'Date' || t === 'Gerund' || t === 'Value')) return true;
  return tags.includes('PresentTense') && /s$/i.test(text);
}

/**
 * Does an English phrase, read alone, end on a noun? compromise reads a phrase cut out of a sentence better alone
 * than in its clause: "weak signal mean" (of "a weak signal mean you cannot...") and "evaluation tools simple" end
 * on an adjective, "project ended" on a verb; "village centre", "cost of a laptop", "awareness raising" (a gerund)
 * and "firsthand accounts" (a plural compromise takes for a verb) end on nouns. A phrase holding a clause
 * ("training makes sense") does not count as ending on a noun: it is no name for a theme, nor one starting on an
 * adverb in -ly ("publicly on progress").
 */
export function endsOnNounAlone(phrase: string): boolean {
  const terms = phraseTags(phrase);
  const last = terms.at(-1);
  return last !== undefined && nounLike(last) && !hasClause(terms) && !startsOnAdverb(terms);
}

/**
 * Does a phrase of several words start on an adverb in -ly ("publicly on progress" of "report publicly on progress")? It
 * is cut from the verb before it. ("More time" starts on an adjective.)
 */
function startsOnAdverb(terms: TaggedTerms): boolean {
  const first = terms[0];
  return terms.length > 1 && first !== undefined && /ly$/i.test(first.text) && first.tags.includes('Adverb') && !first.tags.includes('Adjective') && !nounLike(first);
}

/**
 * Does a phrase hold a clause: a verb after its first word, not after "who", "that" or "which" ("training makes
 * sense", "women say")? A verb first is an action ("train local women"), a relative clause a noun phrase
 * ("volunteers who know every household"), a gerund or participle a modifier.
 */
function hasClause(terms: TaggedTerms): boolean {
  // (The last word is read by nounLike: "firsthand accounts" is a plural there.)
  return terms.some((t, i) => i > 0 && i < terms.length - 1 && t.tags.includes('Verb') && !t.tags.some((g) => g === 'Gerund' || g === 'Participle' || g === 'Noun')
    && !terms[i - 1]!.tags.includes('QuestionWord') && !/^(?:that|which|who)$/i.test(terms[i - 1]!.text));
}

/**
 * Is an English phrase, read alone, a noun phrase: no verb before its last word, which is a noun? "Trainers know the
 * subject" and "houses the signal" (of "old stone houses the signal...") are not.
 */
export function nounPhraseAlone(phrase: string): boolean {
  const terms = phraseTags(phrase);
  const last = terms.at(-1);
  if (!last || !nounLike(last)) return false;
  return !startsOnAdverb(terms) && terms.slice(0, -1).every((t) => !t.tags.includes('Verb') || t.tags.includes('Gerund') || t.tags.includes('Participle'));
}

/** Nouns a clause with no "that" follows ("the reason women drop out"); corpus/phrase-words.json. */
const CLAUSE_HEADS: ReadonlySet<string> = new Set(phraseWords().clauseHeads);
/** Words before a noun that make it a noun phrase's start ("the project" in "when the project ends"). */
const DETERMINERS = /^(?:the|a|an|this|that|our|their|its|his|her|my|your|each|every)$/;
/** How many of a phrase's uses are read in their clause. */
const USES_READ = 3;

/**
 * Is an English phrase, as its members write it, a verb or cut before one: does it end on a verb in most of its uses
 * ("project ends" of "when the project ends", "ended" of "after it ended"), or on the subject of a clause that
 * follows a noun with no "that" ("reason women" of "the reason women drop out", "collateral requirements farmers"
 * of "collateral requirements farmers cannot meet": a plural noun or a clause head, then a noun, then a verb)?
 * compromise reads "the project ends" alone as a noun phrase; in its clause, with "it" for the noun, it reads the
 * verb. `lowered`: the members' texts, lower-cased.
 */
export function cutBeforeVerb(phrase: string, lowered: readonly string[]): boolean {
  const words = tokenise(phrase.toLowerCase());
  if (words.length === 0) return false;
  const [before, last] = [words.at(-2) ?? '', words.at(-1)!];
  // (A single word only in -ed: a plural noun alone reads as a verb after "it", "subsidies for drip irrigation".)
  const endsOnVerbForm = (words.length === 1 ? /ed$/.test(last) : /[^s']s$|ed$/.test(last)) && isVerbForm(last);
  const clauseSubject = words.length >= 2 && (CLAUSE_HEADS.has(before) || /[^su'’]s$/.test(before));
  if (!endsOnVerbForm && !clauseSubject) return false;
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s-]+')}(?![\\p{L}\\p{N}])`, 'u');
  let uses = 0;
  let cut = 0;
  for (const text of lowered) {
    let found: RegExpExecArray | null = null;
    const clause = clausesOf(text).find((cl) => (found = pattern.exec(cl)) !== null);
    if (clause === undefined || found === null) continue;
    const match: RegExpExecArray = found;
    const previous = tokenise(clause.slice(0, match.index + match[1]!.length)).at(-1) ?? '';
    const rest = clause.slice(match.index + match[0].length).trim();
    uses++;
    // Two words after a determiner ("the project ends"), or one word after anything but one ("it ended").
    const subjectBefore = words.length === 2 ? DETERMINERS.test(previous) : words.length === 1 && !DETERMINERS.test(previous);
    if (endsOnVerbForm && subjectBefore && readsAsVerb(`it ${last} ${rest}`, 1)) cut++;
    else if (clauseSubject && rest !== '' && readsAsVerb(`${before} ${last} ${rest}`, 2)) cut++;
    if (uses >= USES_READ) break;
  }
  return uses > 0 && 2 * cut > uses;
}

/**
 * Can a word in -s or -ed be a verb: compromise reads its base alone as one ("ends": "end"; not "villages":
 * "village"), or the word alone as a past tense ("ended")?
 */
function isVerbForm(word: string): boolean {
  if (/ed$/.test(word)) return tagsAlone(word)[0]?.tags.includes('PastTense') ?? false;
  return [word.slice(0, -1), word.replace(/es$/, '')].some((base) => base !== word && (tagsAlone(base)[0]?.tags.includes('Verb') ?? false));
}

/** Does compromise read the word at `index` of a clause as a verb (not a gerund or participle)? */
function readsAsVerb(clause: string, index: number): boolean {
  const tags = tagsAlone(clause)[index]?.tags ?? [];
  return tags.includes('Verb') && !tags.includes('Gerund') && !tags.includes('Participle') && !tags.includes('Noun');
}

/** Tags that say a word, as compromise reads it in its sentence, is no noun ("more", "fund" of "should fund"). */
const NOT_NOUN_TAGS = /^(?:Verb|Adverb|Adjective|Determiner|Preposition|Conjunction|Pronoun|QuestionWord|Expression)$/;
/** Longer texts are read only this far (compromise's cost grows with the words). */
const USE_CHARS = TAGGED_CHARS;

/**
 * Is an English word, as a theme's members write it, no noun in most of its uses: a verb, an adverb, an adjective or a
 * determiner ("end" of "after the project ends" and "projects shorter than a year end", "fund" of "should fund longer
 * programmes", "more" of "trusted more", "work" of "short weekly sessions work better")? Each use is read as compromise
 * tags it in its sentence; a noun right after a noun or a pronoun (or after "and"/"or" before its object) is read again
 * in its clause with "it" for what comes before, as cutBeforeVerb does: compromise reads "the project ends" as a noun
 * phrase, "it ends" as a verb. "the end" and "a three-year fund" stay nouns. Up to USES_READ_WORD uses are read; `texts`: the members' texts.
 */
export function mostlyNotNoun(word: string, texts: readonly string[]): boolean {
  const w = word.toLowerCase();
  const plain = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}'’-]/gu, '');
  const forms = new Set([w, `${w}s`, `${w}es`, `${w}ed`, `${w}d`]);
  // Only texts that have one of the forms as a word are read (compromise is the cost: "end" is in "spend" and "attend").
  const asWord = wordFormsPattern(w);
  let uses = 0;
  let notNoun = 0;
  for (const text of texts) {
    if (!asWord.test(text.slice(0, USE_CHARS))) continue;
    const terms = termsInText(text.slice(0, USE_CHARS));
    // The word or its -s and -ed forms ("ends", "ended"; not "working": a gerund is another word as a label).
    const at = terms.findIndex((t) => forms.has(plain(t.text)));
    if (at < 0) continue;
    uses++;
    const tags = terms[at]!.tags;
    const tagsAt = (j: number): readonly string[] => terms[j]?.tags ?? [];
    const ends = (j: number): boolean => /[,.;:!?-]$/.test(terms[j]?.text ?? '');
    if (tags.includes('Noun') && !tags.includes('Pronoun')) {
      if (mayBeVerbAfter(terms, at, forms.has(plain(terms[at]!.text)) && plain(terms[at]!.text) !== w)) {
        // The rest of its clause, up to the first punctuation.
        const rest: string[] = [];
        for (let j = at + 1; j < terms.length && rest.length < 8; j++) {
          rest.push(terms[j]!.text.replace(/[,.;:!?]+$/, ''));
          if (ends(j)) break;
        }
        if (readsAsVerb(`it ${plain(terms[at]!.text)} ${rest.join(' ')}`.trim(), 1)) notNoun++;
      }
    } else if (tags.some((t) => NOT_NOUN_TAGS.test(t)) && !(tags.includes('Gerund') && /ing$/.test(w))) {
      // compromise takes a noun for a verb after an adjective or a determiner ("free transport") or as a verb's object
      // ("cover transport and meals"): those uses stay nouns.
      const before = at > 0 && !ends(at - 1) ? tagsAt(at - 1) : [];
      const after = ends(at) ? [] : tagsAt(at + 1);
      const objectOrModified = tags.includes('Verb') && (before.some((t) => t === 'Adjective' || t === 'Determiner' || t === 'Possessive' || t === 'QuestionWord' || t === 'Preposition')
        || (before.includes('Verb') && !before.some((t) => t === 'Auxiliary' || t === 'Modal' || t === 'Copula'))
        // (or after a noun and before a preposition or the end, "social media campaign with ...", or joined to a noun: "wheat and maize")
        || (before.includes('Noun') && !before.includes('Pronoun') && (after.length === 0 || after.includes('Preposition')) && isNounAlone(plain(terms[at]!.text)))
        || (at >= 2 && /^(?:and|or)$/i.test(terms[at - 1]!.text) && !ends(at - 2) && tagsAt(at - 2).includes('Noun') && !tagsAt(at - 2).includes('Pronoun')));
      if (!objectOrModified) notNoun++;
    }
    if (uses >= USES_READ_WORD) break;
  }
  return uses > 0 && 2 * notNoun > uses;
}
/** The pattern of a lower-case word or its -s, -es, -ed or -d form as a whole word, case aside: made once per word (bounded). */
const wordFormsPattern = rememberedBy(20_000, (w) => {
  const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?:s|es|ed|d)?(?![\\p{L}\\p{N}])`, 'iu');
});

/**
 * Can a word compromise read as a noun be a verb after its subject: an -s or -ed form (`inflected`) right after a determiner and a
 * noun or a pronoun ("the project ends"; not after a possessive or a hyphenated modifier: "a three-year fund"), a bare form after a plural
 * noun earlier in its clause with no verb or preposition between ("projects shorter than a year end"; not "weak extension
 * service"), or a bare form after "and"/"or" after no noun, before its object ("make e-services simpler and fund assisted access points")?
 */
function mayBeVerbAfter(terms: TaggedTerms, at: number, inflected: boolean): boolean {
  const tagsAt = (j: number): readonly string[] => terms[j]?.tags ?? [];
  const ends = (j: number): boolean => /[,.;:!?-]$/.test(terms[j]?.text ?? '');
  if (at === 0 || ends(at - 1)) return false;
  const before = tagsAt(at - 1);
  if (/^(?:and|or)$/i.test(terms[at - 1]!.text)) {
    // (Not after a noun or a gerund, "wheat and maize", "funding and pilot projects", nor before an auxiliary: "maize has".)
    return !inflected && at >= 2 && !ends(at - 2) && !tagsAt(at - 2).some((t) => t === 'Noun' || t === 'Gerund') && at + 1 < terms.length && !ends(at)
      && !tagsAt(at + 1).some((t) => t === 'Preposition' || t === 'Conjunction' || t === 'Auxiliary' || t === 'Copula' || t === 'Modal');
  }
  if (!before.includes('Noun') || before.some((t) => t === 'Possessive' || t === 'Hyphenated')) return false;
  // (An -s form only after "the project", "a pilot" or a pronoun: "information campaigns" is a noun phrase.)
  if (inflected) return before.includes('Pronoun') || (at >= 2 && DETERMINERS.test(terms[at - 2]!.text.toLowerCase()));
  if (before.includes('ProperNoun')) return false;
  // (No verb and no preposition but "than" between: "campaigns in Albanian and Macedonian language" has no verb.)
  for (let j = at - 1; j >= 0 && !ends(j); j--) {
    const t = tagsAt(j);
    if (t.includes('Verb') || (t.includes('Preposition') && !/^than$/i.test(terms[j]!.text))) return false;
    if (t.includes('Plural') && !t.includes('Pronoun')) return true;
  }
  return false;
}

/** At most this many words' answers are kept by modifierAlone. */
const READ_WORDS_MAX = 20_000;
/** Words read alone by notNounAlone (few: the single-word key terms of a consultation). */
const readAlone = new Map<string, boolean>();

/**
 * Does compromise read an English word alone as no noun but an adjective or a past participle ("wrong", "afraid",
 * "online", "trained", "reported"; not "end", "cost" or "transport", which it reads alone as verbs though members
 * write them as nouns)? The cheap check of a single-word key term: one word read, not the members' sentences
 * (mostlyNotNoun, asked only of the label).
 */
export function modifierAlone(word: string): boolean {
  const w = word.toLowerCase();
  let answer = readAlone.get(w);
  if (answer === undefined) {
    const tags = tagsAlone(w)[0]?.tags ?? [];
    answer = !tags.includes('Noun') && (tags.includes('Adjective') || tags.includes('PastTense'));
    if (readAlone.size >= READ_WORDS_MAX) readAlone.clear();
    readAlone.set(w, answer);
  }
  return answer;
}

/** Does compromise read a word alone as a noun, or is it a gerund ("funding")? Not "too", "without", "ended". */
export function nounOrGerundAlone(word: string): boolean {
  return /ing$/i.test(word) || isNounAlone(word);
}

/** Does compromise read a word alone as a noun ("campaign"; not "more")? */
function isNounAlone(word: string): boolean {
  return tagsAlone(word)[0]?.tags.includes('Noun') ?? false;
}

/** How many of a single word's uses are read in their sentence. */
const USES_READ_WORD = 6;

/**
 * For items without annotated noun phrases: a candidate counts as a noun phrase when compromise reads it as
 * one in the clause it occurs in, in any of the theme's first (most central) this many members using it.
 */
const NOUN_CHECK_TEXTS = 3;

/**
 * `nounInClauses` for a scope: is `key` a noun phrase in the clauses it occurs in, among the first NOUN_CHECK_TEXTS
 * members (of a theme's sample, most central first) that use it and have no annotated noun phrases? Only the few
 * candidates that could become a label are asked, so compromise reads a few clauses per theme instead of every text.
 */
export function nounInClausesOf(items: readonly LabelItem[], words: LabelWords, nounPhrasesOf?: (clause: string) => readonly string[]): (key: string, members: readonly number[]) => boolean {
  const { stopwords, generic, stem } = words;
  // Noun phrase keys of the clauses read for items without annotated noun phrases.
  const clauseNouns = new Map<string, Set<string>>();
  const nounKeysOfClause = (clause: string): Set<string> => {
    let keys = clauseNouns.get(clause);
    if (!keys) {
      keys = new Set();
      for (const phrase of nounPhrasesOf!(clause)) {
        const found = nounPhraseCandidate(phrase, stopwords, generic, stem);
        if (found) keys.add(found.key);
      }
      clauseNouns.set(clause, keys);
    }
    return keys;
  };
  return (key: string, members: readonly number[]): boolean => {
    if (!nounPhrasesOf) return false;
    let read = 0;
    for (const i of members) {
      if (items[i]!.nounPhrases !== undefined) continue;
      // The clause of this member's text that has the phrase (none: the member does not use it).
      const clause = clausesOf(items[i]!.text).find((cl) => {
        const inClause = new Map<string, string>();
        addClauseCandidates(cl, stopwords, generic, stem, inClause);
        return inClause.has(key);
      });
      if (clause === undefined) continue;
      if (nounKeysOfClause(clause).has(key)) return true;
      if (++read >= NOUN_CHECK_TEXTS) break;
    }
    return false;
  };
}
