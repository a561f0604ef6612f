import { describe, expect, test } from '@jest/globals';
import {
  logicalLines,
  parseRequirementsFile,
  shellSplit,
} from '../../src/manifests/requirements/parse.js';
import { memoryTree } from '../../src/manifests/source-tree.js';
import { relocate } from '../../src/discover/load.js';
import { depsJson } from '../../src/cli/commands/deps.js';

const parse = (
  files: Record<string, string | Uint8Array>,
  path = 'requirements.txt',
  root?: string,
) => parseRequirementsFile(path, memoryTree(files, root ?? null));
const one = (text: string) => parse({ 'requirements.txt': text });

describe('lines', () => {
  test('continuations join onto the first line, also into a comment', () => {
    expect(logicalLines('a \\\n  >=1 \\\n  # trailing\nb\n')).toEqual([
      { line: 1, text: 'a   >=1' },
      { line: 4, text: 'b' },
    ]);
  });
  test('# starts a comment only at the start or after whitespace', () => {
    expect(logicalLines('pkg @ https://x/y.whl#sha256=1 # c\n  # only\n')).toEqual([
      { line: 1, text: 'pkg @ https://x/y.whl#sha256=1' },
    ]);
  });
  test('CRLF, lone CR and a final line without newline', () => {
    expect(logicalLines('a\r\nb\rc')).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
      { line: 3, text: 'c' },
    ]);
  });
  test('shell splitting of options', () => {
    expect(shellSplit(`--hash=sha256:a -i 'x y' "q\\"r"`)).toEqual([
      '--hash=sha256:a',
      '-i',
      'x y',
      'q"r',
    ]);
    expect(shellSplit(`-i 'open`)).toBeNull();
  });
});

