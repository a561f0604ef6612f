/** A problem with the input, located at a file and (when known) a 1-based line. */
export interface Diagnostic {
  file: string;
  line: number | null;
  message: string;
}

/** The one printed form of a diagnostic: `path:line: message` (or `path: message`). */
export function formatDiagnostic(d: Diagnostic): string {
  return d.line === null ? `${d.file}: ${d.message}` : `${d.file}:${d.line}: ${d.message}`;
}
