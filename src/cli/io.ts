/** What a command may touch of its process: output streams, the working directory, the environment. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal that takes colour. */
  colour?: boolean;
}

export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    colour: process.stdout.isTTY && process.env.NO_COLOR === undefined,
  };
}
