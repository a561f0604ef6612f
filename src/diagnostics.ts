import { flatten } from './text/escape.js';

/** A problem with the input, located at a file and (when known) a 1-based line. */
export interface Diagnostic {
  file: string;
  line: number | null;
  message: string;
}

/**
 * The one printed form of a diagnostic: `path:line: message` (or `path: message`). File names
 * and messages quote untrusted text, so control and bidi characters never reach the terminal.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const file = flatten(d.file);
  const message = flatten(d.message);
  return d.line === null ? `${file}: ${message}` : `${file}:${d.line}: ${message}`;
}
