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
 * mention people or link issues, and URLs are not autolinked. Line breaks become spaces, and a
 * leading list or heading marker is escaped, so text cannot start a block of its own. Other
 * punctuation stays as it is, so the raw Markdown remains readable.
 */
export function escapeMarkdown(text: string): string {
  return flatten(text)
    .replace(
      /:\/\/|www\.|[\\`*_[\]|~<>&@#]/gi,
      (c) => MARKDOWN_ESCAPES[c.toLowerCase()] ?? `\\${c}`,
    )
    .replace(/^(\s*\d*)([-+=.)])/, (whole, before: string, mark: string) =>
      /^\s*\d+$/.test(before) === /[.)]/.test(mark) ? `${before}\\${mark}` : whole,
    );
}

/** Characters escaped as entities rather than with a backslash; `://` so no URL autolinks. */
const MARKDOWN_ESCAPES: Readonly<Record<string, string>> = {
  ...HTML_ENTITIES,
  '@': '&#64;',
  '#': '&#35;',
  '://': '&#58;//',
  'www.': 'www&#46;',
};

/** A code span that holds any text: fenced with more backticks than the text contains. */
export function codeSpan(text: string): string {
  const flat = flatten(text);
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Shortens text to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Control characters (C0, DEL, C1: terminal escapes too) and line breaks become single
 * spaces: one line of inert text, for Markdown and terminals alike.
 */
export function flatten(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

/** How each severity is marked in Markdown (comment tables and review line comments). */
export const SEVERITY_ICON = { error: '❌', warning: '⚠️', notice: 'ℹ️' } as const;
