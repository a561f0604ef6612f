/**
 * The file-reading edge with hostile files: FIFOs, devices, symbolic links out of the
 * repository or into .git/, files over the size limit, and includes that are not manifests.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readPolicyFile } from '../../src/config/policy-file.js';
import { fileTree } from '../../src/discover/fs-tree.js';
import { gitTree } from '../../src/discover/git-tree.js';
import { loadManifests } from '../../src/discover/load.js';
import { parseRequirementsFile } from '../../src/manifests/requirements/parse.js';

const CREDENTIAL = Buffer.from('x-access-token:ghs_secretTokenValue0123456789').toString('base64');
const GIT_CONFIG = `[core]\n\trepositoryformatversion = 0\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${CREDENTIAL}\n`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pygovern-fs-')));
  dirs.push(dir);
  mkdirSync(join(dir, 'repo', '.git'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, 'repo', path)), { recursive: true });
    writeFileSync(join(dir, 'repo', path), text);
  }
  return join(dir, 'repo');
}

const parse = (root: string, path = 'requirements.txt', maxFileBytes?: number) =>
  parseRequirementsFile(path, fileTree(root, maxFileBytes === undefined ? {} : { maxFileBytes }));

describe('fileTree refuses what is not a regular file of the repository', () => {
  test('-r of a FIFO is refused at once with a message naming it (no read blocks)', () => {
    const root = repo({ 'requirements.txt': 'requests==2.32.3\n-r pipe.txt\n' });
    execFileSync('mkfifo', [join(root, 'pipe.txt')]);
    const m = parse(root);
    expect(m.dependencies.map((d) => d.name)).toEqual(['requests']);
    expect(m.errors).toEqual([
      {
        file: 'requirements.txt',
        line: 2,
        message: 'cannot read pipe.txt: refusing to read it: it is a FIFO, not a regular file',
      },
    ]);
  });

  test('a FIFO as the manifest itself is refused, not waited on', () => {
    const root = repo({});
    execFileSync('mkfifo', [join(root, 'requirements.txt')]);
    const m = parse(root);
    expect(m.errors).toEqual([
      {
        file: 'requirements.txt',
        line: null,
        message: 'refusing to read it: it is a FIFO, not a regular file',
      },
    ]);
  });

  test('a symbolic link to /dev/zero is refused: it leaves the repository', () => {
    const root = repo({ 'requirements.txt': '-r zero.txt\n' });
    symlinkSync('/dev/zero', join(root, 'zero.txt'));
    // /dev/zero is outside the repository, which is checked first.
    expect(parse(root).errors[0]?.message).toBe(
      'cannot read zero.txt: refusing to read it: it resolves to a file outside the repository',
    );
  });

  test('-r of a socket is refused as not a regular file', async () => {
    const root = repo({ 'requirements.txt': '-r sock.txt\n' });
    const server = createServer();
    await new Promise<void>((done) => server.listen(join(root, 'sock.txt'), done));
    try {
      expect(parse(root).errors[0]?.message).toBe(
        'cannot read sock.txt: refusing to read it: it is a socket, not a regular file',
      );
    } finally {
      server.close();
    }
  });

  test('a symbolic link leaving the repository is refused; one inside it is followed', () => {
    const root = repo({
      'requirements.txt': '-r escape.txt\n-r inside.txt\n',
      'deps/real.txt': 'flask==3.0.0\n',
    });
    writeFileSync(join(root, '..', 'outside.txt'), 'django==5.0\n');
    symlinkSync(join(root, '..', 'outside.txt'), join(root, 'escape.txt'));
    symlinkSync('deps/real.txt', join(root, 'inside.txt'));
    const m = parse(root);
    expect(m.dependencies.map((d) => d.name)).toEqual(['flask']);
    expect(m.errors).toEqual([
      {
        file: 'requirements.txt',
        line: 1,
        message:
          'cannot read escape.txt: refusing to read it: it resolves to a file outside the repository',
      },
    ]);
  });

  test('nothing under .git/ is read: not by -r, not through a committed symbolic link', () => {
    const root = repo({
      '.git/config': GIT_CONFIG,
      'requirements.txt': '-r .git/config\n-r ./.GIT/config\n-r linked.txt\n',
    });
    symlinkSync('.git/config', join(root, 'linked.txt'));
    symlinkSync('.git/config', join(root, 'requirements-dev.txt'));
    const m = parse(root);
    expect(m.dependencies).toEqual([]);
    expect(m.errors.map((e) => `${e.line}: ${e.message}`)).toEqual([
      '1: refusing to read .git/config: files under .git/ are never read',
      '2: refusing to read ./.GIT/config: files under .git/ are never read',
      '3: cannot read linked.txt: refusing to read it: it resolves to a file under .git/',
    ]);
    expect(parse(root, 'requirements-dev.txt').errors[0]?.message).toBe(
      'refusing to read it: it resolves to a file under .git/',
    );
    expect(JSON.stringify([m, parse(root, 'requirements-dev.txt')])).not.toContain(CREDENTIAL);
  });

  test('a file over the size limit is refused before it is read, naming the limit', () => {
    const root = repo({ 'requirements.txt': '-r big.txt\n', 'big.txt': 'a'.repeat(2048) });
    const m = parse(root, 'requirements.txt', 1024);
    expect(m.errors[0]?.message).toBe(
      'cannot read big.txt: the file is larger than the 1 KB limit (max-file-size); it was not read',
    );
    expect(parse(root, 'requirements.txt', 4096).dependencies).toHaveLength(1); // "aaa…" is read
  });

  test('the policy limit reaches every manifest loaded from disk', async () => {
    const root = repo({ 'requirements.txt': `requests==2.32.3 ${' '.repeat(200)}\n` });
    const [m] = await loadManifests(
      [
        {
          absolutePath: join(root, 'requirements.txt'),
          path: 'requirements.txt',
          kind: 'requirements',
        },
      ],
      root,
      { maxFileBytes: 100 },
    );
    expect(m?.errors[0]?.message).toBe(
      'the file is larger than the 100 bytes limit (max-file-size); it was not read',
    );
  });
});

describe('a git revision (--base)', () => {
  test('a blob over the size limit is refused by its size, before it is read', () => {
    const root = repo({ 'requirements.txt': `requests==2.32.3\n# ${'x'.repeat(300)}\n` });
    rmSync(join(root, '.git'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: root });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    const small = gitTree(root, 'HEAD', 100);
    expect(small.read('requirements.txt')).toBeNull();
    expect(small.problem?.('requirements.txt')).toBe(
      'the file is larger than the 100 bytes limit (max-file-size); it was not read',
    );
    expect(gitTree(root, 'HEAD').read('requirements.txt')).not.toBeNull();
    expect(gitTree(root, 'HEAD').read('.git/config')).toBeNull();
  });
});

describe('error messages quote little, and never a file that is not a manifest', () => {
  test('an include not named like a requirements file: its bad lines are named, not quoted', () => {
    const root = repo({
      'requirements.txt': '-r settings.ini\n',
      'settings.ini': `flask==3.0.0\ntoken = ${CREDENTIAL}\n`,
    });
    const m = parse(root);
    expect(m.dependencies.map((d) => d.name)).toEqual(['flask']);
    expect(m.errors).toEqual([
      {
        file: 'settings.ini',
        line: 2,
        message:
          'not a valid requirements line (not quoted: settings.ini is included with -r/-c but is not named like a requirements file, .txt or .in)',
      },
    ]);
  });

  test('a bad line of a manifest is quoted in at most 80 characters, without controls', () => {
    const root = repo({
      'requirements.txt': `bad = \u001b[2J\u009b${'x'.repeat(200)}\u0007\u202e\n`,
    });
    const [error] = parse(root).errors;
    const quoted = /"([^"]*)"/.exec(error?.message ?? '')?.[1] ?? '';
    expect(quoted.length).toBeLessThanOrEqual(80);
    expect(quoted.startsWith('bad =  [2J xxx')).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(error?.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});

describe('the policy file', () => {
  test('pygovern.toml committed as a symbolic link to /dev/zero is refused, naming it', () => {
    const root = repo({});
    symlinkSync('/dev/zero', join(root, 'pygovern.toml'));
    const got = readPolicyFile(null, root);
    expect(got.overrides).toEqual({});
    expect(got.errors).toEqual([
      {
        file: 'pygovern.toml',
        line: null,
        message: 'refusing to read it: it resolves to a file outside the repository',
      },
    ]);
  });

  test('--config naming a device or a FIFO is refused as not a regular file', () => {
    const root = repo({});
    execFileSync('mkfifo', [join(root, 'policy.toml')]);
    expect(readPolicyFile('policy.toml', root).errors[0]?.message).toBe(
      'refusing to read it: it is a FIFO, not a regular file',
    );
    expect(readPolicyFile('/dev/zero', root).errors[0]?.message).toBe(
      'refusing to read it: it is a character device, not a regular file',
    );
  });

  test('max-file-size is read from the policy, in bytes or with a unit', () => {
    const root = repo({ 'pygovern.toml': 'max-file-size = "2 KB"\n' });
    expect(readPolicyFile(null, root).overrides.maxFileSize).toBe(2048);
    writeFileSync(join(root, 'pygovern.toml'), 'max-file-size = 0\n');
    expect(readPolicyFile(null, root).errors[0]?.message).toMatch(/"max-file-size" must be/);
  });
});
