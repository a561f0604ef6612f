/** Physical lines → logical lines: pip's `\` continuations and `#` comments. */
import { splitLines } from '../text.js';

/** pip's `COMMENT_RE` (`(^|\s+)#.*$`) without the regex: cut at a `#` that starts a word. */
function withoutComment(text: string): string {
  for (let i = text.indexOf('#'); i !== -1; i = text.indexOf('#', i + 1)) {
    if (i === 0 || /\s/.test(text.charAt(i - 1))) return text.slice(0, i);
  }
  return text;
}

/** `text` without `char` repeated at either end (Python's `str.strip(char)`). */
export function stripChar(text: string, char: string, start = true): string {
  let from = 0;
  let to = text.length;
  while (start && from < to && text.charAt(from) === char) from++;
  while (to > from && text.charAt(to - 1) === char) to--;
  return text.slice(from, to);
}

/** One logical line: what is left after continuations and comments, at its first physical line. */
export interface LogicalLine {
  line: number;
  text: string;
}

/**
 * pip's `join_lines` + `ignore_comments`: a line ending in `\` continues on the next one (a
 * comment line ends the continuation), `#` after whitespace starts a comment.
 */
export function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: string[] = [];
  let first = 0;
  const emit = (line: number, raw: string) => {
    const stripped = withoutComment(raw).trim();
    if (stripped !== '') out.push({ line, text: stripped });
  };
  splitLines(text).forEach((raw, index) => {
    const lineNo = index + 1;
    const isComment = /^\s*#/.test(raw);
    if (!raw.endsWith('\\') || isComment) {
      const line = isComment ? ` ${raw}` : raw;
      if (pending.length > 0) {
        pending.push(line);
        emit(first, pending.join(''));
        pending = [];
      } else {
        emit(lineNo, line);
      }
    } else {
      if (pending.length === 0) first = lineNo;
      pending.push(stripChar(raw, '\\'));
    }
  });
  if (pending.length > 0) emit(first, pending.join(''));
  return out;
}
