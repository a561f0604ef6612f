/**
 * The checkout credential stays secret (issue 10 §7). `actions/checkout` leaves the token in
 * `.git/config` as an http.extraheader; a pull request that includes that file with `-r`, or
 * commits a symbolic link to it, must not get it into the comment, the review, the job summary,
 * the annotations, the report or the log, in any encoding.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  exampleSide,
  GITHUB_TOKEN,
  runBundledAction,
  startScenario,
  type Scenario,
} from '../fakes/action-run.js';
import { readFactsFile } from '../fakes/services.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const facts = readFactsFile(join(root, 'examples/pr/facts.json'));
const base = exampleSide(root, 'base');

const b64 = (text: string) => Buffer.from(text).toString('base64');
const FORMS = [GITHUB_TOKEN, b64(`x-access-token:${GITHUB_TOKEN}`), b64(GITHUB_TOKEN)];
// As actions/checkout@v4 writes it (persist-credentials defaults to true).
const GIT_CONFIG = [
  '[core]',
  '\trepositoryformatversion = 0',
  '[remote "origin"]',
  '\turl = https://github.com/acme/orders',
  '[http "https://github.com/"]',
  `\textraheader = AUTHORIZATION: basic ${b64(`x-access-token:${GITHUB_TOKEN}`)}`,
  '',
].join('\n');

let scenario: Scenario | null = null;
afterEach(async () => {
  await scenario?.close();
  scenario = null;
});

describe('the checkout credential in .git/config', () => {
  test('-r .git/config, a symlink to it and a line holding the token leak no form of the token', async () => {
    const head = {
      ...base,
      'requirements-git.txt': 'requests==2.32.3\n-r .git/config\n',
      'requirements-link.txt': 'placeholder\n',
      'requirements-indirect.txt': '-r settings.cfg\n',
      'settings.cfg': 'placeholder\n',
      'requirements-token.txt': `bad ${GITHUB_TOKEN}\n`,
    };
    scenario = await startScenario(facts, base, head);
    const run = await runBundledAction(scenario, {
      root,
      prepare: (workspace) => {
        writeFileSync(join(workspace, '.git/config'), GIT_CONFIG);
        for (const link of ['requirements-link.txt', 'settings.cfg']) {
          rmSync(join(workspace, link));
          symlinkSync('.git/config', join(workspace, link));
        }
      },
    });
    const report = readFileSync(run.outputs['report-json'] ?? '', 'utf8');
    const posted = JSON.stringify(scenario.record);
    // `::add-mask::` lines are the runner's masking commands themselves: it never shows them.
    const log = run.stdout.replace(/^::add-mask::.*$/gm, '');
    expect(run.stdout).toContain(`::add-mask::${FORMS[1] ?? ''}`);
    const everything = [log, run.stderr, run.summary, report, posted].join('\n');
    for (const form of FORMS) expect(everything).not.toContain(form);
    expect(everything).not.toContain('extraheader');

    // Each refusal is still reported, naming the file and line.
    const messages = run.annotations.map((a) => `${a.file ?? ''}:${String(a.line)}: ${a.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'requirements-git.txt:2: refusing to read .git/config: files under .git/ are never read',
        ),
        expect.stringContaining(
          'requirements-link.txt:null: refusing to read it: it resolves to a file under .git/',
        ),
        expect.stringContaining(
          'requirements-indirect.txt:1: cannot read settings.cfg: refusing to read it: it resolves to a file under .git/',
        ),
        expect.stringContaining('requirements-token.txt:1: invalid requirement "bad ***"'),
      ]),
    );
    expect(run.summary).toContain('requirements-git.txt');
  }, 120_000);
});
