import { describe, expect, it } from '@jest/globals';
import {
  CODE_SPAN_MAX,
  codeSpan,
  escapeHtml,
  escapeMarkdown,
  plainText,
  truncate,
} from '../../src/text/escape.js';

describe('escapeMarkdown', () => {
  it.each([
    ['plain words stay', 'MIT License', 'MIT License'],
    ['HTML is inert', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    [
      'links cannot be formed',
      '[click](https://evil.example)',
      '\\[click\\](https&#58;//evil.example)',
    ],
    ['table cells cannot be split', 'a | b', 'a \\| b'],
    ['emphasis and code are literal', '*x* _y_ `z`', '\\*x\\* \\_y\\_ \\`z\\`'],
    ['nobody is mentioned', 'ping @octocat', 'ping &#64;&#8203;octocat'],
    ['no issue is linked', 'fixes #1', 'fixes &#35;&#8203;1'],
    ['no other repository issue', 'see owner/repo#1', 'see owner/repo&#35;&#8203;1'],
    ['no GH- reference', 'GH-1 and gh-22', 'GH-&#8203;1 and gh-&#8203;22'],
    ['GH- without a number stays', 'GH-x NIGH-1', 'GH-x NIGH-1'],
    ['lines cannot start a block', 'a\n# heading\r\n- item', 'a &#35;&#8203; heading - item'],
    [
      'terminal escapes are inert',
      'a\u001b[2Jb\u001b]52;c;eA==\u0007c\u009b2J',
      'a \\[2Jb \\]52;c;eA== c 2J',
    ],
    [
      'bidi controls are dropped',
      'MIT\u202e\u2066 \u200e\u200f\u061cok\u202a\u202b\u202c\u202d\u2067\u2068\u2069',
      'MIT ok',
    ],
    ['nor can the first line', '- item', '\\- item'],
    ['nor a numbered one', '1. first', '1\\. first'],
    ['bare domains are not linked', 'see www.evil.example', 'see www&#46;evil.example'],
    ['ordinary punctuation stays readable', 'x (>=1.0, "ok")', 'x (&gt;=1.0, "ok")'],
    ['entities are not decoded twice', '&lt;', '&amp;lt;'],
  ])('%s', (_why, input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('escapeHtml', () => {
  it('turns markup characters into entities', () => {
    expect(escapeHtml(`<b a="1" b='2'>&</b>`)).toBe(
      '&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;&lt;/b&gt;',
    );
  });
});

describe('codeSpan', () => {
  it.each([
    ['requests>=2', '`requests>=2`'],
    ['a`b', '``a`b``'],
    ['`x`', '`` `x` ``'],
    ['line\nbreak', '`line break`'],
    ['x\u202ey\u001b[2J', '`xy [2J`'],
  ])('%j', (input, expected) => {
    expect(codeSpan(input)).toBe(expected);
  });

  it('holds text of 200,000 backtick runs, cut to a bounded length', () => {
    // Spreading every run into Math.max threw a RangeError here.
    const hostile = 'a`'.repeat(100_000) + 'a``'.repeat(100_000);
    const span = codeSpan(hostile);
    expect(span.length).toBeLessThanOrEqual(CODE_SPAN_MAX + 10);
    expect(span).toContain('…');
    expect(span.startsWith('`` ') || span.startsWith('``a')).toBe(true);
  });

  it('fences with one backtick more than the longest run', () => {
    expect(codeSpan('a```b`c')).toBe('````a```b`c````');
  });
});

describe('plainText', () => {
  it('keeps line breaks, drops escapes and bidi controls', () => {
    expect(plainText('one\u001b[31m\r\ntwo\u202e\u0007')).toBe('one [31m\ntwo ');
  });
});

describe('truncate', () => {
  it('keeps short text and marks a cut', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});
