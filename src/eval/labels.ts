// Label quality figures for npm run eval: one-word labels, labels made of background words, coverage, and fidelity to a coder's theme names.
import { HEAD_BREAKS, backgroundStems, contentWordsOf } from '../pipeline/label-candidates.ts';
import { tokenise } from '../pipeline/text.ts';

/** One theme the engine labelled, with the texts of its members and of its whole scope (the group clustered). */
export interface LabelledTheme {
  label: string;
  /** Texts of the theme's members. */
  members: readonly string[];
  /** The coder's label of each member (same order), for fidelity. */
  truth: readonly string[];
  /** Key of the scope (group) the theme was found in: background words are counted per scope. */
  scope: string;
}

export interface LabelFigures {
  themes: number;
  /** Share of labels of one word. */
  oneWord: number;
  /** Share of labels whose content words are all background words of their scope. */
  backgroundOnly: number;
  /**
   * Share of labels found verbatim (case and spacing aside) in at least one member's text; a label made unique
   * with ": <term>" or " (n)" counts by its first part, and each point of a label of two ("Roof; money") must be found.
   */
  verbatim: number;
  /** Mean share of a theme's members whose text contains the label's head word (by stem). */
  coverage: number;
  /**
   * Share of the coder's themes whose name shares a content word (by stem) with the label of the theme that
   * holds most of their members (null when the set has no theme names worth comparing).
   */
  fidelity: number | null;
  /** Coder's theme name -> label of the theme holding most of its members, for reading. */
  pairs: { truth: string; label: string; shared: boolean }[];
}


/** The head word of an English label: the last content word before the first preposition or conjunction. */
export function headWord(label: string, stopwords: ReadonlySet<string>): string | null {
  const words = tokenise(label.replace(/\s*\([^)]*\)$/, '').replace(/:.*$/, ''));
  const cut = words.findIndex((w, i) => i > 0 && HEAD_BREAKS.has(w));
  const head = (cut < 0 ? words : words.slice(0, cut)).filter((w) => !stopwords.has(w));
  return head[head.length - 1] ?? null;
}

/** A coder's theme name without its code letter ("E: Reduced Normalization of Gambling" -> "Reduced Normalization of Gambling"). */
function themeName(label: string): string {
  return label.replace(/^[A-Z]{1,2}\d*\s*[:.)-]\s+/, '');
}

/** Label figures over every theme of a run (Other excluded by the caller). */
export function labelFigures(themes: readonly LabelledTheme[], scopeTexts: ReadonlyMap<string, readonly string[]>, stopwords: ReadonlySet<string>, stem: (w: string) => string): LabelFigures {
  const background = new Map<string, ReadonlySet<string>>();
  for (const [scope, texts] of scopeTexts) background.set(scope, backgroundStems(texts, stopwords, stem));
  let oneWord = 0;
  let backgroundOnly = 0;
  let coverage = 0;
  let verbatim = 0;
  const flat = (text: string): string => ` ${tokenise(text).join(' ')} `;
  for (const t of themes) {
    // A label of two points ("Roof; money") is two phrases: each must occur in a member.
    const points = t.label.replace(/\s*\([^)]*\)$/, '').replace(/:.*$/, '').split(/\s*;\s*/).map(flat);
    if (points.every((phrase) => t.members.some((m) => flat(m).includes(phrase)))) verbatim++;
    const words = contentWordsOf(t.label.replace(/\s*\([^)]*\)$/, ''), stopwords);
    if (tokenise(t.label.replace(/\s*\([^)]*\)$/, '')).length === 1) oneWord++;
    const bg = background.get(t.scope) ?? new Set<string>();
    if (words.length > 0 && words.every((w) => bg.has(stem(w)))) backgroundOnly++;
    const head = headWord(t.label, stopwords);
    if (head && t.members.length) {
      const h = stem(head);
      coverage += t.members.filter((m) => tokenise(m).some((w) => stem(w) === h)).length / t.members.length;
    }
  }
  // Fidelity: each coder's theme against the label of the engine's theme holding most of its members.
  const names = new Set(themes.flatMap((t) => t.truth));
  const pairs: LabelFigures['pairs'] = [];
  for (const name of [...names].sort()) {
    let best: LabelledTheme | null = null;
    let bestCount = 0;
    for (const t of themes) {
      const count = t.truth.filter((x) => x === name).length;
      if (count > bestCount) [best, bestCount] = [t, count];
    }
    if (!best) continue;
    const nameStems = new Set(contentWordsOf(themeName(name), stopwords).map(stem));
    const shared = contentWordsOf(best.label, stopwords).some((w) => nameStems.has(stem(w)));
    pairs.push({ truth: themeName(name), label: best.label, shared });
  }
  const n = Math.max(1, themes.length);
  return {
    themes: themes.length,
    oneWord: oneWord / n,
    backgroundOnly: backgroundOnly / n,
    verbatim: verbatim / n,
    coverage: coverage / n,
    fidelity: pairs.length ? pairs.filter((p) => p.shared).length / pairs.length : null,
    pairs,
  };
}
