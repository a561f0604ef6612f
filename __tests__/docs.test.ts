/** The README and action.yml say what the code does: every rule, input and output is documented. */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readInputs } from '../src/action/inputs.js';
import { RULE_IDS } from '../src/rules/catalogue.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const actionYml = readFileSync(`${root}action.yml`, 'utf8');

/** Keys of a top-level block of action.yml (`inputs:` or `outputs:`), two-space indented. */
function keysOf(block: string): string[] {
  const body = actionYml.split(new RegExp(`^${block}:\\n`, 'm'))[1] ?? '';
  const until = body.search(/^\S/m);
  return [...(until === -1 ? body : body.slice(0, until)).matchAll(/^ {2}([a-z-]+):$/gm)].map(
    (m) => m[1] ?? '',
  );
}

describe('documentation', () => {
  test.each([...RULE_IDS])('the README documents rule %s', (id) => {
    expect(readme).toContain(`#### \`${id}\``);
  });

  test('every input the action reads is declared in action.yml and documented', () => {
    const read: string[] = [];
    readInputs((name) => {
      read.push(name);
      return '';
    });
    const declared = keysOf('inputs');
    expect([...read].sort()).toEqual([...declared].sort());
    for (const name of declared) expect(readme).toMatch(new RegExp(`\\| \`${name}\`[ |]`));
  });

  test('every output is documented', () => {
    const outputs = keysOf('outputs');
    expect(outputs).toEqual([
      'outcome',
      'errors',
      'warnings',
      'errors-total',
      'warnings-total',
      'report-json',
      'comment-url',
    ]);
    const run = readFileSync(`${root}src/action/run.ts`, 'utf8');
    for (const name of outputs) {
      expect(readme).toContain(`\`${name}\``);
      expect(run).toContain(`setOutput('${name}'`);
    }
  });

  test('the README starts with the two commands a newcomer types', () => {
    expect(readme).toMatch(/^# pygovern\n\n```sh\nnpm ci && npm run demo .*\nnpm ci && npm test /);
  });
});
