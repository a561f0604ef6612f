/** Each rule, table-driven, with its boundaries. Facts are built, "today" is given. */
import { describe, expect, test } from '@jest/globals';
import { judge } from '../../src/checks/judge.js';
import { maintenanceFindings, monthsBefore } from '../../src/checks/maintenance.js';
import {
  admitsPython,
  dependencyPythonFindings,
  eolTargetFindings,
  markerAdmitsPython,
} from '../../src/checks/python.js';
import type { CheckContext } from '../../src/checks/types.js';
import { vulnerabilityFindings } from '../../src/checks/vulnerability.js';
import { PYTHON_RELEASES } from '../../src/facts/python-eol.js';
import { parseMarker } from '../../src/pep508/marker.js';
import { advisory, context, manifest, report, type FactsSpec } from './builders.js';

const rules = (findings: { rule: string }[]) => findings.map((f) => f.rule).sort();
const python = (v: string) => {
  const r = PYTHON_RELEASES.find((p) => p.version === v);
  if (r === undefined) throw new Error(v);
  return r;
};

describe('maintenance', () => {
  test.each([
    ['2026-11-24', 18, '2025-05-24'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2024-03-31', 1, '2024-02-29'],
    ['2026-01-15', 13, '2024-12-15'],
  ])('%s minus %i months is %s', (today, months, expected) => {
    expect(monthsBefore(today, months)).toBe(expected);
  });

  // today 2026-11-24, 18 months: the cutoff is 2025-05-24; a release that day is not stale.
  test.each([
    ['released exactly 18 months ago', '2025-05-24', 2, []],
    ['released a day before that', '2025-05-23', 3, ['maintenance/no-recent-release']],
    ['stale with 2 active maintainers', '2025-05-23', 2, ['maintenance/continuity-risk']],
    ['stale with exactly 3 maintainers', '2024-01-01', 3, ['maintenance/no-recent-release']],
    ['fresh with 0 maintainers', '2026-06-01', 0, []],
  ])('%s', (_, date, maintainers, expected) => {
    const r = report('lib', {
      releases: { '1.0.0': date },
      repository: { activeMaintainers: maintainers },
    });
    expect(rules(maintenanceFindings(context([r])))).toEqual(expected);
  });

  test('with continuity-risk off, the staleness warning stands in for it', () => {
    const r = report('lib', {
      releases: { '1.0.0': '2020-01-01' },
      repository: { activeMaintainers: 1 },
    });
    const ctx = context([r], { policy: { rules: { 'maintenance/continuity-risk': 'off' } } });
    expect(rules(judge(ctx, null).findings)).toEqual(['maintenance/no-recent-release']);
  });

  test('the newest upload counts, and yanked releases do not', () => {
    const r = report('lib', {
      releases: { '1.0.0': '2020-01-01', '1.1.0': '2026-09-01', '0.9.9': '2021-01-01' },
      yankedReleases: ['1.1.0'],
      repository: { activeMaintainers: 1 },
    });
    const [risk] = maintenanceFindings(context([r]));
    expect(risk?.rule).toBe('maintenance/continuity-risk');
    expect(risk?.message).toContain('no release since 0.9.9 on 2021-01-01');
    expect(risk?.message).toContain('1 active maintainer (commit authors');
  });

  test('with the maintainer count unknown the continuity risk is not guessed', () => {
    const r = report('lib', {
      releases: { '1.0.0': '2020-01-01' },
      repository: 'missing',
    });
    const findings = maintenanceFindings(context([r]));
    expect(rules(findings)).toEqual(['maintenance/no-recent-release']);
    expect(findings[0]?.message).toMatch(/could not be counted \(GitHub: no token\)/);
  });

  test('without a repository, PyPI ownership roles count and are named as such', () => {
    const r = report('lib', {
      releases: { '1.0.0': '2020-01-01' },
      repository: null,
      ownershipRoles: 1,
    });
    const risk = maintenanceFindings(context([r])).find(
      (f) => f.rule === 'maintenance/continuity-risk',
    );
    expect(risk?.message).toContain('1 maintainer listed on PyPI');
  });

  test.each([
    [{ yanked: true, yankedReason: 'broken wheel' }, 'maintenance/yanked', /yanked.*broken wheel/],
    [{ repository: { archived: true } }, 'maintenance/archived', /archived/],
    [
      { status: { status: 'quarantined' as const, reason: 'malware' } },
      'maintenance/project-status',
      /quarantined: malware/,
    ],
    [
      { status: { status: 'deprecated' as const, reason: null } },
      'maintenance/project-status',
      /deprecated/,
    ],
  ])('%j gives %s', (spec, rule, message) => {
    const findings = maintenanceFindings(context([report('lib', spec)]));
    expect(rules(findings)).toEqual([rule]);
    expect(findings[0]?.message).toMatch(message);
  });

  test('an active status and a live repository give nothing', () => {
    const r = report('lib', { status: { status: 'active', reason: null } });
    expect(maintenanceFindings(context([r]))).toEqual([]);
  });

  test('a yanked version points at the next release that is not yanked', () => {
    const r = report('lib', {
      version: '1.0.0',
      yanked: true,
      releases: { '1.0.1': '2026-02-01', '1.0.2': '2026-03-01' },
      yankedReleases: ['1.0.1'],
    });
    expect(maintenanceFindings(context([r]))[0]?.fix).toBe('Move to lib 1.0.2.');
  });
});

describe('python', () => {
  test.each([
    ['>=3.8', '3.8', true],
    ['>=3.8.1', '3.8', true],
    ['<3.8.5', '3.8', true],
    ['>=3.9', '3.8', false],
    ['!=3.8.*', '3.8', false],
    ['==2.7.*', '2.7', true],
    ['>=3.10,<4', '3.9', false],
  ])('%s admits Python %s: %s', (spec, version, expected) => {
    expect(admitsPython(spec, python(version))).toBe(expected);
  });

  const project = (requiresPython: string) =>
    manifest('pyproject.toml', { requiresPython, requiresPythonLine: 4 });

  test.each([
    ['>=3.11', '2026-11-24', null],
    ['>=3.10', '2026-10-30', null],
    // 3.10's end of life is "2026-10": the last day of the month is its first dead day.
    ['>=3.10', '2026-10-31', '3.10'],
    ['>=3.9', '2026-11-24', '3.9, 3.10'],
    ['>=3.8,<3.10', '2026-11-24', '3.8, 3.9'],
  ])('requires-python %s on %s: past end of life %s', (spec, today, dead) => {
    const findings = eolTargetFindings(context([], { today, manifests: [project(spec)] }));
    if (dead === null) expect(findings).toEqual([]);
    else {
      expect(findings).toHaveLength(1);
      expect(findings[0]?.message).toContain(`admits Python ${dead}, past end of life`);
      expect(findings[0]?.line).toBe(4);
    }
  });

  test.each([
    ['>=3.10', null, ['python/incompatible']],
    ['>=3.9', null, []],
    ['>=3.10', 'python_version >= "3.10"', []],
    ['>=3.10', 'python_version >= "3.10" and sys_platform == "linux"', []],
    ['>=3.10', 'sys_platform == "win32"', ['python/incompatible']],
    ['<3', null, ['python/eol-only', 'python/incompatible']],
    ['>=2.7,<3.8', null, ['python/eol-only', 'python/incompatible']],
    ['>=3.6', null, []],
    ['not a specifier', null, []],
  ])('dependency Requires-Python %s with marker %s', (requires, marker, expected) => {
    const r = report('lib', { requiresPython: requires }, { marker });
    const ctx = context([r], { manifests: [project('>=3.9')] });
    expect(rules(dependencyPythonFindings(ctx))).toEqual(expected);
  });

  test('incompatible names the excluded Pythons and where the targets come from', () => {
    const r = report('lib', { requiresPython: '>=3.12' });
    const [f] = dependencyPythonFindings(context([r], { manifests: [project('>=3.10')] }));
    expect(f?.message).toBe(
      'lib 1.0.0 requires Python ">=3.12", which excludes Python 3.10, 3.11 that the project targets (requires-python ">=3.10" in pyproject.toml).',
    );
  });

  test('a lock without requires-python takes the targets of the pyproject beside it; python-version overrides', () => {
    const r = report('lib', { requiresPython: '>=3.12' }, { file: 'svc/uv.lock' });
    const manifests = [
      manifest('svc/pyproject.toml', { requiresPython: '>=3.11' }),
      manifest('svc/uv.lock', { kind: 'uv.lock' }),
    ];
    expect(rules(dependencyPythonFindings(context([r], { manifests })))).toEqual([
      'python/incompatible',
    ]);
    const forced = context([r], { manifests, policy: { pythonVersions: ['3.12', '3.13'] } });
    expect(dependencyPythonFindings(forced)).toEqual([]);
  });

  test('a uv.lock version locked for newer Pythons only is not incompatible with older targets', () => {
    const forked = report(
      'sphinx',
      { version: '8.2.3', requiresPython: '>=3.11' },
      {
        file: 'uv.lock',
        marker: 'python_full_version >= "3.12" or python_full_version == "3.11.*"',
      },
    );
    const older = report(
      'sphinx',
      { version: '8.1.3', requiresPython: '>=3.10' },
      { file: 'uv.lock', marker: 'python_full_version < "3.11"' },
    );
    const manifests = [
      manifest('pyproject.toml', { requiresPython: '>=3.10' }),
      manifest('uv.lock', { kind: 'uv.lock' }),
    ];
    expect(dependencyPythonFindings(context([forked, older], { manifests }))).toEqual([]);
  });

  test('markers: only the Python variables are known', () => {
    const m = (t: string) => {
      const p = parseMarker(t);
      if (!p.ok) throw new Error(t);
      return p.value;
    };
    expect(markerAdmitsPython(m('python_version < "3.10"'), python('3.9'))).toBe(true);
    expect(markerAdmitsPython(m('python_version < "3.10"'), python('3.11'))).toBe(false);
    expect(markerAdmitsPython(m('python_full_version >= "3.9.2"'), python('3.9'))).toBe(true);
    expect(
      markerAdmitsPython(m('os_name == "nt" or python_version >= "3.12"'), python('3.9')),
    ).toBe(true);
    expect(
      markerAdmitsPython(m('os_name == "nt" and python_version >= "3.12"'), python('3.9')),
    ).toBe(false);
  });
});

describe('vulnerabilities', () => {
  const vulnerable = (advisories: FactsSpec['advisories']) =>
    report('lib', { version: '1.2.0', advisories });

  test('one finding per advisory, with CVE aliases, severity and the lowest fixed version', () => {
    const r = vulnerable([
      advisory('GHSA-aaaa', { aliases: ['CVE-2026-1', 'PYSEC-1'], fixedIn: ['1.2.5', '1.3.0'] }),
      advisory('GHSA-bbbb', {
        severity: { level: 'unknown', score: null, vector: null, database: null },
      }),
    ]);
    const findings = vulnerabilityFindings(context([r]));
    expect(findings.map((f) => [f.key, f.fix])).toEqual([
      ['GHSA-aaaa', 'Upgrade lib to 1.2.5 or later.'],
      [
        'GHSA-bbbb',
        'No fixed version is known: replace the dependency or accept the risk with an exception.',
      ],
    ]);
    expect(findings[0]?.message).toBe(
      'lib 1.2.0 is affected by GHSA-aaaa (CVE-2026-1), high (CVSS 7.5): GHSA-aaaa summary',
    );
  });

  test.each([
    [null, ['low', 'medium', 'critical', 'unknown']],
    ['moderate', ['medium', 'critical', 'unknown']],
    ['high', ['critical', 'unknown']],
    ['critical', ['critical', 'unknown']],
  ] as const)('min-severity %s keeps %j', (minimum, kept) => {
    const levels = ['low', 'medium', 'critical', 'unknown'] as const;
    const r = vulnerable(
      levels.map((level) =>
        advisory(level, { severity: { level, score: null, vector: null, database: null } }),
      ),
    );
    const ctx = context([r], { policy: { minSeverity: minimum } });
    expect(vulnerabilityFindings(ctx).map((f) => f.key)).toEqual(kept);
  });
});

describe('judging with the policy', () => {
  const stale = () =>
    report('old-lib', {
      releases: { '1.0.0': '2020-01-01' },
      repository: { activeMaintainers: 9 },
    });

  test('rule settings change severities and "off" removes a rule', () => {
    const ctx = context([stale()], {
      policy: { rules: { 'maintenance/no-recent-release': 'error' } },
    });
    expect(judge(ctx, null).findings.map((f) => [f.rule, f.severity])).toEqual([
      ['maintenance/no-recent-release', 'error'],
    ]);
    const off = context([stale()], {
      policy: { rules: { 'maintenance/no-recent-release': 'off' } },
    });
    expect(judge(off, null).findings).toEqual([]);
  });

  test.each([
    ['error', 'warning only', 'pass'],
    ['warning', 'warning only', 'fail'],
    ['never', 'warning only', 'pass'],
  ] as const)('fail-on %s with a %s: %s', (failOn, _, outcome) => {
    expect(judge(context([stale()], { policy: { failOn } }), null).outcome).toBe(outcome);
  });

  const exception = (overrides: Record<string, unknown>) => ({
    package: 'vuln-lib',
    version: null,
    rule: null,
    reason: 'reviewed: not reachable',
    expires: null,
    file: 'pyproject.toml',
    line: 30,
    ...overrides,
  });
  const vulnerableLib = () =>
    report('Vuln_Lib', { version: '2.0', advisories: [advisory('GHSA-x')] });

  test('an exception accepts a finding, which then neither counts nor fails', () => {
    const ctx = context([vulnerableLib()], {
      policy: { exceptions: [exception({ rule: 'vulnerability/known', expires: '2026-12-01' })] },
    });
    const verdict = judge(ctx, null);
    expect(verdict.outcome).toBe('pass');
    expect(verdict.counts.error).toBe(0);
    expect(verdict.findings[0]?.exception).toEqual({
      reason: 'reviewed: not reachable',
      expires: '2026-12-01',
      file: 'pyproject.toml',
      line: 30,
    });
  });

  test('an expired exception stops applying and is reported; one matching nothing is unused', () => {
    const ctx = context([vulnerableLib()], {
      policy: {
        exceptions: [
          exception({ expires: '2026-11-24' }),
          exception({ package: 'gone-lib' }),
          exception({ version: '1.0' }),
        ],
      },
    });
    const verdict = judge(ctx, null);
    expect(verdict.outcome).toBe('fail');
    expect(verdict.findings.map((f) => [f.rule, f.severity, f.exception === null])).toEqual([
      ['vulnerability/known', 'error', true],
      ['policy/expired-exception', 'warning', true],
      ['policy/unused-exception', 'notice', true],
      ['policy/unused-exception', 'notice', true],
    ]);
    expect(verdict.findings.map((f) => f.package)).toEqual([
      'Vuln_Lib',
      'vuln-lib',
      'gone-lib',
      'vuln-lib',
    ]);
    expect(verdict.findings[1]?.message).toBe(
      'The exception for vuln-lib expired on 2026-11-24, so its finding counts again.',
    );
  });

  test('with a base, findings already present are not introduced, and scope decides', () => {
    const head = context([vulnerableLib(), stale()]);
    const baseLib = report('vuln-lib', { version: '1.9', advisories: [advisory('GHSA-x')] });
    const base = context([baseLib]);
    const verdict = judge(head, base);
    expect(verdict.findings.map((f) => [f.rule, f.introduced])).toEqual([
      ['vulnerability/known', false],
      ['maintenance/no-recent-release', true],
    ]);
    expect(verdict.outcome).toBe('pass');
    const all = judge({ ...head, policy: { ...head.policy, scope: 'all' } }, base);
    expect(all.outcome).toBe('fail');
  });

  test('manifest and policy errors are input/invalid findings at their file and line', () => {
    const ctx: CheckContext = {
      ...context([], {
        manifests: [
          manifest('requirements.txt', {
            kind: 'requirements',
            errors: [{ file: 'requirements.txt', line: 3, message: 'bad line' }],
          }),
        ],
      }),
      configErrors: [{ file: 'pygovern.toml', line: 2, message: 'unknown key "fail_on"' }],
    };
    expect(judge(ctx, null).findings.map((f) => [f.rule, f.manifest, f.line])).toEqual([
      ['input/invalid', 'pygovern.toml', 2],
      ['input/invalid', 'requirements.txt', 3],
    ]);
  });

  test('a URL line that names no project is an input/unnamed-url notice at its line', () => {
    const ctx = context([], {
      manifests: [
        manifest('requirements.txt', {
          kind: 'requirements',
          notices: [
            {
              rule: 'input/unnamed-url',
              file: 'requirements.txt',
              line: 4,
              message: 'git+https://github.com/openedx/event-bus-redis.git@v0.5.0 names no project',
            },
          ],
        }),
      ],
    });
    const verdict = judge(ctx, null);
    expect(verdict.findings.map((f) => [f.rule, f.severity, f.manifest, f.line])).toEqual([
      ['input/unnamed-url', 'notice', 'requirements.txt', 4],
    ]);
    expect(verdict.outcome).toBe('pass');
  });

  test('missing facts are "could not tell" warnings, never a pass by silence', () => {
    const r = report('lib', { advisories: 'missing' });
    const [f] = judge(context([r]), null).findings;
    expect(f?.rule).toBe('facts/unavailable');
    expect(f?.message).toBe('Could not tell for lib: vulnerabilities: OSV: unavailable.');
  });

  test('the same package in two manifests is one finding with both places', () => {
    const a = report('lib', { version: '1.0.0', advisories: [advisory('GHSA-y')] });
    const b = { ...a, dependency: { ...a.dependency, file: 'uv.lock', line: 40 } };
    const [f] = judge(context([a, b]), null).findings;
    expect(f?.locations).toEqual([
      { file: 'pyproject.toml', line: 5 },
      { file: 'uv.lock', line: 40 },
    ]);
  });
});

describe('the order of findings', () => {
  test('is by code units, the same whatever the locale: uppercase before lowercase, "-" before letters', () => {
    // localeCompare would put "a.txt" before "B.txt" and could ignore the "-"; a report's order
    // must not depend on the runner's locale.
    const at = (path: string) => ({ file: path, line: 1 });
    // Versions differ so that findings in two manifests are not merged into one.
    const stale = (name: string, path: string, version = '1.0.0') =>
      report(name, { version, releases: { [version]: '2020-01-01' } }, at(path));
    const ctx = context(
      [
        stale('pkg', 'b.txt'),
        stale('pkg', 'B.txt', '2.0.0'),
        stale('ab', 'x.txt'),
        stale('a-b', 'x.txt'),
      ],
      { manifests: ['b.txt', 'B.txt', 'x.txt'].map((path) => manifest(path)) },
    );
    const order = judge(ctx, null)
      .findings.filter((f) => f.rule === 'maintenance/no-recent-release')
      .map((f) => `${f.normalizedName ?? ''} ${f.manifest}`);
    expect(order).toEqual(['a-b x.txt', 'ab x.txt', 'pkg B.txt', 'pkg b.txt']);
  });
});
