// Redaction of a whole consultation: its people gathered from every place they are named, then every text of a synthesis (and its documents) with them replaced.
import { dict, dictFrom, increment, type Dict } from '../model/dict.ts';
import { createRequire } from 'node:module';
import type { DocumentInfo, Synthesis } from '../model/index.ts';
import {
  candidateNamesInText,
  createNameMatcher,
  foldChars,
  isOwnerKey,
  isPersonKey,
  ownerInitials,
  chatUsernames,
  definedAcronyms,
  knownNames,
  nameWordsOf,
  namesInValue,
  readsAsSomeone,
  NAMES_ALSO_WORDS,
  lowerCaseListed,
  lowerCaseNames,
  ordinaryWordTest,
  PLACEHOLDERS,
  redactPersonalData,
  type NameMatcher,
} from './personal-data.ts';

const require = createRequire(import.meta.url);
let englishStop: ReadonlySet<string> | null = null;

/** English stop words, folded: "will", "may", "can" are ordinary words wherever they are written. */
function englishStopwords(): ReadonlySet<string> {
  englishStop ??= new Set((require('stopwords-iso') as Record<string, string[]>).en!.map((w) => foldChars(w)));
  return englishStop;
}

/** What a consultation document tells about people (a DocumentInfo, or the header the synthesis keeps). */
export interface PeopleDocument {
  metadata: Readonly<Record<string, readonly string[]>>;
  attendees?: readonly { name: string }[] | number;
  text?: string | null;
  headers?: readonly string[] | null;
  records?: readonly { cells: readonly string[] }[] | null;
}

/** A segment as far as people are concerned. */
export interface PeopleSegment {
  text: string;
  attributes?: Readonly<Record<string, string>>;
  annotation?: { people: readonly string[]; pii: readonly { kind: string; text: string }[] };
}

/** The people of a consultation, as plain data (it crosses to worker threads). */
export interface ConsultationPeople {
  /** Every known name, as written ("Marta Kovač", "Marta K", "Ana"). */
  names: string[];
  /** The name words (folded) that are also ordinary words in this consultation ("grace", "will"). */
  ordinaryWords: string[];
}

/**
 * The people of an owner's value: owners are people as often as teams and organisations ("Goran", "Anita (Ministry)",
 * "Red Cross + Nadia" gives Nadia), so only what compromise reads as someone.
 */
function ownersPeople(owner: string): string[] {
  return namesInValue(owner).filter((n) => readsAsSomeone(n));
}

/**
 * Every person a consultation names: attendee lists, people fields of the metadata (`Facilitator:`,
 * `[[rapporteur:...]]`), survey columns about people (an "Interviewer" or "E-mail" column), role lines
 * ("facil Marta K (UNDP) / notes Ana"), signatures, "Name Surname – Organisation" lines, names in e-mail
 * addresses, and the people compromise found (`found`, and the annotations of segments already analysed).
 */
