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

/** The two edges a user sets pygovern from: the CLI's flags and the action's inputs. */
export type Edge = 'cli' | 'action';

/** How each edge names a setting: `--config` on the command line, `input config` in a workflow. */
export const settingName = (setting: string, edge: Edge): string =>
  edge === 'cli' ? `--${setting}` : `input ${setting}`;

/** A bad value the user gave (a flag, an input, an argument): reported with the usage, not as a bug. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * A bad value of a setting both edges share (`config`): thrown below the edges, which word it
 * with their own name for the setting (see `messageFor`).
 */
export class SettingError extends UsageError {
  override name = 'SettingError';
  constructor(
    readonly setting: string,
    readonly value: string,
    readonly problem: string,
  ) {
    super(`${settingName(setting, 'cli')} ${value}: ${problem}`);
  }
}

/** The message of an error in the words of the edge that reports it. */
export function messageFor(error: unknown, edge: Edge): string {
  if (error instanceof SettingError)
    return `${settingName(error.setting, edge)} ${error.value}: ${error.problem}`;
  return error instanceof Error ? error.message : String(error);
}
