import { describe, expect, test } from '@jest/globals';
import { parseToml } from '../../src/manifests/toml.js';

function lines(text: string, paths: (string | number)[][], lineDepth?: number) {
  const doc = parseToml(text, 'x.toml', lineDepth === undefined ? {} : { lineDepth });
  if (!doc.ok) throw new Error(doc.error.message);
  return paths.map((p) => doc.value.lineOf(p));
}

describe('line locator', () => {
  test('tables, dotted keys, quoted keys, inline tables and multi-line values', () => {
    const text = [
      '# comment',
      '[tool.pygovern]', // 2
      'rules = { "license/copyleft" = "error", \'python/eol-target\' = "off" }', // 3
      'a.b."c.d" = 1', // 4
      'text = """', // 5
      'line one',
      'line "two" \\',
      '  """',
      'after = [', // 9
      '  "x", # comment ]',
      '',
      '  { name = "y",', // 12
      '    marker = "z" },',
      ']',
      "lit = '''",
      "it's ''",
      "'''",
      'last = 1979-05-27 07:32:00', // 18
    ].join('\r\n');
    expect(
      lines(text, [
        ['tool', 'pygovern'],
        ['tool', 'pygovern', 'rules', 'license/copyleft'],
        ['tool', 'pygovern', 'rules', 'python/eol-target'],
        ['tool', 'pygovern', 'a', 'b', 'c.d'],
        ['tool', 'pygovern', 'text'],
        ['tool', 'pygovern', 'after', 0],
        ['tool', 'pygovern', 'after', 1],
        ['tool', 'pygovern', 'after', 1, 'marker'],
        ['tool', 'pygovern', 'last'],
        ['tool', 'pygovern', 'missing'],
      ]),
    ).toEqual([2, 3, 3, 4, 5, 10, 12, 13, 18, null]);
  });

  test('arrays of tables, nested ones and sub-tables of an element', () => {
    const text = [
      '[[package]]', // 1
      'name = "a"',
      '[[package.wheels]]', // 3
      'url = "u1"',
      '[[package.wheels]]', // 5
      'url = "u2"',
      '[[package]]', // 7
      'name = "b"',
      '[package.source]', // 9
      'git = "g"',
    ].join('\n');
    expect(
      lines(text, [
        ['package', 0],
        ['package', 0, 'wheels', 1, 'url'],
        ['package', 1, 'name'],
        ['package', 1, 'source', 'git'],
      ]),
    ).toEqual([1, 6, 8, 10]);
  });

  test('lineDepth keeps only shallow paths (what locks need)', () => {
    const text = '[[package]]\nname = "a"\n[[package]]\nname = "b"\n';
    expect(
      lines(
        text,
        [
          ['package', 1],
          ['package', 1, 'name'],
        ],
        2,
      ),
    ).toEqual([3, null]);
  });
});

describe('errors', () => {
  test('a syntax error names its line, in one clean message', () => {
    const doc = parseToml('a = 1\nb = [1,\nc = "x"\n[[', 'pyproject.toml');
    expect(doc.ok).toBe(false);
    if (doc.ok) return;
    expect(doc.error.file).toBe('pyproject.toml');
    expect(doc.error.line).toBeGreaterThanOrEqual(2);
    expect(doc.error.message).toMatch(/^TOML syntax error: /);
    expect(doc.error.message).not.toContain('\n');
  });

  test('invalid UTF-8 names its line; UTF-16 is refused; a leading BOM is fine', () => {
    const bad = parseToml(
      new Uint8Array([0x61, 0x3d, 0x31, 0x0a, 0x62, 0x3d, 0x22, 0xff, 0x22]),
      'x.toml',
    );
    expect(bad.ok ? null : bad.error.line).toBe(2);
    expect(parseToml(new Uint8Array([0xff, 0xfe, 0x61, 0x00]), 'x.toml').ok).toBe(false);
    expect(parseToml(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x3d, 0x31]), 'x.toml').ok).toBe(true);
  });
});