export function gatherPeople(documents: readonly PeopleDocument[], segments: readonly PeopleSegment[], found: Iterable<string> = []): ConsultationPeople {
  const listed: string[] = [];
  const candidates: string[] = [...found];
  const texts: string[] = [];
  // Names people fields list in lower case ("present: ana, goran"): see isOrdinary below.
  const lowerCase: string[] = [];
  for (const doc of documents) {
    if (Array.isArray(doc.attendees)) for (const a of doc.attendees as readonly { name: string }[]) listed.push(...(namesInValue(a.name).length ? namesInValue(a.name) : [a.name]));
    for (const [key, values] of Object.entries(doc.metadata)) {
      for (const v of values) {
        if (isPersonKey(key)) {
          const lower = lowerCaseNames(v);
          listed.push(...namesInValue(v), ...lower);
          lowerCase.push(...lower);
        }
        candidates.push(...candidateNamesInText(v));
      }
    }
    if (doc.text) {
      texts.push(doc.text);
      candidates.push(...candidateNamesInText(doc.text, undefined, listed));
    }
    if (doc.headers && doc.records) {
      const columns = doc.headers.map((h, i) => (isPersonKey(h) ? i : -1)).filter((i) => i >= 0);
      const owners = doc.headers.map((h, i) => (isOwnerKey(h) ? i : -1)).filter((i) => i >= 0);
      for (const r of doc.records) {
        for (const i of columns) listed.push(...namesInValue(r.cells[i] ?? ''));
        for (const i of owners) candidates.push(...ownersPeople(r.cells[i] ?? ''));
        for (const cell of r.cells) if (cell.includes('@')) candidates.push(...candidateNamesInText(cell));
      }
    }
  }
  for (const seg of segments) {
    texts.push(seg.text);
    candidates.push(...candidateNamesInText(seg.text, undefined, listed));
    for (const [key, value] of Object.entries(seg.attributes ?? {})) if (isPersonKey(key)) listed.push(...namesInValue(value));
    if (seg.annotation) {
      candidates.push(...seg.annotation.people);
      // A synthesis analysed before names were gathered here still names its people in its spans.
      for (const p of seg.annotation.pii) if (p.kind === 'person') candidates.push(p.text);
    }
  }
  const stop = englishStopwords();
  const writtenLower = ordinaryWordTest(nameWordsOf([...listed, ...candidates]), texts, [stop]);
  // A name a people line lists in lower case ("present: ana, goran") is shorthand for the person wherever it is written
  // in lower case, not an ordinary word, unless it is a stop word or an English word too ("will", "grace").
  const lowerListed = new Set(nameWordsOf([...lowerCase, ...texts.flatMap((t) => lowerCaseListed(t))]));
  const isOrdinary = (w: string): boolean => writtenLower(w) && (stop.has(w) || NAMES_ALSO_WORDS.has(w) || !lowerListed.has(w));
  const names = knownNames({ listed, candidates }, isOrdinary);
  // Given names that are also English words ("Hope", "Mark") are found alone only where written as a name, as the
  // consultation's ordinary words are, though they do not make a candidate doubtful ("Destiny Okafor" stays a name).
  return { names, ordinaryWords: nameWordsOf(names).filter((w) => isOrdinary(w) || NAMES_ALSO_WORDS.has(w)) };
}

/**
 * Compile a consultation's people for search (see createNameMatcher), with the tokens that are someone wherever
 * written so (the initials its next steps' owners are written as, its live chats' usernames); null when it names nobody.
 */
export function matcherOf(people: ConsultationPeople, writtenSo: readonly string[] = []): NameMatcher | null {
  if (people.names.length === 0 && writtenSo.length === 0) return null;
  const ordinary = new Set(people.ordinaryWords);
  return createNameMatcher(people.names, (w) => ordinary.has(w), undefined, writtenSo);
}

/** Replaces personal data in the texts of one consultation. */
export interface Redaction {
  /** Prose: segments, quotes, labels, summaries, metadata values. */
  text(text: string): string;
  /** A lower-case term (key term, noun phrase, token): names that are never ordinary words here. */
  term(term: string): string;
  /** A metadata value: a people field's value is replaced whole ("Marta Kovač (UNDP)" -> "[name]"). */
  value(key: string, value: string): string;
  /** Is this token or word (lower case) a name word of the consultation? */
  isNameWord(word: string): boolean;
}

