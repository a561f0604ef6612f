import { describe, expect, test } from '@jest/globals';
import { parseCondaSpec } from '../../src/manifests/conda.js';
import { parseManifest } from '../../src/manifests/formats.js';
import { memoryTree } from '../../src/manifests/source-tree.js';
import { manifestKindOf } from '../../src/manifests/formats.js';

const parse = (text: string, extra: Record<string, string> = {}) =>
  parseManifest(
    'env/environment.yml',
    'conda',
    memoryTree({ 'env/environment.yml': text, ...extra }),
  );

describe('Conda match specs', () => {
  test.each([
    ['numpy', { name: 'numpy', channel: null, specifier: '', version: null }],
    ['numpy=1.26', { name: 'numpy', channel: null, specifier: '==1.26.*', version: null }],
    ['numpy==1.26.4', { name: 'numpy', channel: null, specifier: '==1.26.4', version: '1.26.4' }],
    ['numpy 1.26.*', { name: 'numpy', channel: null, specifier: '==1.26.*', version: null }],
    ['numpy 1.26.4', { name: 'numpy', channel: null, specifier: '==1.26.4', version: '1.26.4' }],
    ['numpy 1.26.4 py311h64a7726_0', { name: 'numpy', specifier: '==1.26.4', version: '1.26.4' }],
    [
      'libblas=3.9.0=20_linux64_openblas',
      { name: 'libblas', specifier: '==3.9.0', version: '3.9.0' },
    ],
    ['numpy=1.26.*=py311*', { name: 'numpy', specifier: '==1.26.*', version: null }],
    ['python>=3.10', { name: 'python', specifier: '>=3.10', version: null }],
    ['numpy >=1.22,<2', { name: 'numpy', specifier: '>=1.22,<2', version: null }],
    ['conda-forge::pandas', { name: 'pandas', channel: 'conda-forge', specifier: '' }],
    [
      'conda-forge/linux-64::pandas>=2',
      { name: 'pandas', channel: 'conda-forge', specifier: '>=2' },
    ],
    ["pandas[version='>=1.0']", { name: 'pandas', specifier: '' }],
  ])('%s', (text, expected) => {
    expect(parseCondaSpec(text)).toMatchObject(expected);
  });

  test('text that is no match spec is refused', () => {
    expect(parseCondaSpec('::')).toBeNull();
    expect(parseCondaSpec('numpy 1 2 3')).toBeNull();
  });
});

describe('environment.yml', () => {
  test('is the kind conda by name', () => {
    expect(manifestKindOf('a/environment.yml')).toBe('conda');
    expect(manifestKindOf('environment.yaml')).toBe('conda');
  });

  test('Conda packages with their channel, pip lines at their real lines, python as target', async () => {
    const m = await parse(
      [
        'name: demo', // 1
        'channels: [conda-forge]', // 2
        'dependencies:', // 3
        '  - python=3.11', // 4
        '  - conda-forge::numpy=1.26', // 5
        '  - pip', // 6
        '  - pip:', // 7
        '    # pinned for the API', // 8
        '    - requests==2.31.0', // 9
        '    - -r ../requirements-extra.txt', // 10
        '    - "not valid!"', // 11
        '',
      ].join('\n'),
      { 'requirements-extra.txt': 'click==8.1.7\n' },
    );
    expect(m.kind).toBe('conda');
    expect(m.requiresPython).toBe('==3.11.*');
    expect(m.requiresPythonLine).toBe(4);
    expect(m.dependencies.map((d) => [d.name, d.source, d.file, d.line])).toEqual([
      ['numpy', { kind: 'conda', channel: 'conda-forge' }, 'env/environment.yml', 5],
      ['pip', { kind: 'conda', channel: null }, 'env/environment.yml', 6],
      ['requests', { kind: 'registry', index: null }, 'env/environment.yml', 9],
      ['click', { kind: 'registry', index: null }, 'requirements-extra.txt', 1],
    ]);
    expect(m.errors).toEqual([expect.objectContaining({ file: 'env/environment.yml', line: 11 })]);
    expect(m.notices?.map((n) => [n.rule, n.line])).toEqual([
      ['input/conda-not-judged', 5],
      ['input/conda-not-judged', 6],
    ]);
  });

  test('channels are recorded in order with their lines; a wrong shape is an error', async () => {
    const m = await parse(
      'channels:\n  - conda-forge\n  - https://conda.example/internal\n  - {x: 1}\ndependencies: [numpy]\n',
    );
    expect(m.condaChannels).toEqual([
      { name: 'conda-forge', line: 2 },
      { name: 'https://conda.example/internal', line: 3 },
    ]);
    expect(m.errors).toEqual([
      expect.objectContaining({ line: 4, message: 'a channel must be a name or a URL' }),
    ]);
    expect((await parse('channels: defaults\n')).errors[0]?.message).toBe(
      '`channels` must be a list',
    );
  });

  test('malformed YAML is an error at its line', async () => {
    const m = await parse('name: x\ndependencies:\n  - numpy\n  - [unclosed\n');
    expect(m.dependencies).toEqual([]);
    expect(m.errors).toHaveLength(1);
    expect(m.errors[0]?.file).toBe('env/environment.yml');
    expect(m.errors[0]?.line).toBeGreaterThanOrEqual(4);
    expect(m.errors[0]?.message).toMatch(/^invalid YAML/);
  });

  test('a wrong shape is an error naming the line, the rest still read', async () => {
    const m = await parse('dependencies:\n  - numpy\n  - {foo: bar}\n  - 12: x\n  - scipy\n');
    expect(m.dependencies.map((d) => d.name)).toEqual(['numpy', 'scipy']);
    expect(m.errors.map((e) => e.line)).toEqual([3, 4]);
  });

  test('aliases are never expanded', async () => {
    const m = await parse('x: &a [numpy]\ndependencies:\n  - *a\n  - scipy\n');
    expect(m.dependencies.map((d) => d.name)).toEqual(['scipy']);
    expect(m.errors.map((e) => e.line)).toEqual([3]);
  });

  test('pip entries sharing a line (a flow list) are all read', async () => {
    const m = await parse('dependencies:\n  - pip: [requests==2.31.0, flask>=2]\n');
    expect(m.dependencies.map((d) => [d.name, d.line])).toEqual([
      ['requests', 2],
      ['flask', 2],
    ]);
  });

  test('nesting past the limits is refused at its line before the YAML parser sees it', async () => {
    const deep = await parse(`name: x\ndependencies:\n  ${'- '.repeat(50_000)}numpy\n`);
    expect(deep.errors).toEqual([
      expect.objectContaining({
        file: 'env/environment.yml',
        line: 3,
        message: expect.stringMatching(/nested deeper/),
      }),
    ]);
    const flow = await parse(`dependencies: ${'['.repeat(1000)}\n`);
    expect(flow.errors.map((e) => e.line)).toEqual([1]);
  });

  test('at most 50 pip requirements share a line; the others are reported', async () => {
    const items = Array.from({ length: 60 }, (_, i) => `p${String(i)}==1`).join(', ');
    const m = await parse(`dependencies:\n  - pip: [${items}]\n`);
    expect(m.dependencies).toHaveLength(50);
    expect(m.errors).toHaveLength(10);
    expect(m.errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/one line/) });
  });
});
