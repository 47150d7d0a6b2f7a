// Tables keyed by user data (column names, attribute values, labels, file names, terms): objects without Object.prototype, so "constructor" or "__proto__" is only a key.
import { z } from 'zod';

/** A table from user-chosen keys to values. Build it with dict(); read it with own() or Object.entries. */
export type Dict<T> = Record<string, T>;

/**
 * Instances have an empty, frozen, null-prototype object as prototype: nothing is inherited (no `constructor`,
 * `toString`, `__proto__` accessor), so assigning any key makes an own property. Unlike Object.create(null),
 * V8 keeps them in fast mode: as quick to build as `{}` and half the memory of a dictionary-mode object,
 * which matters for one attributes table per segment on 400,000 answers.
 */
const DictObject = function DictObject(this: object) {} as unknown as new () => Dict<never>;
DictObject.prototype = Object.freeze(Object.create(null));

/** An empty table that inherits nothing. */
export function dict<T>(): Dict<T> {
  return new DictObject() as Dict<T>;
}

/** A table holding the own entries of `source` (an object, a Map or entries), inheriting nothing. */
export function dictFrom<T>(source: Iterable<readonly [string, T]> | Readonly<Record<string, T>>): Dict<T> {
  const out = dict<T>();
  const entries = Symbol.iterator in source ? (source as Iterable<readonly [string, T]>) : Object.entries(source as Record<string, T>);
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** The value stored under `key` itself, never one inherited from a prototype (safe on any object). */
export function own<T>(table: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return table != null && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Add `by` to a count in a table made by dict(). */
export function increment(table: Dict<number>, key: string, by = 1): void {
  table[key] = (own(table, key) ?? 0) + by;
}

/** Whether a value is a plain JSON-like object (not an array, Map, Date or class instance). */
function isRecordLike(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || proto === Object.prototype || proto === DictObject.prototype;
}

/**
 * A zod schema for a JSON object used as a table keyed by user data. Unlike z.record, a key "__proto__" is kept
 * (z.record drops it) and the result is a dict() that inherits nothing. At most `maxKeys` keys of `maxKeyLength`.
 */
export function dictSchema<V extends z.ZodType>(value: V, options: { maxKeys: number; maxKeyLength?: number }) {
  const maxKeyLength = options.maxKeyLength ?? 100_000;
  return z
    .custom<Record<string, unknown>>(isRecordLike, { message: 'expected an object' })
    .superRefine((input, ctx) => {
      const keys = Object.keys(input);
      if (keys.length > options.maxKeys) ctx.addIssue({ code: 'custom', message: `at most ${options.maxKeys} keys` });
      const long = keys.find((k) => k.length > maxKeyLength);
      if (long !== undefined) ctx.addIssue({ code: 'custom', message: `a key longer than ${maxKeyLength} characters` });
    })
    .transform((input, ctx) => {
      const out = dict<z.output<V>>();
      for (const [k, v] of Object.entries(input)) {
        const parsed = value.safeParse(v);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [k, ...issue.path] });
          return z.NEVER;
        }
        out[k] = parsed.data;
      }
      return out;
    });
}
