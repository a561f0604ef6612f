import { describe, expect, it } from '@jest/globals';
import { codeSpan, escapeHtml, escapeMarkdown, truncate } from '../../src/report/escape.js';

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
    ['nobody is mentioned', 'ping @octocat', 'ping &#64;octocat'],
    ['no issue is linked', 'fixes #1', 'fixes &#35;1'],
    ['lines cannot start a block', 'a\n# heading\r\n- item', 'a &#35; heading - item'],
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
  ])('%j', (input, expected) => {
    expect(codeSpan(input)).toBe(expected);
  });
});

describe('truncate', () => {
  it('keeps short text and marks a cut', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});
