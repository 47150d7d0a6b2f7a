// Dates and times as survey platforms write them ("2026-03-04T10:02:11+01:00", "3/4/2026 10:15:32", "2026/03/04 10:15:32 AM GMT+1"): recognised, and their days compared.

const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?: ?[AP]M)?(?: ?(?:Z|(?:GMT|UTC)?[+-]\d{1,2}(?::?\d{2})?|GMT|UTC))?)?`;

/** A date, with an optional time: year first (ISO or with slashes or dots), or day and month first. */
export const DATE_VALUE = new RegExp(String.raw`^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}${TIME}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?:,?${TIME}))$`, 'i');

const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/;
const YEAR_LAST = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})/;

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The days of a column's date values as YYYY-MM-DD, in the values' order (null for a value that is not a date).
 * Day-month or month-day order is decided for the whole column: month first (as the US-made platforms write)
 * unless some value's first number cannot be a month, or it is written with dots (European).
 */
export function dayKeys(values: readonly string[]): (string | null)[] {
  const lastYear = values.map((v) => YEAR_LAST.exec(v.trim()));
  const dayFirst = lastYear.some((m) => m !== null && (Number(m[1]) > 12 || m[0].includes('.')));
  return values.map((value, i) => {
    const v = value.trim();
    if (!DATE_VALUE.test(v)) return null;
    let year: number;
    let month: number;
    let day: number;
    const first = YEAR_FIRST.exec(v);
    if (first) [year, month, day] = [Number(first[1]), Number(first[2]), Number(first[3])];
    else {
      const m = lastYear[i]!;
      const [a, b] = [Number(m[1]), Number(m[2])];
      [month, day] = dayFirst ? [b, a] : [a, b];
      year = Number(m[3]);
      if (m[3]!.length === 2) year += 2000;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31) return null;
    return `${year}-${pad(month)}-${pad(day)}`;
  });
}

/** The first and last day among a column's values ("2026-03-02", "2026-03-19"), or null when none is a date. */
export function dayRange(values: readonly string[]): { from: string; to: string } | null {
  const days = dayKeys(values).filter((d): d is string => d !== null).sort();
  return days.length ? { from: days[0]!, to: days[days.length - 1]! } : null;
}
