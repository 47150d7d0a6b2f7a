// CSV dialect: the delimiter a survey CSV uses, and the line of a quoted field that never closes, over text that may arrive in pieces.

/** Delimiters a survey CSV may use, in order of preference when the evidence ties. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/**
 * Pick the delimiter of a CSV text: count each candidate outside quotes on the first lines (a quoted field may
 * span lines) and choose the one that appears the same number of times on most lines, then the most often.
 */
export function detectDelimiter(text: string, maxLines = 20): CsvDelimiter {
  const counter = new DelimiterCounter(maxLines);
  counter.feed(text);
  return counter.choose();
}

/** Per line with text (up to `maxLines`), how often each delimiter occurs outside quotes, for text that may arrive in pieces. */
export class DelimiterCounter {
  private readonly counts: Record<CsvDelimiter, number[]> = { ',': [], ';': [], '\t': [], '|': [] };
  private current: Record<string, number> = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  private inQuotes = false;
  private lineHasText = false;
  /** Complete lines with text seen so far (at most maxLines count). */
  lines = 0;

  constructor(private readonly maxLines: number) {}

  feed(text: string): void {
    for (let i = 0; i < text.length && this.lines < this.maxLines; i++) {
      const ch = text[i]!;
      if (ch === '"') {
        // A doubled (escaped) quote inside a quoted field toggles twice: still inside, as it should be.
        this.inQuotes = !this.inQuotes;
        this.lineHasText = true;
      } else if (ch === '\n' && !this.inQuotes) {
        if (this.lineHasText) {
          for (const d of CSV_DELIMITERS) this.counts[d].push(this.current[d]!);
          this.lines++;
        }
        this.current = { ',': 0, ';': 0, '\t': 0, '|': 0 };
        this.lineHasText = false;
      } else if (!this.inQuotes && ch in this.current) {
        this.current[ch]! += 1;
        this.lineHasText = true;
      } else if (ch.trim()) {
        this.lineHasText = true;
      }
    }
  }

  /** The delimiter, once all the text (or enough lines of it) was fed. */
  choose(): CsvDelimiter {
    const counts = { ...this.counts };
    if (this.lineHasText && this.lines < this.maxLines) for (const d of CSV_DELIMITERS) counts[d] = [...counts[d], this.current[d]!];
    return chooseDelimiter(counts);
  }
}

function chooseDelimiter(counts: Record<CsvDelimiter, number[]>): CsvDelimiter {
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  for (const d of CSV_DELIMITERS) {
    const seen = counts[d].filter((n) => n > 0);
    if (seen.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const n of seen) frequency.set(n, (frequency.get(n) ?? 0) + 1);
    const consistent = Math.max(...frequency.values());
    const score = consistent * 10_000 + seen.reduce((a, b) => a + b, 0);
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/** The line where a quoted field opens that is still open at the end of the text, or null when all quotes close. */
export function unclosedQuoteLine(text: string, delimiter: CsvDelimiter): number | null {
  const tracker = new QuoteTracker(delimiter);
  tracker.feed(text);
  return tracker.end();
}

/** unclosedQuoteLine over text that arrives in pieces (a doubled quote may be split between two of them). */
export class QuoteTracker {
  private line = 1;
  private openedOn: number | null = null;
  /** The character before the piece being read (null at the start of the text). */
  private previous: string | null = null;
  /** A quote ended the last piece inside a quoted field: the next character tells an escaped quote from a closing one. */
  private pendingQuote = false;

  constructor(private readonly delimiter: CsvDelimiter) {}

  feed(text: string): void {
    if (text.length === 0) return;
    let i = 0;
    if (this.pendingQuote) {
      this.pendingQuote = false;
      if (text[0] === '"') i = 1;
      else this.openedOn = null;
    }
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\n') this.line++;
      else if (ch === '"') {
        if (this.openedOn !== null) {
          if (i + 1 === text.length) this.pendingQuote = true;
          else if (text[i + 1] === '"') i++;
          else this.openedOn = null;
        } else {
          // Only a quote at the start of a field opens a quoted field; others are literal (relax_quotes).
          const before = i > 0 ? text[i - 1] : this.previous;
          if (before === null || before === '\n' || before === this.delimiter) this.openedOn = this.line;
        }
      }
    }
    this.previous = text[text.length - 1]!;
  }

  end(): number | null {
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.openedOn = null;
    }
    return this.openedOn;
  }
}
