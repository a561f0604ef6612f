/**
 * The bundle (npm run build): what each entry point loads before it runs, what a run loads in
 * all, and the licence notices. `deps` must not load the HTTP client, the GitHub client or the
 * licence tables, nor a parser of a format it does not read; the action on a push that changes
 * no manifest must not load the HTTP client or the GitHub client; dist/licenses.txt must carry
 * the notice of every package the bundle holds, undici once.
 */
import { describe, expect, test } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundledAction, startScenario } from '../fakes/action-run.js';
import { startFakeOsv } from '../fakes/osv.js';
import { startFakePypi } from '../fakes/pypi.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const hook = new URL('../../scripts/loaded-modules-hook.mjs', import.meta.url).href;

/**
 * The files of dist/ a process loaded, in all (static and lazy imports), recorded by
 * scripts/loaded-modules-hook.mjs while `start` runs it with the environment given.
 */
async function loadedBy(
  start: (env: Record<string, string>) => void | Promise<void>,
): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pygovern-loaded-'));
  const list = join(dir, 'loaded.txt');
  try {
    writeFileSync(list, '');
    await start({ NODE_OPTIONS: `--import=${hook}`, PYGOVERN_LOADED: list });
    return readFileSync(list, 'utf8')
      .split('\n')
      .filter((url) => url.startsWith('file:'))
      .map((url) => fileURLToPath(url))
      .filter((file) => file.startsWith(dist));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The files an ES module loads before its code runs: itself and its static imports. */
function staticallyLoaded(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  // Minified static imports: `import{a as b}from"./chunk.js"` or `import"./chunk.js"`.
  for (const m of text.matchAll(
    /(?:^|[;\n}])\s*(?:import|export)\s*(?:[^"'();]*?from\s*)?"(\.[^"]+)"/g,
  )) {
    staticallyLoaded(resolve(dirname(file), m[1] ?? ''), seen);
  }
  return seen;
}
const textOf = (files: Iterable<string>) =>
  [...files].map((f) => readFileSync(f, 'utf8')).join('\n');
/** Every chunk of both bundles: the action's (dist/chunks) and the CLI's (dist/cli/chunks). */
const allChunks = ['chunks', 'cli/chunks'].flatMap((dir) =>
  readdirSync(join(dist, dir)).map((f) => join(dist, dir, f)),
);

/** Strings only the package named carries (pygovern's HTTP client: an error code of its own). */
const MARKERS = {
  'HTTP client': 'ERR_PYGOVERN_CONNECTION_CLOSED',
  undici: 'UND_ERR_CONNECT_TIMEOUT',
  octokit: 'octokit',
  'licence texts': 'GNU Affero General Public License',
};
/** The same, for the parsers a requirements file does not need. */
const PARSERS = {
  yaml: 'Implicit keys need to be on a single line',
  'smol-toml': 'only line-ending whitespace may be escaped',
};
const absent = (text: string, markers: Record<string, string>) =>
  Object.entries(markers).map(([name, marker]) => [name, text.includes(marker)]);
const none = (markers: Record<string, string>) => Object.keys(markers).map((name) => [name, false]);

describe('the bundle', () => {
  test('pygovern deps loads no HTTP client, GitHub client or licence table', () => {
    // `deps` is part of the CLI's entry point: what the entry loads is what deps loads.
    const loaded = textOf(staticallyLoaded(join(dist, 'cli/index.js')));
    expect(loaded).toContain(' (constraint)'); // the deps table's code is there
    for (const [name, marker] of Object.entries(MARKERS)) {
      expect([name, loaded.includes(marker)]).toEqual([name, false]);
    }
  });

  test('the CLI entry point loads no rule catalogue before it runs (deps never uses it)', () => {
    const marker = 'Copyleft licence needs legal review'; // a rule title of src/rules/catalogue.ts
    expect(textOf(allChunks).includes(marker)).toBe(true);
    expect(textOf(staticallyLoaded(join(dist, 'cli/index.js'))).includes(marker)).toBe(false);
  });

  test('pygovern deps on a requirements file loads, in all, no YAML or TOML parser', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pygovern-deps-'));
    try {
      writeFileSync(join(dir, 'requirements.txt'), 'requests==2.32.3\nflask>=3\n');
      const loaded = await loadedBy((env) => {
        const out = execFileSync(process.execPath, [join(dist, 'cli/index.js'), 'deps', '.'], {
          cwd: dir,
          env: { PATH: process.env.PATH ?? '', ...env },
          encoding: 'utf8',
        });
        expect(out).toContain('requirements.txt  [requirements]  2 dependencies');
      });
      expect(loaded.length).toBeGreaterThan(1);
      const text = textOf(loaded);
      expect(absent(text, { ...MARKERS, ...PARSERS })).toEqual(none({ ...MARKERS, ...PARSERS }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('the action on a push that changes no manifest loads, in all, no HTTP client, GitHub client or YAML parser', async () => {
    const files = { 'requirements.txt': 'requests==2.32.3\n' };
    const scenario = await startScenario(
      { projects: [], advisories: [], repositories: {} },
      files,
      {
        ...files,
        'README.md': 'docs\n',
      },
    );
    try {
      const loaded = await loadedBy(async (env) => {
        const run = await runBundledAction(scenario, {
          root,
          event: 'push',
          payload: { ref: 'refs/heads/main', before: scenario.baseSha, after: scenario.headSha },
          env,
        });
        expect(run.stderr).toBe('');
        expect(run.exitCode).toBe(0);
        expect(run.stdout).toContain('Checking 0 manifests from the workspace against the base');
      });
      // It did ask GitHub what the push changed (over node:http, not Octokit).
      expect(scenario.services.github.requests.map((r) => r.path)).toContainEqual(
        expect.stringContaining('/compare/'),
      );
      const { undici, octokit } = MARKERS;
      const markers = {
        'HTTP client': MARKERS['HTTP client'],
        undici,
        octokit,
        yaml: PARSERS.yaml,
      };
      expect(absent(textOf(loaded), markers)).toEqual(none(markers));
    } finally {
      await scenario.close();
    }
  }, 60_000);

  test('pygovern check loads its own HTTP client, no undici (it is Octokit’s alone), off a terminal no log-update, and no CycloneDX without an SBOM', async () => {
    const pypi = await startFakePypi([
      {
        name: 'requests',
        license: 'Apache-2.0',
        releases: [{ version: '2.32.3', uploaded: '2026-05-01T00:00:00Z' }],
      },
    ]);
    const osv = await startFakeOsv([]);
    const dir = mkdtempSync(join(tmpdir(), 'pygovern-check-'));
    try {
      writeFileSync(join(dir, 'requirements.txt'), 'requests==2.32.3\n');
      const loaded = await loadedBy(async (env) => {
        const child = spawn(
          process.execPath,
          [
            join(dist, 'cli/index.js'),
            'check',
            '.',
            '--format',
            'json',
            '--today',
            '2026-11-24',
            '--no-cache',
            '--index-url',
            pypi.jsonUrl,
            '--osv-url',
            osv.url,
          ],
          { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env } },
        );
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        await new Promise((done) => child.on('close', done));
        const report = JSON.parse(stdout) as { unknowns: unknown[] };
        expect(report.unknowns).toEqual([]);
      });
      // The answers came through it: PyPI was asked (Simple page and version) and OSV.
      expect(pypi.requests.length).toBeGreaterThanOrEqual(2);
      expect(osv.requests.length).toBeGreaterThanOrEqual(1);
      const { undici, octokit } = MARKERS;
      // Not on a terminal: no progress line, so not log-update either; no SBOM asked, so not
      // CycloneDX's library.
      const markers = {
        'HTTP client': MARKERS['HTTP client'],
        undici,
        octokit,
        'log-update': 'eraseLines',
        cyclonedx: 'UnsupportedFormatError',
      };
      expect(absent(textOf(loaded), markers)).toEqual([
        ['HTTP client', true],
        ['undici', false],
        ['octokit', false],
        ['log-update', false],
        ['cyclonedx', false],
      ]);
      expect(textOf(allChunks).includes(markers['log-update'])).toBe(true);
      expect(textOf(allChunks).includes(markers.cyclonedx)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await pypi.close();
      await osv.close();
    }
  }, 60_000);

  test('no file of the bundle imports node:http(s) as an ES module (Node 22+ would load its own undici)', () => {
    // Node builds the namespace of a built-in by reading every export; node:http's lazy
    // WebSocket export then loads Node's undici (nodejs/node#59686). require() does not.
    const esmImport =
      /(?:^|[;\n}])\s*(?:import|export)\s*(?:[^"'();]*?from\s*)?"(?:node:)?https?"|\bimport\(\s*"(?:node:)?https?"\s*\)/;
    const files = [join(dist, 'index.js'), join(dist, 'cli/index.js'), ...allChunks].map(
      (file) => ({ file, text: readFileSync(file, 'utf8') }),
    );
    expect(files.filter(({ text }) => esmImport.test(text)).map(({ file }) => file)).toEqual([]);
    // The same modules are there, through require().
    expect(files.some(({ text }) => text.includes('("node:http")'))).toBe(true);
  });

  test('the markers are real: the whole bundle holds each of them', () => {
    const all = textOf([join(dist, 'index.js'), join(dist, 'cli/index.js'), ...allChunks]);
    for (const [name, marker] of Object.entries({ ...MARKERS, ...PARSERS })) {
      expect([name, all.includes(marker)]).toEqual([name, true]);
    }
  });

  test('dist/licenses.txt has a notice for each bundled package, and undici once', () => {
    const notices = readFileSync(join(dist, 'licenses.txt'), 'utf8');
    const names = notices
      .split('\n\n')
      .map((block) => block.split('\n')[0] ?? '')
      .filter((line) => /^(@[a-z0-9-]+\/)?[a-z0-9._-]+$/.test(line));
    for (const name of [
      '@actions/cache',
      '@actions/core',
      '@actions/exec',
      '@actions/github',
      '@actions/http-client',
      '@actions/io',
      '@octokit/core',
      '@cyclonedx/cyclonedx-library',
      'smol-toml',
      'spdx-license-list',
      'undici',
      'yaml',
    ]) {
      expect(names).toContain(name);
    }
    expect(names.filter((n) => n === 'undici')).toHaveLength(1);
  });
});
