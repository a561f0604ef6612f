// Compile with tsc, then bundle each entry point with ncc into dist/ (committed: runners execute it).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const bin = (name) => `node_modules/.bin/${name}`;
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('lib', { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
rmSync('dist', { recursive: true, force: true });
run(bin('ncc'), [
  'build',
  'lib/src/index.js',
  '-o',
  'dist',
  '--quiet',
  '--license',
  'licenses.txt',
]);
run(bin('ncc'), ['build', 'lib/src/cli.js', '-o', 'dist/cli', '--quiet']);
