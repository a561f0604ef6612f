/** The base policy against the head's: every relaxation and tightening, at its line. */
import { describe, expect, test } from '@jest/globals';
import { buildPolicy, policyFromFile } from '../../src/config/load-policy.js';
import { defaultPolicy } from '../../src/config/policy.js';
import { comparePolicies, defaultsSide, type PolicySide } from '../../src/config/policy-diff.js';

function side(file: string, text: string): PolicySide {
  const loaded = policyFromFile(file, text);
  expect(loaded.errors).toEqual([]);
  return { file, policy: buildPolicy(loaded.overrides), lineOf: loaded.lineOf };
}

const kinds = (base: PolicySide, head: PolicySide) =>
  comparePolicies(base, head).map((c) => [c.kind, c.key, c.line]);

describe('comparePolicies', () => {
  test('the same policy is no change', () => {
    const text = 'fail-on = "warning"\nrules = { "license/copyleft" = "error" }\n';
    expect(comparePolicies(side('pygovern.toml', text), side('pygovern.toml', text))).toEqual([]);
  });

  test.each([
    [
      'a rule turned off',
      'rules = { "license/source-available" = "off" }',
      'rules.license/source-available',
    ],
    ['a rule lowered', 'rules = { "license/not-osi" = "warning" }', 'rules.license/not-osi'],
    ['fail-on never', 'fail-on = "never"', 'fail-on'],
    ['stale-after-months raised', 'stale-after-months = 60', 'stale-after-months'],
    ['min-active-maintainers lowered', 'min-active-maintainers = 1', 'min-active-maintainers'],
    ['min-severity raised', 'min-severity = "critical"', 'min-severity'],
    ['max-file-size lowered', 'max-file-size = "1 KB"', 'max-file-size'],
    ['python-version set', 'python-version = ["3.13"]', 'python-version'],
    ['an index trusted', 'trusted-indexes = ["https://evil.example/simple"]', 'trusted-indexes+'],
    [
      'a Conda channel trusted',
      'conda-channels = { conda-forge = "https://evil.example/conda-forge" }',
      'conda-channels.conda-forge',
    ],
    ['the dependency tree turned off', 'transitive = false', 'transitive'],
    ['max-depth lowered', 'max-depth = 2', 'max-depth'],
  ])('%s is a relaxation at the line of its key', (_what, line, key) => {
    const base = side('pygovern.toml', '# policy\nscope = "changed"\n');
    const head = side('pygovern.toml', `# policy\nscope = "changed"\n${line}\n`);
    expect(kinds(base, head)).toEqual([['relaxation', key, 3]]);
  });

  test('velocity thresholds: max-median-issue-age-days raised or removed and min-releases-per-year lowered or removed relax', () => {
    const strict = side(
      'pygovern.toml',
      'max-median-issue-age-days = 90\nmin-releases-per-year = 4\n',
    );
    const loose = side(
      'pygovern.toml',
      'max-median-issue-age-days = 365\nmin-releases-per-year = 1\n',
    );
    const off = side('pygovern.toml', '# none\n');
    expect(kinds(strict, loose)).toEqual([
      ['relaxation', 'max-median-issue-age-days', 1],
      ['relaxation', 'min-releases-per-year', 2],
    ]);
    expect(kinds(loose, strict)).toEqual([
      ['tightening', 'max-median-issue-age-days', 1],
      ['tightening', 'min-releases-per-year', 2],
    ]);
    expect(kinds(strict, off).map((c) => [c[0], c[1]])).toEqual([
      ['relaxation', 'max-median-issue-age-days'],
      ['relaxation', 'min-releases-per-year'],
    ]);
    expect(kinds(off, loose).map((c) => c[0])).toEqual(['tightening', 'tightening']);
  });

  test('scope narrowed from all to changed is a relaxation; widened is a tightening', () => {
    const all = side('pygovern.toml', 'scope = "all"\n');
    const changed = side('pygovern.toml', 'scope = "changed"\n');
    expect(kinds(all, changed)).toEqual([['relaxation', 'scope', 1]]);
    expect(kinds(changed, all)).toEqual([['tightening', 'scope', 1]]);
  });

  test('licence lists: an allow list widened or removed, a deny list narrowed, relax', () => {
    const base = side(
      'pygovern.toml',
      'allow-licenses = ["MIT"]\ndeny-licenses = ["AGPL-3.0-only", "SSPL-1.0"]\n',
    );
    const head = side(
      'pygovern.toml',
      'allow-licenses = ["MIT", "BUSL-1.1"]\ndeny-licenses = ["AGPL-3.0-only"]\n',
    );
    const changes = comparePolicies(base, head);
    expect(changes.map((c) => [c.kind, c.key, c.line])).toEqual([
      ['relaxation', 'allow-licenses+', 1],
      ['relaxation', 'deny-licenses-', 2],
    ]);
    expect(changes[0]?.message).toContain('"BUSL-1.1"');
    expect(changes[1]?.message).toContain('"SSPL-1.0"');
    const removed = side('pygovern.toml', 'deny-licenses = ["AGPL-3.0-only", "SSPL-1.0"]\n');
    expect(kinds(base, removed)).toEqual([['relaxation', 'allow-licenses', null]]);
  });

  test('exceptions: a new one, one widened to every rule, one extended, all relax and say when they apply', () => {
    const base = side(
      'pygovern.toml',
      `[[exceptions]]
package = "old"
rule = "license/copyleft"
reason = "reviewed"
expires = 2027-01-01
`,
    );
    const head = side(
      'pygovern.toml',
      `[[exceptions]]
package = "old"
reason = "reviewed"
expires = 2027-01-01

[[exceptions]]
package = "busl-lib"
rule = "license/source-available"
reason = "we like it"
`,
    );
    const changes = comparePolicies(base, head);
    expect(changes.map((c) => [c.kind, c.key, c.line])).toEqual([
      ['relaxation', 'exceptions.old|*|*', 1],
      ['relaxation', 'exceptions.busl-lib|*|license/source-available', 6],
    ]);
    expect(changes[0]?.message).toContain('widened');
    expect(changes[1]?.message).toBe(
      'an exception for busl-lib (license/source-available) is added with no expiry (reason: "we like it"); it applies once merged',
    );

    const later = side(
      'pygovern.toml',
      `[[exceptions]]
package = "old"
rule = "license/copyleft"
reason = "reviewed"
expires = 2028-01-01
`,
    );
    const extended = comparePolicies(base, later);
    expect(extended.map((c) => c.kind)).toEqual(['relaxation']);
    expect(extended[0]?.message).toContain('extended from 2027-01-01 to 2028-01-01');
  });

  test('tightenings: a rule raised, fail-on warning, a removed exception, a smaller threshold', () => {
    const base = side(
      'pygovern.toml',
      `stale-after-months = 24
[[exceptions]]
package = "old"
reason = "reviewed"
`,
    );
    const head = side(
      'pygovern.toml',
      'fail-on = "warning"\nstale-after-months = 12\nrules = { "license/copyleft" = "error" }\n',
    );
    expect(comparePolicies(base, head).map((c) => [c.kind, c.key])).toEqual([
      ['tightening', 'fail-on'],
      ['tightening', 'stale-after-months'],
      ['tightening', 'rules.license/copyleft'],
      ['tightening', 'exceptions-.old|*|*'],
    ]);
  });

  test('a new policy file is a change: a relaxation when it relaxes anything', () => {
    const head = side('pygovern.toml', 'fail-on = "never"\n');
    const changes = comparePolicies(defaultsSide(defaultPolicy()), head);
    expect(changes.map((c) => [c.kind, c.key, c.file, c.line])).toEqual([
      ['relaxation', 'file', 'pygovern.toml', 1],
      ['relaxation', 'fail-on', 'pygovern.toml', 1],
    ]);
    expect(changes[0]?.message).toBe('the policy file pygovern.toml is added');
    const strict = side('pygovern.toml', 'fail-on = "warning"\n');
    expect(comparePolicies(defaultsSide(defaultPolicy()), strict).map((c) => c.kind)).toEqual([
      'tightening',
      'tightening',
    ]);
  });

  test('a pygovern.toml that replaces [tool.pygovern] of pyproject.toml is compared key by key', () => {
    const base = side('pyproject.toml', '[project]\nname = "x"\n[tool.pygovern]\nscope = "all"\n');
    const head = side('pygovern.toml', 'fail-on = "error"\n');
    expect(kinds(base, head)).toEqual([
      ['relaxation', 'file', 1],
      ['relaxation', 'scope', null],
    ]);
  });

  test('a policy file removed by the change: its relaxations point at the file it was', () => {
    const base = side('pygovern.toml', 'fail-on = "warning"\n');
    const changes = comparePolicies(base, defaultsSide(defaultPolicy()));
    expect(changes.map((c) => [c.kind, c.key, c.file, c.line])).toEqual([
      ['relaxation', 'file', 'pygovern.toml', null],
      ['relaxation', 'fail-on', 'pygovern.toml', null],
    ]);
  });
});
