/**
 * The bundled CLI's progress: drawn in place on stderr when it is a terminal (a pseudo-terminal
 * from util-linux `script`), never when stderr is a pipe or `CI` is set, and never in stdout.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFactsFile, startFakeServices, type FakeServices } from '../fakes/services.js';

jest.setTimeout(120_000);

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/cli/index.js');
const ERASE_LINE = '\u001B[2K';
const PROGRESS = /pygovern: \d+\/\d+ packages? · \d+ requests? in flight/;

let services: FakeServices;
let dir: string;
let args: string[];
beforeAll(async () => {
  services = await startFakeServices(readFactsFile(`${root}examples/pr/facts.json`));
  dir = mkdtempSync(join(tmpdir(), 'pygovern-progress-'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'requirements.txt'), 'tinyproxy-client==1.3.0\nfastapi\n');
  args = [
    'check',
    '--no-cache',
    '--today',
    '2026-11-24',
    '--index-url',
    services.pypi.jsonUrl,
    '--osv-url',
    services.osv.url,
    '--github-api-url',
    services.github.url,
  ];
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The environment without CI (the test itself may run in CI). */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const rest = { ...process.env };
  delete rest.CI;
  return { ...rest, NO_COLOR: '1', ...extra };
}

function run(command: string, argv: string[], environment: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, argv, {
      cwd: dir,
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** Runs the CLI on a pseudo-terminal: stdout and stderr both reach `script`'s stdout. */
const onTerminal = (extra: Record<string, string> = {}) =>
  run(
    'script',
    ['-qfc', [process.execPath, cli, ...args].map(quote).join(' '), '/dev/null'],
    env(extra),
  );

let hasScript = true;
try {
  execFileSync('script', ['--version'], { stdio: 'ignore' });
} catch {
  hasScript = false;
}

describe('progress of pygovern check', () => {
  test('stderr a pipe: no progress, and none in stdout', async () => {
    const { code, stdout, stderr } = await run(process.execPath, [cli, ...args], env());
    expect(code).toBe(1);
    expect(stdout).toContain('tinyproxy-client');
    expect(stderr).not.toMatch(PROGRESS);
    expect(stderr).not.toContain('\u001B[');
    expect(stdout).not.toMatch(PROGRESS);
  });

  (hasScript ? test : test.skip)('on a terminal: redrawn in place, erased at the end', async () => {
    const { stdout: screen } = await onTerminal();
    expect(screen).toMatch(PROGRESS);
    expect(screen).toContain(ERASE_LINE);
    // The last frame is erased before the report starts.
    const lastFrame = screen.lastIndexOf(' in flight · ');
    const report = screen.indexOf('tinyproxy-client', lastFrame);
    expect(report).toBeGreaterThan(lastFrame);
    expect(screen.slice(lastFrame, report)).toContain(ERASE_LINE);
  });

  (hasScript ? test : test.skip)('on a terminal with CI set: no progress', async () => {
    const { stdout: screen } = await onTerminal({ CI: 'true' });
    expect(screen).toContain('tinyproxy-client');
    expect(screen).not.toMatch(PROGRESS);
    expect(screen).not.toContain(ERASE_LINE);
  });
});
