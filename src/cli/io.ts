import type { ProgressTerminal } from './progress-wanted.js';

/** What a command may touch of its process: output streams, the working directory, the environment. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal that takes colour. */
  colour?: boolean;
  /** The stderr stream, for progress drawn in place (only used when it is a terminal). */
  stderrTerminal?: ProgressTerminal | null;
}

/**
 * A reader that stops early (`pygovern deps | head`) closes the pipe: that is not a failure, so
 * pygovern stops quietly with status 0 instead of dying on an unhandled EPIPE.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

export function processIo(): Io {
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    colour: process.stdout.isTTY && process.env.NO_COLOR === undefined,
    stderrTerminal: process.stderr,
  };
}
