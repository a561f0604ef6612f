/**
 * Text a stranger wrote (manifest names, package metadata, advisory summaries) reaches the
 * terminal and the Markdown report inert: no escape sequence, no bidi control, no GitHub
 * autolink. In process, against the fake services.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { startFakeServices, type FakeServices } from '../fakes/services.js';

// Whole checks against fake servers: slow on a loaded machine, never wrong.
jest.setTimeout(120_000);

/** Clear screen, an OSC 52 clipboard write, a C1 CSI, and the bidi controls. */
const HOSTILE =
  'x\u001b[2J\u001b]52;c;ZXZpbA==\u0007\u009b31m\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c';
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

let services: FakeServices;
let dir: string;

beforeAll(async () => {
  services = await startFakeServices(
    {
      projects: [
        {
          name: 'shady',
          licenseExpression: null,
          license: `Proprietary ${HOSTILE} see GH-1 and #2, ask @octocat at acme/repo#3`,
          requiresPython: '>=3.8',
          releases: [{ version: '1.0', uploaded: '2026-06-01T00:00:00Z' }],
        },
      ],
      advisories: [
        {
          id: 'GHSA-aaaa-bbbb-cccc',
          summary: `shady runs code ${HOSTILE} GH-1 #2 @octocat`,
          affected: [
            {
              package: { ecosystem: 'PyPI', name: 'shady' },
              ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0' }] }],
            },
          ],
        },
      ],
      repositories: {},
    },
    {},
  );
  dir = mkdtempSync(join(tmpdir(), 'pygovern-hostile-'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(
    join(dir, 'pyproject.toml'),
    `[project]\nname = "p"\ndependencies = ["shady==1.0"]\n\n[project.optional-dependencies]\n${JSON.stringify(`g${HOSTILE}`)} = ["shady==1.0"]\n`,
  );
  writeFileSync(join(dir, `requirements${HOSTILE}.txt`), `shady==1.0\nnot valid ${HOSTILE}\n`);
});

afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: {} };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const check = (format: string) =>
  run([
    'check',
    '.',
    `requirements${HOSTILE}.txt`,
    '--format',
    format,
    '--no-cache',
    '--today',
    '2026-11-24',
    '--index-url',
    services.pypi.jsonUrl,
    '--osv-url',
    services.osv.url,
    '--github-api-url',
    services.github.url,
  ]);

describe('hostile text stays data', () => {
  test('the deps table and stderr carry no escape sequence or bidi control', async () => {
    const { code, stdout, stderr } = await run(['deps', '.', `requirements${HOSTILE}.txt`]);
    expect(code).toBe(2);
    expect(stdout).toContain('shady');
    expect(stdout).toMatch(/^requirementsx .*\.txt {2}\[requirements\]/m);
    expect(stderr).toMatch(/^requirementsx .*\.txt:2: /m);
    expect(stdout).not.toMatch(RAW);
    expect(stderr).not.toMatch(RAW);
  });

  test('the text report shows the licence and advisory without their controls', async () => {
    const { stdout, stderr } = await check('text');
    expect(stdout).toContain('Proprietary x');
    expect(stdout).toContain('GHSA-aaaa-bbbb-cccc');
    expect(stdout).not.toMatch(RAW);
    expect(stderr).not.toMatch(RAW);
  });

  test('the Markdown report links no issue and mentions nobody', async () => {
    const { stdout } = await check('markdown');
    expect(stdout).toContain('Proprietary x');
    expect(stdout).not.toMatch(RAW);
    // GitHub would link these in rendered text; each is broken by an escape it honours.
    expect(stdout).not.toMatch(/\bGH-\d/);
    expect(stdout).not.toMatch(/(?<!&)#\d/);
    expect(stdout).not.toMatch(/@octocat/);
    expect(stdout).toContain('GH-&#8203;1');
    expect(stdout).toContain('acme/repo&#35;&#8203;3');
  });

  test('SARIF messages carry no control or bidi character', async () => {
    const { stdout } = await check('sarif');
    const sarif = JSON.parse(stdout) as { runs: { results: { message: { text: string } }[] }[] };
    const messages = sarif.runs[0]?.results.map((r) => r.message.text) ?? [];
    expect(messages.join('\n')).toContain('Proprietary x');
    for (const m of messages) expect(m).not.toMatch(RAW);
  });
});
