// Sums a .cpuprofile's self time by function and by file: node scripts/profile-sum.mjs FILE [N]
import { readFileSync } from 'node:fs';
const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 30);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (deltas[i] ?? 0));
}
const fns = new Map();
const files = new Map();
let total = 0;
for (const [id, us] of self) {
  const { callFrame: f } = byId.get(id);
  const file = f.url.replace(/^file:\/\/.*?\/(lib|node_modules)\//, '$1/') || '(native)';
  const key = `${f.functionName || '(anon)'} ${file}:${f.lineNumber + 1}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  files.set(file, (files.get(file) ?? 0) + us);
  total += us;
}
const show = (m) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, us]) => console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`));
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`);
console.log('-- by function (self)');
show(fns);
console.log('-- by file (self)');
show(files);
// Inclusive time: samples where a function is on the stack (once per sample), our code only
// unless INCL_ALL is set.
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (const [id, us] of self) {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const { callFrame: f } = byId.get(at);
    if (!process.env.INCL_ALL && !f.url.includes('/lib/src/')) continue;
    const file = f.url.replace(/^file:\/\/.*?\/(lib|node_modules)\//, '$1/');
    const key = `${f.functionName || '(anon)'} ${file}:${f.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    incl.set(key, (incl.get(key) ?? 0) + us);
  }
}
console.log('-- inclusive');
show(incl);
