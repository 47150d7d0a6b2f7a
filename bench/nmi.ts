// Normalised mutual information between two labelings (arithmetic-mean normalisation, as scikit-learn's default).

/** NMI of two equally long label lists: 1 for identical partitions, 0 for independent ones. */
export function normalisedMutualInformation(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length) throw new Error('label lists differ in length');
  const n = a.length;
  if (n === 0) return 1;
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  const joint = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    countA.set(a[i]!, (countA.get(a[i]!) ?? 0) + 1);
    countB.set(b[i]!, (countB.get(b[i]!) ?? 0) + 1);
    const key = `${a[i]}\u0000${b[i]}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }
  const entropy = (counts: Map<string, number>): number => {
    let h = 0;
    for (const c of counts.values()) h -= (c / n) * Math.log(c / n);
    return h;
  };
  const ha = entropy(countA);
  const hb = entropy(countB);
  if (ha === 0 && hb === 0) return 1;
  let mi = 0;
  for (const [key, c] of joint) {
    const [x, y] = key.split('\u0000') as [string, string];
    mi += (c / n) * Math.log((c * n) / (countA.get(x)! * countB.get(y)!));
  }
  const denom = (ha + hb) / 2;
  return denom > 0 ? Math.max(0, mi / denom) : 0;
}
