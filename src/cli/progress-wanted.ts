/**
 * Whether the CLI draws progress, apart from the drawing: log-update (and the width tables
 * it loads, about 20 ms at start) is imported only by a run that draws.
 */

/** What progress is drawn on: the stderr stream, when it is a terminal. */
export interface ProgressTerminal {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  write(text: string): boolean;
}

/** Whether to draw progress: stderr is a terminal and the run is not in CI. */
export function wantsProgress(
  terminal: ProgressTerminal | null | undefined,
  env: Readonly<Record<string, string | undefined>>,
): terminal is ProgressTerminal {
  return terminal?.isTTY === true && (env.CI === undefined || env.CI === '' || env.CI === '0');
}
