/** Maintenance velocity figures and the opt-in thresholds that report on them. */
import { describe, expect, test } from '@jest/globals';
import { maintenanceFigures, maintenanceFindings } from '../../src/checks/maintenance.js';
import { context, report } from './builders.js';

const today = '2026-11-24';
// Newest first: intervals 10, 20, 30, 40 … days apart (the oldest two outside the last ten).
const releases: Record<string, string> = {
  '1.0.0': '2026-11-01',
  '0.9.0': '2026-10-22',
  '0.8.0': '2026-10-02',
  '0.7.0': '2026-09-02',
  '0.6.0': '2026-07-24',
  '0.5.0': '2026-06-04',
  '0.4.0': '2026-04-05',
  '0.3.0': '2026-01-25',
  '0.2.0': '2025-11-06',
  '0.1.0': '2025-08-08',
  '0.0.2': '2020-01-01',
};
const issues = [
  { createdAt: '2026-11-14T00:00:00Z', comments: 2 }, // 10 days
  { createdAt: '2026-10-25T00:00:00Z', comments: 0 }, // 30 days, unanswered
  { createdAt: '2025-11-24T00:00:00Z', comments: 0 }, // 365 days, unanswered
  { createdAt: '2024-11-24T00:00:00Z', comments: 5 }, // 730 days, answered
];

describe('maintenanceFigures', () => {
  test('release cadence, issue age and contributors against today', () => {
    const r = report('lib', {
      releases,
      repository: { activeMaintainers: 4, openIssues: issues, contributorsAllTime: 11 },
    });
    expect(maintenanceFigures(r.facts, today)).toEqual({
      // 2025-11-24 … 2026-11-24: 0.2.0 (2025-11-06) is older than 12 months.
      releasesLast12Months: 8,
      // Last ten releases, nine intervals: 10,20,30,40,50,60,70,80,90 → median 50.
      medianReleaseIntervalDays: 50,
      // Ages 10, 30, 365, 730 → median (30 + 365) / 2.
      medianOpenIssueAgeDays: 197.5,
      // The oldest with no comment is 365 days old; the 730-day one has answers.
      oldestOpenIssueDays: 365,
      contributorsLast12Months: 4,
      contributorsAllTime: 11,
      maintainersSource: 'github',
    });
  });

  test('without a GitHub repository the issue and contributor figures are null, PyPI roles count', () => {
    const r = report('lib', { releases, repository: 'missing', ownershipRoles: 2 });
    expect(maintenanceFigures(r.facts, today)).toMatchObject({
      releasesLast12Months: 8,
      medianOpenIssueAgeDays: null,
      oldestOpenIssueDays: null,
      contributorsLast12Months: null,
      contributorsAllTime: null,
      maintainersSource: 'pypi',
    });
  });
});

describe('velocity thresholds', () => {
  const lib = () =>
    report('lib', {
      releases,
      repository: { activeMaintainers: 4, openIssues: issues, contributorsAllTime: 11 },
    });
  const rules = (policy: Parameters<typeof context>[1]) =>
    maintenanceFindings(context([lib()], policy)).map((f) => [f.rule, f.severity]);

  test('off by default', () => {
    expect(rules({})).toEqual([]);
  });

  test('max-median-issue-age-days reports slow issues as a notice, naming the figures', () => {
    expect(rules({ policy: { maxMedianIssueAgeDays: 197 } })).toEqual([
      ['maintenance/slow-issues', 'notice'],
    ]);
    expect(rules({ policy: { maxMedianIssueAgeDays: 198 } })).toEqual([]);
    const [f] = maintenanceFindings(context([lib()], { policy: { maxMedianIssueAgeDays: 100 } }));
    expect(f?.message).toContain('median 197.5 days');
    expect(f?.message).toContain('oldest unanswered one is 365 days old');
  });

  test('min-releases-per-year reports a low cadence as a notice', () => {
    expect(rules({ policy: { minReleasesPerYear: 9 } })).toEqual([
      ['maintenance/low-release-cadence', 'notice'],
    ]);
    expect(rules({ policy: { minReleasesPerYear: 8 } })).toEqual([]);
  });

  test('a project already reported as stale is not told about its cadence again', () => {
    const old = report('old', { releases: { '1.0.0': '2020-01-01' }, repository: 'missing' });
    const found = maintenanceFindings(context([old], { policy: { minReleasesPerYear: 1 } })).map(
      (f) => f.rule,
    );
    expect(found).toEqual(['maintenance/no-recent-release']);
  });
});
