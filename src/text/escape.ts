/**
 * The one place untrusted text (package metadata, licence strings, file names, advisory
 * summaries) is made safe for the Markdown and HTML that GitHub renders. Everything shown in a
 * comment, review, job summary or annotation passes through one of these functions.
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text inside an HTML element (`<summary>`, `<td>`): markup characters become entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * Text in Markdown: HTML is neutralised, the punctuation that forms Markdown inline syntax
 * (code, emphasis, links, tables, strikethrough) is backslash-escaped, `@` and `#` cannot
 * mention people or link issues (`@user`, `#1`, `owner/repo#1`), `GH-1` links nothing, and URLs
 * are not autolinked. Line breaks become spaces, and a leading list or heading marker is
 * escaped, so text cannot start a block of its own. Other punctuation stays as it is, so the
 * raw Markdown remains readable.
 */
export function escapeMarkdown(text: string): string {
  return flatten(text)
    .replace(
      /:\/\/|www\.|\bgh-(?=\d)|[\\`*_[\]|~<>&@#]/gi,
      (c) => MARKDOWN_ESCAPES[c.toLowerCase()] ?? (c.length > 1 ? `${c}${ZWSP}` : `\\${c}`),
    )
    .replace(/^(\s*\d*)([-+=.)])/, (whole, before: string, mark: string) =>
      /^\s*\d+$/.test(before) === /[.)]/.test(mark) ? `${before}\\${mark}` : whole,
    );
}

/**
 * GitHub links `#1`, `@user` and `GH-1` in the text it renders, after entities are decoded, so
 * an entity alone may not stop it: a zero-width space (our own, as an entity) after the sign
 * breaks the reference while the reader sees the same text.
 */
const ZWSP = '&#8203;';

/** Characters escaped as entities rather than with a backslash; `://` so no URL autolinks. */
const MARKDOWN_ESCAPES: Readonly<Record<string, string>> = {
  ...HTML_ENTITIES,
  '@': `&#64;${ZWSP}`,
  '#': `&#35;${ZWSP}`,
  '://': '&#58;//',
  'www.': 'www&#46;',
};

/** Untrusted text in a code span is cut to this many characters (names, versions, paths). */
export const CODE_SPAN_MAX = 500;

/**
 * A code span that holds any text: fenced with more backticks than the text contains. The text
 * is cut to `max` characters, so the fence (and the span) stays bounded.
 */
export function codeSpan(text: string, max = CODE_SPAN_MAX): string {
  const flat = flatten(truncate(text, max));
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** The longest run of backticks in `text`, in one pass. */
function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = text.charCodeAt(i) === 0x60 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** Shortens text to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Bidirectional controls (embeddings, overrides, isolates, and the LRM/RLM/ALM marks) reorder
 * what a reader sees ("Trojan Source"); they are dropped wherever text is shown.
 */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Control characters (C0, DEL, C1: terminal escapes too) and line breaks become single
 * spaces, and bidi controls are dropped: one line of inert text, for Markdown and terminals.
 */
export function flatten(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .replace(BIDI, '')
  );
}

/**
 * Like `flatten`, but line breaks (`\n`) stay: for plain text of several lines (annotations,
 * SARIF messages, log lines). `\r\n` becomes `\n`; tabs become spaces.
 */
export function plainText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .replace(BIDI, '')
  );
}

/** How each severity is marked in Markdown (comment tables and review line comments). */
export const SEVERITY_ICON = { error: '❌', warning: '⚠️', notice: 'ℹ️' } as const;
