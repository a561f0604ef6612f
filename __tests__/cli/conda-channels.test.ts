/**
 * `conda-channels`: Conda packages of a configured channel are judged from its repodata
 * (licence and release dates), one request per channel and subdir; other channels keep the
 * `input/conda-not-judged` notice; a package the repodata does not list, or a channel that
 * cannot be read, is a "could not tell" naming the channel.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { startFakeCondaChannel, type FakeCondaChannel } from '../fakes/conda.js';
import {
  readFactsFile,
  checkJsonFlags,
  startFakeServices,
  type FakeServices,
} from '../fakes/services.js';

jest.setTimeout(120_000);

const root = fileURLToPath(new URL('../../', import.meta.url));
const facts = readFactsFile(`${root}examples/pr/facts.json`);
let services: FakeServices | null = null;
let channel: FakeCondaChannel | null = null;
afterEach(async () => {
  await services?.close();
  await channel?.close();
  services = null;
  channel = null;
});

const ENVIRONMENT = [
  'name: analysis', // 1
  'channels:', // 2
  '  - conda-forge', // 3
  'dependencies:', // 4
  '  - python=3.11', // 5
  '  - numpy=1.26', // 6
  '  - conda-forge::readline', // 7
  '  - oldlib==0.3', // 8
  '  - nosuchpkg', // 9
  '  - bioconda::samtools', // 10
  '',
].join('\n');

const BUILDS = {
  'conda-forge': [
    {
      name: 'numpy',
      version: '1.26.3',
      subdir: 'linux-64',
      license: 'BSD-3-Clause',
      uploaded: '2026-01-10T00:00:00Z',
    },
    {
      name: 'numpy',
      version: '1.26.4',
      subdir: 'linux-64',
      license: 'BSD-3-Clause',
      uploaded: '2026-09-01T00:00:00Z',
      format: 'tar.bz2',
    },
    {
      name: 'readline',
      version: '8.2',
      subdir: 'linux-64',
      license: 'GPL-3.0-only',
      uploaded: '2026-08-01T00:00:00Z',
    },
    { name: 'oldlib', version: '0.3', license: 'MIT', uploaded: '2019-03-01T00:00:00Z' },
  ],
} as const;

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pygovern-conda-channels-'));
  mkdirSync(join(dir, '.git'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

interface Finding {
  rule: string;
  package: string | null;
  manifest: string;
  line: number | null;
  message: string;
}

async function check(policy: string | null, environment = ENVIRONMENT, flags: string[] = []) {
  await services?.close(); // a test may check twice
  services = await startFakeServices(facts);
  const files: Record<string, string> = { 'environment.yml': environment };
  if (policy !== null) files['pygovern.toml'] = policy;
  const dir = repo(files);
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: {} };
  const s = services;
  // Flags of its own (a cache directory) replace `--no-cache`.
  const base = checkJsonFlags(s, { cache: flags.length > 0 });
  await main(['check', 'environment.yml', ...base, ...flags], io);
  const json = JSON.parse(stdout) as { findings: Finding[] };
  return { findings: json.findings, stderr };
}

const of = (findings: Finding[], pkg: string) =>
  findings.filter((f) => f.package === pkg).map((f) => f.rule);
const notJudged = (findings: Finding[]) =>
  findings.filter((f) => f.rule === 'input/conda-not-judged').map((f) => f.line);

describe('conda-channels', () => {
  test('packages of a configured channel are judged by their repodata licence and dates', async () => {
    channel = await startFakeCondaChannel(BUILDS);
    const { findings, stderr } = await check(
      `[conda-channels]\nconda-forge = "${channel.channelUrl('conda-forge')}"\n`,
    );
    expect(stderr).toBe('');
    // GPL from repodata's `license`: flagged at its line.
    expect(findings).toContainEqual(
      expect.objectContaining({
        rule: 'license/copyleft',
        package: 'readline',
        manifest: 'environment.yml',
        line: 7,
      }),
    );
    // The last release, from `timestamp`, is over the stale limit.
    expect(of(findings, 'oldlib')).toContain('maintenance/no-recent-release');
    // A permissive, recent package has no licence or maintenance finding.
    expect(
      of(findings, 'numpy').filter(
        (r) => r.startsWith('license/') || r === 'maintenance/no-recent-release',
      ),
    ).toEqual([]);
    // Only the channel not configured keeps the notice.
    expect(notJudged(findings)).toEqual([10]);
    // One request per subdir for the whole channel, none for bioconda.
    expect(channel.requests.map((r) => r.path).sort()).toEqual([
      '/conda-forge/linux-64/repodata.json',
      '/conda-forge/noarch/repodata.json',
    ]);
  });

  test('the facts cache keeps the builds of the packages asked, and answers offline the same', async () => {
    channel = await startFakeCondaChannel({
      'conda-forge': [
        ...BUILDS['conda-forge'],
        {
          name: 'unasked',
          version: '1.0',
          license: 'Unasked-1.0',
          uploaded: '2026-01-01T00:00:00Z',
        },
      ],
    });
    const cacheDir = mkdtempSync(join(tmpdir(), 'pygovern-conda-cache-'));
    const policy = `[conda-channels]\nconda-forge = "${channel.channelUrl('conda-forge')}"\n`;
    const online = await check(policy, ENVIRONMENT, ['--cache-dir', cacheDir]);
    const asked = channel.requests.length;
    const offline = await check(policy, ENVIRONMENT, ['--cache-dir', cacheDir, '--offline']);
    expect(offline.stderr).toBe('');
    expect(offline.findings).toEqual(online.findings);
    expect(channel.requests).toHaveLength(asked);
    // Other packages than those asked are not kept.
    const kept = readFileSync(join(cacheDir, 'facts-v3.json'), 'utf8');
    expect(kept).toContain('GPL-3.0-only');
    expect(kept).not.toContain('Unasked-1.0');
    rmSync(cacheDir, { recursive: true, force: true });
  });

  test('a package the repodata does not list is a could-not-tell naming the channel', async () => {
    channel = await startFakeCondaChannel(BUILDS);
    const { findings } = await check(
      `[conda-channels]\nconda-forge = "${channel.channelUrl('conda-forge')}"\n`,
    );
    const missing = findings.find((f) => f.package === 'nosuchpkg');
    expect(missing).toMatchObject({ rule: 'facts/unavailable', line: 9 });
    expect(missing?.message).toContain(
      'nosuchpkg is not in the repodata of Conda channel conda-forge',
    );
  });

  test('without conda-channels every Conda package is a notice, and no channel is asked', async () => {
    channel = await startFakeCondaChannel(BUILDS);
    const { findings } = await check(null);
    expect(notJudged(findings)).toEqual([6, 7, 8, 9, 10]);
    expect(findings.filter((f) => f.rule === 'license/copyleft')).toEqual([]);
    expect(channel.requests).toEqual([]);
  });

  test('channels in order: by name or URL; one not configured first means cannot tell', async () => {
    channel = await startFakeCondaChannel(BUILDS);
    const url = channel.channelUrl('conda-forge');
    const policy = `[conda-channels]\nconda-forge = "${url}"\n`;
    const byUrl = await check(policy, `channels:\n  - ${url}/\ndependencies:\n  - readline\n`);
    expect(of(byUrl.findings, 'readline')).toContain('license/copyleft');
    const behind = await check(
      policy,
      'channels:\n  - bioconda\n  - conda-forge\ndependencies:\n  - readline\n',
    );
    const finding = behind.findings.find((f) => f.package === 'readline');
    expect(finding?.rule).toBe('facts/unavailable');
    expect(finding?.message).toContain(
      'Conda channel bioconda comes first in the channels of environment.yml and is not in conda-channels',
    );
    expect(of(behind.findings, 'readline')).not.toContain('license/copyleft');
  });

  test('repodata answering 500 is facts/unavailable naming the channel', async () => {
    channel = await startFakeCondaChannel(BUILDS);
    channel.failWith(500);
    const { findings } = await check(
      `[conda-channels]\nconda-forge = "${channel.channelUrl('conda-forge')}"\n`,
    );
    const readline = findings.find(
      (f) => f.package === 'readline' && f.rule === 'facts/unavailable',
    );
    expect(readline?.message).toContain('the repodata of Conda channel conda-forge');
    expect(readline?.message).toContain('500');
    expect(findings.filter((f) => f.rule === 'license/copyleft')).toEqual([]);
  });
});
