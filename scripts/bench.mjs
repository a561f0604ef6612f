// `npm run bench`: how fast pygovern is, measured, printed as figures and ratios.
// Parsing: the largest lock of the corpus and a generated 10 MB uv.lock.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

execFileSync(process.execPath, ['node_modules/.bin/tsc', '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
const { parseUvLock } = await import('../lib/src/manifests/locks.js');

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
