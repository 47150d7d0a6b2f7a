// Values computed once per synthesis version (the page models' cache), apart from the page models that use it.
import type { CurrentSynthesis } from '../services/harvest.ts';

/**
 * Values computed from one synthesis version, kept as long as that version is (the service caches the
 * CurrentSynthesis object until the consultation changes): a 100,000-segment synthesis is not walked on every request.
 */
const perVersion = new WeakMap<CurrentSynthesis, Map<string, unknown>>();

/** At most this many keyed values per version (filters and pages come from the query string: bounded). */
const MAX_PER_VERSION = 64;

/** The value of `make()` for this synthesis version and key, computed once. */
export function memoised<T>(current: CurrentSynthesis, key: string, make: () => T): T {
  let values = perVersion.get(current);
  if (!values) perVersion.set(current, (values = new Map()));
  if (values.has(key)) return values.get(key) as T;
  const value = make();
  if (values.size >= MAX_PER_VERSION) values.delete(values.keys().next().value!);
  values.set(key, value);
  return value;
}
