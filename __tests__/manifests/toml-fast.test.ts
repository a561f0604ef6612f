/**
 * The one-pass reader (toml-fast.ts) either reads a document exactly as smol-toml and the line
 * finder do, or gives up and leaves it to them: never a different value or line, and never an
 * invalid document accepted. Checked on every TOML file of the corpus and the toml-test suite.
 */
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { parseFast } from '../../src/manifests/toml-fast.js';
import { locate } from '../../src/manifests/toml.js';

const root = new URL('../../corpus/', import.meta.url).pathname;
const suite = join(root, 'toml-test/tests');
const list = readFileSync(join(suite, 'files-toml-1.1.0'), 'utf8').split('\n');

function tomlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path.includes('toml-test') ? [] : tomlFiles(path);
    return /\.toml$|\.lock$|^Pipfile$/.test(e.name) ? [path] : [];
  });
}
const corpus = tomlFiles(root);
const read = (path: string) => readFileSync(path, 'utf8');

/** The same tree, compared as JSON (the fast reader makes no dates and no bigints). */
const json = (value: unknown) => JSON.stringify(value);

function agrees(text: string): 'read' | 'gave up' {
  const fast = parseFast(text, Infinity);
  if (fast === null) return 'gave up';
  expect(json(fast.value)).toBe(json(parse(text, { integersAsBigInt: 'asNeeded' })));
  expect([...fast.lines].sort()).toEqual([...locate(text)].sort());
  return 'read';
}

describe('toml-fast', () => {
  test('reads every uv.lock and poetry.lock of the corpus itself (the fast path is taken)', () => {
    const locks = corpus.filter((f) => /(uv|poetry)\.lock$/.test(f));
    expect(locks.length).toBeGreaterThan(5);
    for (const lock of locks)
      expect([lock, parseFast(read(lock), 2) !== null]).toEqual([lock, true]);
  });

  test.each(corpus.map((f) => f.slice(root.length)))('corpus %s: same value and lines', (file) => {
    agrees(read(join(root, file)));
  });

  test.each(list.filter((f) => f.startsWith('valid/') && f.endsWith('.toml')))(
    'toml-test %s: same value and lines, or left to smol-toml',
    (file) => {
      agrees(read(join(suite, file)));
    },
  );

  test.each(list.filter((f) => f.startsWith('invalid/') && f.endsWith('.toml')))(
    'toml-test %s: never accepted',
    (file) => {
      const bytes = readFileSync(join(suite, file));
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return; // not UTF-8: refused before any TOML reader runs
      }
      expect(parseFast(text, Infinity)).toBeNull();
    },
  );

  test('keys named like Object.prototype members are plain data', () => {
    const fast = parseFast('constructor = 1\n__proto__ = { toString = "x" }\n', Infinity);
    expect(fast?.value.constructor).toBe(1);
    expect(Object.keys(fast?.value ?? {})).toEqual(['constructor', '__proto__']);
    expect(fast?.value.__proto__).toEqual({ toString: 'x' });
  });

  test('nesting deeper than its bound is left to the full reader', () => {
    expect(parseFast(`a = ${'['.repeat(100)}${']'.repeat(100)}\n`, Infinity)).toBeNull();
    expect(parseFast(`a = ${'['.repeat(10)}${']'.repeat(10)}\n`, Infinity)).not.toBeNull();
  });
  // Inline tables, the bulk of a lock: every value and spacing they might take is held to
  // smol-toml, valid or not.
  const values = [
    '0',
    '1',
    '+1',
    '-12',
    '01',
    '+0',
    '-0',
    '-01',
    '00',
    '9007199254740991',
    '9007199254740992',
    '"x"',
    '"x }, b = 1"',
    '"a = \\"q"',
    '""',
    '"a b"',
    '"é"',
    '"a\\nb"',
    '"a\\qb"',
    '"tab\there"',
    '"ctl\u0001"',
    '"del\u007f"',
    "'lit'",
    '"unterminated',
    'true',
    '1.5',
    '1_000',
    '0x1f',
    '[1]',
    '{ b = 1 }',
  ];
  const shapes = [
    (v: string) => `t = { a = ${v} }\n`,
    (v: string) => `t = {a=${v}}\n`,
    (v: string) => `t = { k = "v", a = ${v}, z = 2 }\n`,
    (v: string) => `t = [\n  { a = ${v}, b = "w" },\n  { a = ${v} },\n]\n`,
    (v: string) => `t = { a = ${v}, a = ${v} }\n`,
    (v: string) => `t = { a = ${v}, }\n`,
    (v: string) => `t = { a = ${v} } x\n`,
    (v: string) => `t = { a = ${v}\n}\n`,
    (v: string) => `[p]\nt = { a = ${v} }\nt = 1\n`,
  ];
  test.each(shapes.flatMap((shape) => values.map((v) => shape(v))))(
    'inline table %j: as smol-toml reads it, or refused with it',
    (text) => {
      let valid = true;
      try {
        parse(text);
      } catch {
        valid = false;
      }
      if (valid) agrees(text);
      else expect(parseFast(text, Infinity)).toBeNull();
    },
  );

  test('the inline tables of a lock keep their key lines', () => {
    const text =
      '[[package]]\nname = "a"\nsdist = { url = "https://x/a.tar.gz", size = 12 }\nwheels = [\n  { url = "https://x/a.whl", size = 3 },\n]\n';
    const fast = parseFast(text, Infinity);
    expect(fast?.value).toEqual({
      package: [
        {
          name: 'a',
          sdist: { url: 'https://x/a.tar.gz', size: 12 },
          wheels: [{ url: 'https://x/a.whl', size: 3 }],
        },
      ],
    });
    expect([...(fast?.lines ?? [])].sort()).toEqual([...locate(text)].sort());
  });
});