/** Build the redaction of a consultation from its synthesis and, when known, its documents (attendee lists, texts). */
export function createRedaction(s: Synthesis, documents: readonly DocumentInfo[] = []): Redaction {
  // The synthesis keeps each document's header (metadata) but not its attendees or text: take those from the documents.
  const byId = new Map(documents.map((d) => [d.id, d]));
  const docs: PeopleDocument[] = s.documents.map((d) => byId.get(d.id) ?? d);
  for (const d of documents) if (!s.documents.some((x) => x.id === d.id)) docs.push(d);
  // Owners of next steps: their people count as found (see ownersPeople).
  const owners = (s.nextSteps ?? []).flatMap((step) => ownersPeople(step.owner));
  // Initials a next step's owner is written as ("KH + WN") are someone's, unless the consultation defines them as an
  // organisation's or a project's acronym ("Rural Digital Classrooms (RDC)"): the documents' texts are read for those
  // only when an owner is written as initials (a survey has none; its answers are the segments).
  let initials = (s.nextSteps ?? []).flatMap((step) => ownerInitials(step.owner));
  if (initials.length) {
    const withText = new Set(documents.filter((d) => d.text).map((d) => d.id));
    const acronyms = new Set([
      ...docs.flatMap((d) => definedAcronyms(d.text ?? '')),
      ...s.segments.filter((seg) => !withText.has(seg.provenance.documentId)).flatMap((seg) => definedAcronyms(seg.text)),
    ]);
    initials = initials.filter((i) => !acronyms.has(i));
  }
  // A live chat's usernames ("iam_kemi") are someone's wherever written so.
  const usernames = docs.flatMap((d) => chatUsernames(d.text ?? ''));
  const names = matcherOf(gatherPeople(docs, s.segments, owners), [...initials, ...usernames]);
  const text = (t: string): string => redactPersonalData(t, names);
  const term = (t: string): string => {
    const withContacts = redactPersonalData(t, null);
    if (!names) return withContacts;
    const spans = names.findInTerm(withContacts);
    let out = withContacts;
    for (const sp of [...spans].sort((a, b) => b.start - a.start)) out = out.slice(0, sp.start) + PLACEHOLDERS.person + out.slice(sp.end);
    return out.replace(/\[name\](?:\s+\[name\])+/g, '[name]');
  };
  const value = (key: string, v: string): string => {
    const out = text(v);
    // A people field holds people: whatever is left after the known names were replaced is replaced too.
    return isPersonKey(key) && /\p{L}/u.test(out.replace(/\[name\]|\[email\]|\[phone\]|\([^)]*\)/g, '')) ? PLACEHOLDERS.person : out;
  };
  const isNameWord = (w: string): boolean => names !== null && names.words.has(foldChars(w)) && term(w) !== w;
  return { text, term, value, isNameWord };
}

/** Replace keys of a count table, adding up counts whose keys become the same ("[name]"); a table that inherits nothing. */
function redactCounts(record: Readonly<Record<string, number>>, f: (k: string) => string): Dict<number> {
  const out = dict<number>();
  for (const [k, n] of Object.entries(record)) increment(out, f(k), n);
  return out;
}

const defineAll = <V>(entries: Iterable<[string, V]>): Dict<V> => dictFrom(entries);

/**
 * A copy of the synthesis with personal data replaced by [email], [phone] and [name] in every text: segments,
 * quotes, next steps (owner, task, due date and line; owners named in them count as people), sections, attributes, key terms, labels, theme descriptions, summaries, metadata, document titles and file names, count
 * tables' keys (counts whose keys become the same are added up, so every number stays the same), tokens and
 * phrases of the annotations; the people and personal-data annotations are emptied.
 */
