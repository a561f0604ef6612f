import { describe, expect, test } from '@jest/globals';
import { parseSetupCfg } from '../../src/manifests/setup-cfg.js';

// setuptools 65 (read_configuration) reads this as install_requires = ['requests>=2.0',
// 'importlib-metadata; python_version < "3.10"', 'click'], extras {'docs': ['sphinx>=7',
// 'furo'], 'test': ['pytest']}, python_requires '>=3.8'.
const SETUP_CFG = `[metadata]
name = demo

[options]
python_requires = >=3.8
# a comment line
install_requires =
    requests>=2.0
    # commented out
    importlib-metadata; python_version < "3.10"
    click

[options.extras_require]
Docs = sphinx>=7; furo
test =
    pytest
`;

describe('setup.cfg', () => {
  test('reads install_requires, extras_require and python_requires as setuptools does', () => {
    const m = parseSetupCfg('setup.cfg', SETUP_CFG);
    expect(m.errors).toEqual([]);
    expect(m.requiresPython).toBe('>=3.8');
    expect(m.dependencies.map((d) => [d.name, d.specifier, d.marker, d.group, d.line])).toEqual([
      ['requests', '>=2.0', null, 'main', 8],
      ['importlib-metadata', '', 'python_version < "3.10"', 'main', 10],
      ['click', '', null, 'main', 11],
      ['sphinx', '>=7', null, 'optional:docs', 14],
      ['furo', '', null, 'optional:docs', 14],
      ['pytest', '', null, 'optional:test', 16],
    ]);
  });

  test('a bad requirement is an error at its line, the others are kept', () => {
    const m = parseSetupCfg('setup.cfg', '[options]\ninstall_requires =\n    good\n    bad req!\n');
    expect(m.dependencies.map((d) => d.name)).toEqual(['good']);
    expect(m.errors.map((e) => e.line)).toEqual([4]);
  });

  test('file: directives are reported, not followed silently', () => {
    const m = parseSetupCfg('setup.cfg', '[options]\ninstall_requires = file: requirements.txt\n');
    expect(m.errors[0]?.message).toContain('file: requirements.txt');
  });
});
