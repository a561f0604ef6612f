/** Maintenance figures in the comment (one line per added dependency), JSON and SARIF. */
import { describe, expect, test } from '@jest/globals';
import { checkJson } from '../../src/report/json.js';
import { maintenanceLine, renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { context, report, resultOf } from '../checks/builders.js';

function change() {
  const kept = report('kept', { repository: { activeMaintainers: 5 } });
  const added = report('newlib', {
    releases: { '1.0.0': '2026-10-01', '0.9.0': '2026-08-02', '0.8.0': '2020-01-01' },
    repository: {
      activeMaintainers: 2,
      contributorsAllTime: 7,
      openIssues: [
        { createdAt: '2026-11-14T00:00:00Z', comments: 0 },
        { createdAt: '2026-09-25T00:00:00Z', comments: 4 },
      ],
    },
  });
  const ctx = context([kept, added], { policy: { minReleasesPerYear: 3 } });
  return { ...resultOf(ctx), base: { manifests: [...ctx.manifests], dependencies: [kept] } };
}

describe('maintenance figures in the reports', () => {
  test('the comment gives one compact line for each dependency the change adds', () => {
    const body = renderMarkdown(change());
    expect(body).toContain('**Maintenance of added dependencies**');
    expect(body).toContain(
      '- [`newlib`](https://pypi.org/project/newlib/1.0.0/): 2 releases in 12 months (median 1232.5 days apart) · open issues a median 35 days old, oldest unanswered 10 days · 2 contributors in 12 months (7 all time)',
    );
    expect(body).not.toContain('- `kept`:');
  });

  test('unknown figures are left out of the line', () => {
    expect(
      maintenanceLine({
        releasesLast12Months: 0,
        medianReleaseIntervalDays: null,
        medianOpenIssueAgeDays: null,
        oldestOpenIssueDays: null,
        contributorsLast12Months: null,
        contributorsAllTime: null,
        maintainersSource: null,
      }),
    ).toBe('0 releases in 12 months');
  });

  test('JSON dependencies[].maintenance and SARIF result properties carry the figures', () => {
    const result = change();
    const json = checkJson(result);
    const newlib = json.dependencies.find((d) => d.name === 'newlib');
    expect(newlib?.maintenance).toEqual({
      releasesLast12Months: 2,
      medianReleaseIntervalDays: 1232.5,
      medianOpenIssueAgeDays: 35,
      oldestOpenIssueDays: 10,
      contributorsLast12Months: 2,
      contributorsAllTime: 7,
      maintainersSource: 'github',
    });
    const sarif = renderSarif(result, '0.0.0');
    const cadence = sarif.runs[0]?.results.find(
      (r) => r.ruleId === 'maintenance/low-release-cadence' && r.properties.package === 'newlib',
    );
    expect(cadence?.properties.maintenance).toEqual(newlib?.maintenance);
  });
});
