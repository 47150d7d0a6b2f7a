// Notes segmentation: split a paragraph into sentences by character ranges, so each piece keeps its offsets.

/** Character ranges of the sentences of `s` (not splitting after abbreviations, initials, decimals or ellipses); short pieces join their neighbour. */
export function splitSentences(s: string, abbreviations: ReadonlySet<string>, minChars = 20): Array<[number, number]> {
  const cuts: number[] = [];
  const insideQuote = quoteTracker(s);
  // The lookbehind makes each run of punctuation one attempt, so long runs of dots stay linear.
  const boundary = /(?<![.!?])([.!?]+|…)(["'”’»)\]*_]*)(\s+)/g;
  let m: RegExpExecArray | null;
  while ((m = boundary.exec(s))) {
    const next = s[m.index + m[0].length];
    if (next === undefined) break;
    const punct = m[1]!;
    if (punct === '…' || /^\.{2,}$/.test(punct)) continue;
    if (!/[\p{Lu}\p{Lt}\p{N}"“‘'(\[¿¡]/u.test(next)) continue;
    // Quoted speech stays whole: no cut while a quotation is open at this point.
    if (insideQuote(m.index + m[1]!.length + m[2]!.length)) continue;
    if (punct === '.') {
      let w = m.index;
      while (w > 0 && !/\s/.test(s[w - 1]!)) w--;
      const word = s.slice(w, m.index).replace(/^[("'“‘\[*_]+/, '');
      if (/^\p{L}$/u.test(word) || word.includes('.') || abbreviations.has(word.toLowerCase())) continue;
    }
    cuts.push(m.index + m[1]!.length + m[2]!.length);
  }
  const ranges: Array<[number, number]> = [];
  let from = 0;
  for (const cut of [...cuts, s.length]) {
    const piece = s.slice(from, cut);
    const lead = piece.length - piece.trimStart().length;
    const trail = piece.length - piece.trimEnd().length;
    if (piece.trim()) ranges.push([from + lead, cut - trail]);
    from = cut;
  }
  // Join fragments ("Use them.") to the sentence before, or after when first.
  const out: Array<[number, number]> = [];
  for (const r of ranges) {
    const prev = out[out.length - 1];
    if (prev && (r[1] - r[0] < minChars || prev[1] - prev[0] < minChars)) prev[1] = r[1];
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * Whether a quotation ("…", “…”, «…», „…“) opened before a point is still open there, for points asked in
 * increasing order: the quote marks are counted once as the point moves on, so a huge paragraph stays linear.
 */
function quoteTracker(s: string): (at: number) => boolean {
  let counted = 0;
  let straight = 0;
  let low = 0;
  let high = 0;
  let guillemetOpen = 0;
  let closers = 0;
  return (at: number): boolean => {
    for (; counted < at; counted++) {
      const ch = s[counted];
      if (ch === '"') straight++;
      else if (ch === '„') low++;
      else if (ch === '“') high++;
      else if (ch === '«') guillemetOpen++;
      else if (ch === '”' || ch === '»') closers++;
    }
    if (straight % 2 === 1) return true;
    // In „…“ (German, Balkan languages) “ closes; elsewhere it opens.
    const open = guillemetOpen + (low > 0 ? low : high);
    const close = closers + (low > 0 ? high : 0);
    return open > close;
  };
}
