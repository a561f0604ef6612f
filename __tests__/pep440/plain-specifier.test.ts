/**
 * The plain-specifier shortcut (src/pep440/specifier.ts): wherever it matches, the full PEP 440
 * specifier pattern matches the same text, so trying it first changes no answer. Checked on
 * every combination of operators, spacing, versions and what follows them, in the tokenizer's
 * sticky form and in parseSpecifier's whole-text form.
 */
import { describe, expect, test } from '@jest/globals';
import {
  parseSpecifier,
  PLAIN_SPECIFIER_SOURCE,
  SPECIFIER_SOURCE,
} from '../../src/pep440/specifier.js';
import { parseRequirement } from '../../src/pep508/requirement.js';

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '~=', '===', '=', '~', '=<'];
const SPACES = ['', ' ', '\t', '  ', '\u00a0'];
const VERSIONS = [
  '1',
  '1.0',
  '2.32.3',
  '01.2',
  '1!2.0',
  'v1.0',
  '1.0a1',
  '1.0A1',
  '1.0.post1',
  '1.0-1',
  '1.0.dev0',
  '1.0+abc',
  '1.0.*',
  '1.',
  '.1',
  '1..2',
  '1.0rc',
  '',
];
const AFTER = ['', ',', ';', ')', ' ', '\t', 'a', '.', '*', '+x', '-', '_', '!', 'é', ' ;', ',<2'];

const texts = OPERATORS.flatMap((op) =>
  SPACES.flatMap((space) =>
    VERSIONS.flatMap((version) => AFTER.map((after) => `${op}${space}${version}${after}`)),
  ),
);

/** The text a sticky pattern matches at the start, or null. */
function stickyMatch(source: string, flags: string, text: string): string | null {
  return new RegExp(source, flags).exec(text)?.[0] ?? null;
}

describe('the plain-specifier shortcut', () => {
  test('matches the common forms, and not what only the full grammar reads', () => {
    const plain = (text: string) => stickyMatch(PLAIN_SPECIFIER_SOURCE, 'y', text);
    expect(['>=2.1', '==1.0.3', '~=1.4', '< 3', '!=1.0,'].map(plain)).toEqual([
      '>=2.1',
      '==1.0.3',
      '~=1.4',
      '< 3',
      '!=1.0',
    ]);
    expect(
      ['~=1', '==1.0.*', '==1.0+local', '>=1.0a1', '==1!2.0', '===1.0', '>=v1'].map(plain),
    ).toEqual([null, null, null, null, null, null, null]);
  });

  test(`where it matches, the full pattern matches the same text (${String(texts.length)} texts)`, () => {
    let plainMatches = 0;
    const differ: string[] = [];
    for (const text of texts) {
      const plain = stickyMatch(PLAIN_SPECIFIER_SOURCE, 'y', text);
      if (plain === null) continue;
      plainMatches++;
      if (stickyMatch(SPECIFIER_SOURCE, 'iy', text) !== plain) differ.push(text);
    }
    expect(differ).toEqual([]);
    expect(plainMatches).toBeGreaterThan(100); // the shortcut is taken, so the check means something
  });

  test('parseSpecifier accepts exactly what the full pattern accepts', () => {
    const full = new RegExp(`^\\s*(?:${SPECIFIER_SOURCE})\\s*$`, 'i');
    const differ = texts.filter((text) => parseSpecifier(text).ok !== full.test(text));
    expect(differ).toEqual([]);
  });

  test('a requirement reads the same specifier either way', () => {
    const read = (text: string) => {
      const r = parseRequirement(`name${text}`);
      return r.ok ? r.value.specifier : r.error.message;
    };
    // Forms the shortcut takes and forms it leaves to the full grammar, side by side.
    expect(read('>=2.1,<3')).toBe('<3,>=2.1');
    expect(read('~=1.4.2')).toBe('~=1.4.2');
    expect(read('==1.0.*')).toBe('==1.0.*');
    expect(read('>=1.0a1')).toBe('>=1.0a1');
    expect(read('~=1')).toContain('Expected');
  });
});