export function redactSynthesis(s: Synthesis, documents: readonly DocumentInfo[] = [], redaction: Redaction = createRedaction(s, documents)): Synthesis {
  const r = redaction;
  const out = structuredClone(s);
  const quote = <Q extends { text: string; document: string; section: string | null }>(q: Q): Q => ({ ...q, text: r.text(q.text), document: r.text(q.document), section: q.section && r.text(q.section) });
  const breakdown = (b: Record<string, Record<string, number>>): Record<string, Record<string, number>> =>
    defineAll(Object.entries(b).map(([attr, counts]) => [attr, redactCounts(counts, r.text)]));
  out.segments = out.segments.map((seg) => {
    const keep = seg.annotation.tokens.map((t) => !r.isNameWord(t));
    const nameStems = new Set(seg.annotation.stems.filter((_, i) => !keep[i]));
    return {
      ...seg,
      text: r.text(seg.text),
      section: seg.section && r.text(seg.section),
      attributes: defineAll(Object.entries(seg.attributes).map(([k, v]) => [k, r.value(k, v)])),
      provenance: { ...seg.provenance, document: r.text(seg.provenance.document) },
      annotation: {
        ...seg.annotation,
        tokens: seg.annotation.tokens.filter((_, i) => keep[i]),
        stems: seg.annotation.stems.filter((_, i) => keep[i]),
        bigrams: seg.annotation.bigrams.filter((b) => !b.split('_').some((x) => nameStems.has(x))),
        nounPhrases: seg.annotation.nounPhrases.map(r.term),
        people: [],
        organisations: seg.annotation.organisations.map(r.text),
        places: seg.annotation.places.map(r.text),
        pii: [],
      },
      coding: { ...seg.coding, evidence: seg.coding.evidence.map(r.text) },
    };
  });
  out.executiveSummary = out.executiveSummary.map(r.text);
  if (out.campaigns) {
    const words = (ws: { word: string; copies: number }[]) => ws.map((w) => ({ ...w, word: r.text(w.word) }));
    out.campaigns.list = out.campaigns.list.map((c) => ({ ...c, section: c.section && r.text(c.section), template: quote(c.template), documents: c.documents.map(r.text), added: words(c.added), removed: words(c.removed) }));
  }
  out.overview.organisations = out.overview.organisations.map(r.text);
  out.overview.questions = out.overview.questions.map((q) => ({
    ...q,
    document: r.text(q.document),
    question: r.text(q.question),
    // "See my email: ana@example.org" is a non-answer that names someone.
    nonAnswers: q.nonAnswers.map((n) => ({ ...n, text: r.text(n.text) })),
  }));
  out.documents = out.documents.map((d) => ({
    ...d,
    name: r.text(d.name),
    title: d.title && r.text(d.title),
    organisations: d.organisations.map(r.text),
    sections: d.sections.map(r.text),
    metadata: defineAll(Object.entries(d.metadata).map(([k, vs]) => [k, vs.map((v) => r.value(k, v))])),
  }));
  out.errors = out.errors.map((e) => ({ ...e, file: r.text(e.file), message: r.text(e.message) }));
  for (const scope of out.scopes) {
    scope.label = r.text(scope.label);
    scope.summary = scope.summary.map(r.text);
    for (const t of scope.themes) {
      t.label = r.text(r.term(t.label));
      t.keyTerms = t.keyTerms.map(r.term);
      // The one-line description is made of key terms ("Often mentioned: ..."): it can name people too.
      if (t.description !== undefined) t.description = r.text(t.description);
      t.quotes = t.quotes.map(quote);
      t.byAttribute = breakdown(t.byAttribute);
      t.byDocument = redactCounts(t.byDocument, r.text);
      for (const sub of t.subthemes) {
        sub.label = r.text(r.term(sub.label));
        sub.keyTerms = sub.keyTerms.map(r.term);
        sub.quotes = sub.quotes.map(quote);
      }
    }
  }
  out.stakeholders = out.stakeholders.map((e) => ({
    ...e,
    terms: redactCounts(e.terms, r.term),
    byDocument: redactCounts(e.byDocument, r.text),
    byAttribute: breakdown(e.byAttribute),
    quotes: e.quotes.map(quote),
  }));
  out.minorityViews = out.minorityViews.map((m) => ({ ...m, reason: r.text(m.reason), quote: quote(m.quote) }));
  out.nextSteps = (out.nextSteps ?? []).map((step) => ({ ...quote(step), owner: r.text(step.owner), task: r.text(step.task), due: r.text(step.due) }));
  return out;
}

/** Copies of the documents with personal data replaced in their texts, cells, metadata and attendee lists. */
export function redactDocuments(documents: readonly DocumentInfo[], r: Redaction): DocumentInfo[] {
  return documents.map((d) => ({
    ...d,
    name: r.text(d.name),
    title: d.title && r.text(d.title),
    metadata: defineAll(Object.entries(d.metadata).map(([k, vs]) => [k, vs.map((v) => r.value(k, v))])),
    organisations: d.organisations.map(r.text),
    sections: d.sections.map(r.text),
    attendees: d.attendees.map((a) => ({ ...a, name: PLACEHOLDERS.person })),
    text: d.text && r.text(d.text),
    records: d.records && d.records.map((rec) => ({ ...rec, cells: rec.cells.map((c, i) => r.value(d.headers?.[i] ?? '', c)) })),
  }));
}