describe('requirements', () => {
  test('a BOM is not part of the first name', () => {
    const m = parse({
      'requirements.txt': new Uint8Array([
        0xef,
        0xbb,
        0xbf,
        ...new TextEncoder().encode('idna==3.4\n'),
      ]),
    });
    expect(m.dependencies.map((d) => [d.name, d.version])).toEqual([['idna', '3.4']]);
  });

  test('specifiers, extras, markers and exact pins', () => {
    const m = one(
      'Requests[socks,security] >= 2.0, <3 ; python_version < "3.10"\nfoo===1.0+local\nbar==1.2.*\nbaz == 2.0\n',
    );
    expect(m.errors).toEqual([]);
    const [requests, foo, bar, baz] = m.dependencies;
    expect(requests).toMatchObject({
      name: 'Requests',
      normalizedName: 'requests',
      extras: ['security', 'socks'],
      marker: 'python_version < "3.10"',
      version: null,
      line: 1,
    });
    expect(requests?.specifier.split(',').sort()).toEqual(['<3', '>=2.0']);
    expect(foo?.version).toBe('1.0+local');
    expect(bar?.version).toBeNull();
    expect(baz?.version).toBe('2.0');
  });

  test('global options are kept, --hash belongs to its requirement', () => {
    const m = one(
      [
        '--index-url https://user:secret@pypi.example/simple',
        '--extra-index-url=https://other.example/simple',
        '--pre',
        '--only-binary :all:',
        '--trusted-host pypi.example',
        'six==1.16.0 \\',
        '    --hash=sha256:aaa \\',
        '    --hash=sha256:bbb',
      ].join('\n'),
    );
    expect(m.errors).toEqual([]);
    expect(m.options.map((o) => [o.name, o.value, o.line])).toEqual([
      ['--index-url', 'https://***@pypi.example/simple', 1],
      ['--extra-index-url', 'https://other.example/simple', 2],
      ['--pre', null, 3],
      ['--only-binary', ':all:', 4],
      ['--trusted-host', 'pypi.example', 5],
    ]);
    expect(m.dependencies[0]).toMatchObject({
      name: 'six',
      line: 6,
      hashes: ['sha256:aaa', 'sha256:bbb'],
      source: { kind: 'registry', index: 'https://***@pypi.example/simple' },
    });
    expect(JSON.stringify(m)).not.toContain('secret');
  });

  test('a bad line is an error for that line only', () => {
    const m = one('good==1\nbad line here\nfoo=1.0\n--unknown-opt\nsix --hash=md5:x\nalso-good\n');
    expect(m.dependencies.map((d) => d.name)).toEqual(['good', 'also-good']);
    expect(m.errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
    expect(m.errors[1]?.message).toContain('did you mean ==?');
    expect(m.errors[2]?.message).toContain('no such option: --unknown-opt');
    expect(m.errors[3]?.message).toContain('--hash');
  });

  test('editables, URLs, wheels and paths are not registry dependencies', () => {
    const m = one(
      [
        '-e .[dev]',
        '-e git+https://github.com/o/proj.git@v1.2#egg=proj',
        '--editable ./libs/core',
        'pkg @ https://files.example/pkg-1.0.tar.gz',
        'https://files.example/wheel_pkg-2.1-py3-none-any.whl',
        './vendor/thing-1.0.tar.gz',
        'git+ssh://git@github.com/o/tool.git@main#egg=tool',
      ].join('\n'),
    );
    expect(m.errors).toEqual([]);
    expect(m.dependencies.map((d) => [d.name, d.editable, d.source.kind])).toEqual([
      ['.', true, 'path'],
      ['proj', true, 'git'],
      ['core', true, 'path'],
      ['pkg', false, 'url'],
      ['wheel_pkg', false, 'url'],
      ['thing-1.0', false, 'path'],
      ['tool', false, 'git'],
    ]);
    expect(m.dependencies[0]?.extras).toEqual(['dev']);
    expect(m.dependencies[1]?.source).toEqual({
      kind: 'git',
      url: 'git+https://github.com/o/proj.git',
      ref: 'v1.2',
    });
    expect(m.dependencies[4]?.specifier).toBe('==2.1');
  });

  test('-e of a VCS URL without #egg= is an error, as in pip 23', () => {
    const m = one('-e git+https://github.com/o/proj.git\n');
    expect(m.errors[0]?.message).toContain('#egg=');
  });

  test('${VAR} is expanded from the given environment only', () => {
    const m = parseRequirementsFile(
      'requirements.txt',
      memoryTree({ 'requirements.txt': 'pkg==${VERSION}\nother==${UNSET}\n' }),
      { env: { VERSION: '1.2' } },
    );
    expect(m.dependencies[0]?.version).toBe('1.2');
    expect(m.errors.map((e) => e.line)).toEqual([2]);
  });
});

describe('includes', () => {
  test('-r and -c in both spellings, relative to the including file', () => {
    const m = parse(
      {
        'requirements/dev.txt':
          '-r base.txt\n--requirement=../extra/more.in\n-c constraints.txt\npytest\n',
        'requirements/base.txt': 'flask\n',
        'requirements/constraints.txt': '--constraint ../pins.txt\nwerkzeug==3.0\n',
        'pins.txt': 'click==8.1\n',
        'extra/more.in': 'rich\n',
      },
      'requirements/dev.txt',
    );
    expect(m.errors).toEqual([]);
    expect(m.dependencies.map((d) => [d.name, d.file, d.line, d.constraint])).toEqual([
      ['flask', 'requirements/base.txt', 1, false],
      ['rich', 'extra/more.in', 1, false],
      ['click', 'pins.txt', 1, true],
      ['werkzeug', 'requirements/constraints.txt', 2, true],
      ['pytest', 'requirements/dev.txt', 4, false],
    ]);
  });

  test('cycles are reported, not followed forever', () => {
    const m = parse({ 'a.txt': '-r b.txt\nx\n', 'b.txt': '-r a.txt\ny\n' }, 'a.txt');
    expect(m.dependencies.map((d) => d.name)).toEqual(['y', 'x']);
    expect(m.errors).toEqual([
      { file: 'b.txt', line: 1, message: 'include cycle: a.txt → b.txt → a.txt' },
    ]);
  });

  test('includes outside the repository or over the network are refused', () => {
    const m = parse(
      {
        'requirements.txt':
          '-r ../../etc/passwd\n-r /etc/passwd\n-r https://evil.example/r.txt\n-c http://x/c.txt\n-r /repo/sub/ok.txt\n-r missing.txt\n',
        'sub/ok.txt': 'ok\n',
      },
      'requirements.txt',
      '/repo',
    );
    expect(m.dependencies.map((d) => d.name)).toEqual(['ok']);
    expect(m.errors.map((e) => [e.line, e.message.split(':')[0]])).toEqual([
      [1, 'refusing to read ../../etc/passwd'],
      [2, 'refusing to read /etc/passwd'],
      [3, 'refusing to read https'],
      [4, 'refusing to read http'],
      [6, 'cannot read missing.txt'],
    ]);
  });
});

describe('URL lines are named as pip names them, or not at all (issue 11 §8)', () => {
  test('#egg= is a requirement: the name, and its specifier', () => {
    const m = one(
      'git+https://github.com/edx/credentials-themes.git@0.5.6#egg=edx_credentials_themes==0.5.6\n' +
        '-e git+https://github.com/o/p.git#egg=thing[extra]>=2\n',
    );
    expect(m.errors).toEqual([]);
    expect(
      m.dependencies.map((d) => [d.name, d.normalizedName, d.specifier, d.extras, d.editable]),
    ).toEqual([
      ['edx_credentials_themes', 'edx-credentials-themes', '==0.5.6', [], false],
      ['thing', 'thing', '>=2', ['extra'], true],
    ]);
    expect(m.dependencies[0]?.source).toEqual({
      kind: 'git',
      url: 'git+https://github.com/edx/credentials-themes.git',
      ref: '0.5.6',
    });
  });

  test('a wheel or an sdist file name names the project; anything else is an input/unnamed-url notice', () => {
    const m = one(
      [
        'git+https://github.com/openedx/event-bus-redis.git@v0.5.0',
        'https://github.com/pallets/werkzeug/archive/refs/heads/main.tar.gz',
        'https://files.example/python-dateutil-2.8.2.tar.gz',
        'https://files.example/pkg/requests-2.32.3-py3-none-any.whl',
        'named @ https://github.com/o/named/archive/main.zip',
      ].join('\n'),
    );
    expect(m.errors).toEqual([]);
    expect(m.dependencies.map((d) => [d.name, d.specifier, d.line])).toEqual([
      ['python-dateutil', '==2.8.2', 3],
      ['requests', '==2.32.3', 4],
      ['named', '', 5],
    ]);
    expect(m.notices).toEqual([
      {
        rule: 'input/unnamed-url',
        file: 'requirements.txt',
        line: 1,
        message: expect.stringContaining('cannot be judged without building it'),
      },
      expect.objectContaining({ rule: 'input/unnamed-url', line: 2 }),
    ]);
  });

  test('notices are in the deps JSON and follow the manifest when its paths are remapped', () => {
    const m = relocate(
      parse({ 'requirements.txt': '-r sub/more.txt\n', 'sub/more.txt': 'git+https://h/o/p.git\n' }),
      (p) => `repo/${p}`,
    );
    expect(m.notices?.map((n) => `${n.file}:${String(n.line)}`)).toEqual(['repo/sub/more.txt:1']);
    expect(depsJson([m])).toMatchObject({
      manifests: [{ notices: [{ rule: 'input/unnamed-url', file: 'repo/sub/more.txt', line: 1 }] }],
    });
  });

  test('an #egg= that is not a requirement is an error at its line', () => {
    const m = one('git+https://github.com/o/p.git#egg=not a name!\n');
    expect(m.dependencies).toEqual([]);
    expect(m.errors).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringContaining('invalid #egg= fragment'),
      }),
    ]);
  });
});
