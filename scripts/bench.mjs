// `npm run bench`: how fast pygovern is, measured, printed as figures and ratios.
// Parsing: the largest lock of the corpus and a generated 10 MB uv.lock.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

execFileSync(process.execPath, ['node_modules/.bin/tsc', '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
const { parseUvLock } = await import('../lib/src/manifests/locks.js');
const { runCheck } = await import('../lib/src/engine.js');
const { defaultPolicy } = await import('../lib/src/config/policy.js');
const { createHttpClient } = await import('../lib/src/facts/http.js');
const { startFakeServices } = await import('../lib/__tests__/fakes/services.js');

function time(fn, runs = 5) {
  fn(); // warm up the JIT
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(runs / 2)];
}

function generatedLock(targetBytes) {
  const parts = ['version = 1\nrequires-python = ">=3.9"\n'];
  let size = parts[0].length;
  for (let i = 0; size < targetBytes; i++) {
    const entry = [
      '',
      '[[package]]',
      `name = "package-${i}"`,
      `version = "1.${i % 50}.${i % 7}"`,
      'source = { registry = "https://pypi.org/simple" }',
      'dependencies = [',
      `    { name = "package-${i + 1}", marker = "python_full_version >= '3.10'" },`,
      ']',
      `sdist = { url = "https://files.pythonhosted.org/packages/p${i}/package-${i}-1.0.tar.gz", hash = "sha256:${'a'.repeat(64)}", size = ${1000 + i}, upload-time = "2024-05-01T12:00:00Z" }`,
      'wheels = [',
      `    { url = "https://files.pythonhosted.org/packages/p${i}/package_${i}-1.0-py3-none-any.whl", hash = "sha256:${'b'.repeat(64)}", size = ${2000 + i}, upload-time = "2024-05-01T12:00:00Z" },`,
      ']',
      '',
    ].join('\n');
    parts.push(entry);
    size += entry.length;
  }
  return parts.join('');
}

const largest = 'corpus/locks/uv/prefect-LARGE/uv.lock';
const corpusText = readFileSync(largest, 'utf8');
const big = generatedLock(10 * 1024 * 1024);
const row = (label, text) => {
  let manifest;
  const ms = time(() => {
    manifest = parseUvLock('uv.lock', text);
    manifest.dependencies.forEach((d) => d.line); // lines are part of the result
  });
  const mb = text.length / 1024 / 1024;
  console.log(
    `  ${label.padEnd(44)} ${mb.toFixed(1).padStart(5)} MB  ${String(manifest.dependencies.length).padStart(6)} packages  ${ms.toFixed(0).padStart(5)} ms  (${(mb / (ms / 1000)).toFixed(1)} MB/s)`,
  );
};
console.log('Parsing (median of 5, parse + line of every package):');
row(largest, corpusText);
row('generated uv.lock', big);

// Facts: `check` on the corpus prefect-LARGE uv.lock against the fakes, 50 ms per answer.
const LATENCY_MS = 50;
const CONCURRENCY = 32;
const lock = parseUvLock('corpus/locks/uv/prefect-LARGE/uv.lock', corpusText);
const registry = lock.dependencies.filter((d) => d.source.kind === 'registry');
// A lock may pin one package at several versions (uv resolution forks): one project each.
const versionsByName = new Map();
for (const d of registry)
  versionsByName.set(d.normalizedName, [
    ...(versionsByName.get(d.normalizedName) ?? []),
    d.version,
  ]);
const projects = [...versionsByName].map(([name, versions], i) => ({
  name,
  licenseExpression: 'MIT',
  requiresPython: '>=3.9',
  projectUrls: { Source: `https://github.com/bench/${name}` },
  releases: [
    ...versions.map((version) => ({ version, uploaded: '2025-01-01T00:00:00Z' })),
    // Half the packages have a newer release, so their pinned version needs its own page.
    ...(i % 2 === 0 ? [{ version: '999.0', uploaded: '2026-06-01T00:00:00Z' }] : []),
  ],
}));
const advisories = registry.slice(0, 20).map((d, i) => ({
  id: `BENCH-${i}`,
  summary: 'benchmark advisory',
  affected: [{ package: { ecosystem: 'PyPI', name: d.name }, versions: [d.version] }],
}));
const repositories = Object.fromEntries(
  registry.map((d) => [`bench/${d.normalizedName}`, { commitAuthors: ['a', 'b', 'c'] }]),
);
const services = await startFakeServices(
  { projects, advisories, repositories },
  { latencyMs: LATENCY_MS, githubToken: 'bench' },
);
const cacheDir = mkdtempSync(join(tmpdir(), 'pygovern-bench-'));
async function run(withCache) {
  const http = createHttpClient({
    concurrency: CONCURRENCY,
    cacheDir: withCache ? cacheDir : null,
    credentials: { [services.github.url]: { kind: 'bearer', token: 'bench' } },
  });
  const start = performance.now();
  const result = await runCheck({ head: [lock], base: null, policy: defaultPolicy() }, http, {
    indexUrl: services.pypi.jsonUrl,
    osvUrl: services.osv.url,
    githubApiUrl: services.github.url,
    githubToken: true,
    today: new Date('2026-11-24T00:00:00Z'),
  });
  const ms = performance.now() - start;
  const stats = http.stats();
  await http.close();
  return { ms, stats, result };
}
const cold = await run(true);
const warm = await run(true);
await services.close();
rmSync(cacheDir, { recursive: true, force: true });

const kinds = Object.entries(cold.stats.byKind)
  .map(([kind, s]) => `${kind} ${s.requests}`)
  .join(', ');
const requests = cold.stats.total.requests;
const floor = Math.ceil(requests / CONCURRENCY) * LATENCY_MS;
const sequential = requests * LATENCY_MS;
const pypi = (cold.stats.byKind['pypi-json']?.requests ?? 0) / registry.length;
console.log(
  `\nFacts for ${registry.length} registry packages (prefect-LARGE uv.lock), ${LATENCY_MS} ms per answer, ${CONCURRENCY} in flight:`,
);
console.log(
  `  requests: ${requests} (${kinds}); ${pypi.toFixed(2)} PyPI requests per package; unknowns ${cold.result.unknowns.length}`,
);
console.log(`  cold run:        ${cold.ms.toFixed(0)} ms`);
console.log(
  `  network floor:   ${floor} ms  (⌈${requests} / ${CONCURRENCY}⌉ × ${LATENCY_MS} ms)  → cold is ${(cold.ms / floor).toFixed(2)}× the floor (goal ≤ 1.3×)`,
);
console.log(
  `  sequential:      ${sequential} ms  (${requests} round trips one after another) → ${(sequential / cold.ms).toFixed(1)}× slower than cold (goal ≥ 20×)`,
);
console.log(
  `  warm cache:      ${warm.ms.toFixed(0)} ms, ${warm.stats.total.requests} requests → ${(cold.ms / warm.ms).toFixed(1)}× faster than cold (goal ≥ 10×)`,
);
if (process.env.BENCH_DEBUG) console.log(cold.result.unknowns);
