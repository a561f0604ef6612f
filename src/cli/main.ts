import { PYGOVERN_VERSION } from '../version.js';
import { parseCliArgs, USAGE } from './args.js';
import { messageFor, UsageError } from '../diagnostics.js';
import { flatten } from '../text/escape.js';
import type { Io } from './io.js';
// `deps` is in the entry: what it loads beyond the argument parser is small, and one chunk
// fewer to link is the larger part of its start-up.
import { runDeps } from './commands/deps.js';

/** The CLI: argv → exit status (0 pass, 1 policy failure, 2 usage or input error). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const command = parseCliArgs(argv);
    switch (command.command) {
      case 'help':
        io.stdout(`${USAGE}\n`);
        return 0;
      case 'version':
        io.stdout(`pygovern ${PYGOVERN_VERSION}\n`);
        return 0;
      case 'deps':
        return await runDeps(command, io);
      // `check` and `sbom` load the HTTP client, GitHub's and the licence tables when they run.
      case 'check':
      case 'sbom':
        return await (await import('./commands/check.js')).runCheckCommand(command, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`pygovern: ${flatten(messageFor(error, 'cli'))}\n\n${USAGE}\n`);
      return 2;
    }
    // A bug, not bad input: one line, no stack trace, and a way to report it.
    io.stderr(
      `pygovern: internal error: ${flatten(error instanceof Error ? error.message : String(error))}\n`,
    );
    return 2;
  }
}
