/** Which lines of a pull request's diff a review comment may sit on. */

export interface DiffLines {
  /** Lines the change adds or rewrites (right side, `+`). */
  added: Set<number>;
  /** Every right-side line the diff shows (added and context). */
  shown: Set<number>;
}

/** Reads the `patch` GitHub gives for a file (hunks of a unified diff). */
export function diffLines(patch: string | undefined): DiffLines {
  const added = new Set<number>();
  const shown = new Set<number>();
  let line = 0;
  for (const text of (patch ?? '').split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk?.[1] !== undefined) {
      line = Number(hunk[1]);
      continue;
    }
    if (line === 0 || text.startsWith('-') || text.startsWith('\\')) continue;
    if (text.startsWith('+')) added.add(line);
    shown.add(line);
    line++;
  }
  return { added, shown };
}
