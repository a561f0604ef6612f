/** The policy file: every key validated with file and line; layers; what the CLI overrides. */
import { describe, expect, test } from '@jest/globals';
import { buildPolicy, policyFromFile } from '../../src/config/load-policy.js';
import { defaultPolicy } from '../../src/config/policy.js';

describe('[tool.pygovern] and pygovern.toml', () => {
  test('every documented key is read from pyproject.toml', () => {
    const { overrides, errors, found } = policyFromFile(
      'pyproject.toml',
      `[project]
name = "x"

[tool.pygovern]
fail-on = "warning"
scope = "all"
stale-after-months = 24
min-active-maintainers = 2
allow-licenses = ["MIT", "Apache-2.0 OR MIT"]
deny-licenses = ["AGPL-3.0-or-later"]
min-severity = "high"
python-version = ["3.11", "3.12"]
rules = { "license/copyleft" = "error", "python/eol-target" = "off" }

[[tool.pygovern.exceptions]]
package = "Legacy_Lib"
version = "1.2"
rule = "maintenance/no-recent-release"
reason = "vendored replacement planned, JIRA-123"
expires = 2027-03-01
`,
    );
    expect(errors).toEqual([]);
    expect(found).toBe(true);
    const policy = buildPolicy(overrides);
    expect(policy).toMatchObject({
      failOn: 'warning',
      scope: 'all',
      staleAfterMonths: 24,
      minActiveMaintainers: 2,
      allowLicenses: ['MIT', 'Apache-2.0 OR MIT'],
      denyLicenses: ['AGPL-3.0-or-later'],
      minSeverity: 'high',
      pythonVersions: ['3.11', '3.12'],
    });
    expect(policy.rules['license/copyleft']).toBe('error');
    expect(policy.rules['python/eol-target']).toBe('off');
    expect(policy.rules['license/not-osi']).toBe('error');
    expect(policy.exceptions).toEqual([
      {
        package: 'legacy-lib',
        version: '1.2',
        rule: 'maintenance/no-recent-release',
        reason: 'vendored replacement planned, JIRA-123',
        expires: '2027-03-01',
        file: 'pyproject.toml',
        line: 15,
      },
    ]);
  });

  test('conda-channels: channel name = repodata base URL; a mistake named at its line', () => {
    const ok = policyFromFile(
      'pygovern.toml',
      '[conda-channels]\nconda-forge = "https://conda.anaconda.org/conda-forge/"\n',
    );
    expect(ok.errors).toEqual([]);
    expect(buildPolicy(ok.overrides).condaChannels).toEqual({
      'conda-forge': 'https://conda.anaconda.org/conda-forge',
    });
    expect(defaultPolicy().condaChannels).toEqual({});
    const bad = policyFromFile(
      'pygovern.toml',
      '[conda-channels]\nconda-forge = "conda.anaconda.org"\nbioconda = "https://conda.anaconda.org/bioconda"\n',
    );
    expect(bad.errors).toEqual([
      expect.objectContaining({
        file: 'pygovern.toml',
        line: 2,
        message: expect.stringContaining(
          'channel "conda-forge" must be set to its repodata base URL',
        ),
      }),
    ]);
    expect(buildPolicy(bad.overrides).condaChannels).toEqual({
      bioconda: 'https://conda.anaconda.org/bioconda',
    });
    expect(policyFromFile('pygovern.toml', 'conda-channels = ["x"]\n').errors[0]?.line).toBe(1);
  });

  test('a pyproject.toml without [tool.pygovern] is not a policy', () => {
    expect(policyFromFile('pyproject.toml', '[project]\nname = "x"\n')).toMatchObject({
      overrides: {},
      errors: [],
      found: false,
    });
  });

  test('each bad key is named with its file and line, and the valid keys still apply', () => {
    const { overrides, errors } = policyFromFile(
      'pygovern.toml',
      `fail-on = "sometimes"
stale_after_months = 3
min-active-maintainers = -1
rules = { "license/nope" = "error", "license/unknown" = "fatal" }
allow-licenses = "MIT"
scope = "all"

[[exceptions]]
package = "x"

[[exceptions]]
package = "y"
reason = "ok"
expires = "next week"
`,
    );
    expect(errors.map((e) => `${e.file}:${String(e.line)}: ${e.message}`)).toEqual([
      expect.stringMatching(
        /^pygovern\.toml:2: unknown key "stale_after_months" in pygovern\.toml/,
      ),
      'pygovern.toml:1: "fail-on" must be one of "error", "warning", "never"',
      'pygovern.toml:3: "min-active-maintainers" must be a whole number of at least 0',
      'pygovern.toml:5: "allow-licenses" must be a list of SPDX licence ids or expressions',
      expect.stringMatching(/^pygovern\.toml:4: unknown rule "license\/nope" in "rules"/),
      'pygovern.toml:4: rule "license/unknown" must be set to "error", "warning", "notice" or "off"',
      'pygovern.toml:8: exception #1: "reason" is mandatory: say why the finding is accepted',
      'pygovern.toml:14: exception #2: "expires" must be a date YYYY-MM-DD',
    ]);
    expect(overrides.scope).toBe('all');
    expect(overrides.exceptions).toEqual([]);
  });

  test('a TOML syntax error is one error at its line', () => {
    const { errors } = policyFromFile('pygovern.toml', 'fail-on = "error"\nscope = \n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'pygovern.toml', line: 2 });
  });

  test('later layers win (file, then command line or action inputs), rules merge', () => {
    const file = { failOn: 'warning' as const, rules: { 'license/copyleft': 'error' as const } };
    const cli = { failOn: 'never' as const, rules: { 'license/unknown': 'off' as const } };
    const policy = buildPolicy(file, cli);
    expect(policy.failOn).toBe('never');
    expect(policy.rules['license/copyleft']).toBe('error');
    expect(policy.rules['license/unknown']).toBe('off');
    expect(buildPolicy()).toEqual(defaultPolicy());
  });
});

describe('maintenance velocity thresholds', () => {
  test('off by default; read as whole numbers of at least 1, a mistake named at its line', () => {
    expect(defaultPolicy()).toMatchObject({
      maxMedianIssueAgeDays: null,
      minReleasesPerYear: null,
    });
    const good = policyFromFile(
      'pygovern.toml',
      'max-median-issue-age-days = 180\nmin-releases-per-year = 2\n',
    );
    expect(good.errors).toEqual([]);
    expect(buildPolicy(good.overrides)).toMatchObject({
      maxMedianIssueAgeDays: 180,
      minReleasesPerYear: 2,
    });
    const bad = policyFromFile('pygovern.toml', 'fail-on = "error"\nmin-releases-per-year = 0\n');
    expect(bad.errors.map((e) => `${e.file}:${String(e.line)}: ${e.message}`)).toEqual([
      'pygovern.toml:2: "min-releases-per-year" must be a whole number of at least 1',
    ]);
  });
});

describe('the dependency tree settings', () => {
  test('transitive on and max-depth 10 by default; a mistake named at its line', () => {
    expect(defaultPolicy()).toMatchObject({ transitive: true, maxDepth: 10 });
    const good = policyFromFile('pygovern.toml', 'transitive = false\nmax-depth = 3\n');
    expect(good.errors).toEqual([]);
    expect(buildPolicy(good.overrides)).toMatchObject({ transitive: false, maxDepth: 3 });
    const bad = policyFromFile('pygovern.toml', 'transitive = "no"\nmax-depth = 0\n');
    expect(bad.errors.map((e) => `${e.file}:${String(e.line)}: ${e.message}`)).toEqual([
      'pygovern.toml:1: "transitive" must be true or false',
      'pygovern.toml:2: "max-depth" must be a whole number of at least 1',
    ]);
  });
});
