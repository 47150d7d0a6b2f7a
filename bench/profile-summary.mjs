// Summarise a V8 CPU profile (`node --cpu-prof bin/harvest.js analyse ...`): self time by package or file, by
// function, and inclusive time by function (a function counted once per sample however deep it recurses).
//   node bench/profile-summary.mjs CPU.xxx.cpuprofile [top=40] [--under NAME]
// --under NAME keeps only the samples whose stack holds a function whose name (or file:line) contains NAME.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const underAt = args.indexOf('--under');
const under = underAt >= 0 ? args.splice(underAt, 2)[1] : undefined;
const [file, topArg] = args;
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.mjs PROFILE.cpuprofile [top] [--under NAME]\n');
  process.exit(2);
}
const top = Number(topArg ?? 40);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const time = new Map();
profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const short = (url) => url.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm/').replace(/.*\/(dist|src)\//, '$1/');
const key = (n) => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const packageOf = (n) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(n.callFrame.url)?.[1] ?? (n.callFrame.url ? short(n.callFrame.url) : n.callFrame.functionName);
const add = (map, k, t) => map.set(k, (map.get(k) ?? 0) + t);

const self = new Map();
const byPackage = new Map();
const inclusive = new Map();
let total = 0;
for (const [id, t] of time) {
  const stack = [];
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) stack.push(key(nodes.get(cur)));
  if (under !== undefined && !stack.some((k) => k.includes(under))) continue;
  total += t;
  add(self, stack[0], t);
  add(byPackage, packageOf(nodes.get(id)), t);
  for (const k of new Set(stack)) add(inclusive, k, t);
}
const show = (title, map) => {
  console.log(`\n== ${title}`);
  for (const [k, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(t / 1e6).toFixed(3).padStart(8)} s  ${k}`);
};
console.log(`${(total / 1e6).toFixed(2)} s sampled${under ? ` under ${under}` : ''} (${file})`);
show('self time by package or file', byPackage);
show('self time by function', self);
show('inclusive time by function', inclusive);
