// `npm run demo`: the bundled CLI, as users run it, on the example pull request's head.
import { execFileSync } from 'node:child_process';

process.stdout.write('$ pygovern deps examples/pr/head\n\n');
execFileSync(process.execPath, ['dist/cli/index.js', 'deps', 'examples/pr/head'], {
  stdio: 'inherit',
});
