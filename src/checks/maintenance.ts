/**
 * Maintenance checks: how long since the last release, who is still active, and whether the
 * version, the project or its repository has been withdrawn.
 */
import type { Dependency } from '../manifests/types.js';
import type { PackageFacts, ReleaseInfo } from '../facts/types.js';
import { compareVersionText } from '../pep440/version.js';
import { OPEN_ISSUES_SAMPLE } from '../facts/github.js';
import type { CheckContext, RawFinding } from './types.js';

/** `today` minus `months` calendar months (the day clamped to the month's length). */
export function monthsBefore(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(year)}-${pad(month)}-${pad(Math.min(d, last))}`;
}

/** The newest release that is not yanked, by version (a backport upload does not count as newer). */
export function newestRelease(releases: readonly ReleaseInfo[]): ReleaseInfo | null {
  const usable = releases.filter((r) => !r.yanked && r.uploaded !== null);
  if (usable.length === 0) return null;
  // The most recent upload is what "no release in N months" is about.
  return usable.reduce((a, b) => ((b.uploaded ?? '') > (a.uploaded ?? '') ? b : a));
}

export interface Maintainers {
  count: number;
  /** `github`: commit authors in the last 12 months; `pypi`: owners and maintainers on PyPI. */
  source: 'github' | 'pypi';
}

/** Active maintainers, or why the count is not known. */
export function maintainersOf(facts: PackageFacts): Maintainers | { unknown: string } {
  const repo = facts.repository;
  if (repo?.status === 'known' && repo.value.activeMaintainers !== null)
    return { count: repo.value.activeMaintainers, source: 'github' };
  const project = facts.project.status === 'known' ? facts.project.value : null;
  if (project?.ownershipRoles !== null && project?.ownershipRoles !== undefined)
    return { count: project.ownershipRoles, source: 'pypi' };
  if (repo?.status === 'missing') return { unknown: repo.reason };
  return {
    unknown:
      project?.repository === null
        ? 'the project names no GitHub repository and PyPI lists no maintainers'
        : 'no maintainer count is available',
  };
}

/** The `dependencies[].maintenance` figures (DESIGN.md wave-2 contract); null where not known. */
export interface MaintenanceFigures {
  releasesLast12Months: number | null;
  medianReleaseIntervalDays: number | null;
  /** Over the oldest open issues sampled (`OPEN_ISSUES_SAMPLE`). */
  medianOpenIssueAgeDays: number | null;
  /** The oldest open issue with no comment, among those sampled. */
  oldestOpenIssueDays: number | null;
  contributorsLast12Months: number | null;
  /** Distinct authors of the last `ALL_TIME_COMMITS` default-branch commits. */
  contributorsAllTime: number | null;
  maintainersSource: Maintainers['source'] | null;
}

const DAY_MS = 86_400_000;
/** The release intervals are taken over this many most recent releases. */
export const INTERVAL_RELEASES = 10;

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return Math.round(m * 10) / 10;
}

/** Whole days from an ISO time to `today` (YYYY-MM-DD, midnight UTC), never negative. */
function daysBefore(today: string, iso: string): number {
  return Math.max(0, Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(iso)) / DAY_MS));
}

/** Figures already computed: the checks and each report ask for those of every package. */
const figuresOf = new WeakMap<PackageFacts, { today: string; figures: MaintenanceFigures }>();

/** Release cadence, issue age and contributors, computed against `today` (checks stay pure). */
export function maintenanceFigures(facts: PackageFacts, today: string): MaintenanceFigures {
  const known = figuresOf.get(facts);
  if (known?.today === today) return known.figures;
  const figures = Object.freeze(computeFigures(facts, today));
  figuresOf.set(facts, { today, figures });
  return figures;
}

function computeFigures(facts: PackageFacts, today: string): MaintenanceFigures {
  const project = facts.project.status === 'known' ? facts.project.value : null;
  let releasesLast12Months: number | null = null;
  let medianReleaseIntervalDays: number | null = null;
  if (project !== null) {
    // One pass, each upload time parsed once (a project may list thousands of releases).
    const uploads: number[] = [];
    for (const r of project.releases) {
      if (r.yanked || r.uploaded === null) continue;
      const t = Date.parse(r.uploaded);
      if (!Number.isNaN(t)) uploads.push(t);
    }
    uploads.sort((a, b) => b - a);
    const since = Date.parse(`${monthsBefore(today, 12)}T00:00:00Z`);
    const end = Date.parse(`${today}T23:59:59Z`);
    releasesLast12Months = uploads.filter((t) => t >= since && t <= end).length;
    const last = uploads.slice(0, INTERVAL_RELEASES);
    medianReleaseIntervalDays = median(last.slice(1).map((t, i) => ((last[i] ?? t) - t) / DAY_MS));
  }
  const repo = facts.repository?.status === 'known' ? facts.repository.value : null;
  const issues = repo?.openIssues ?? null;
  const unanswered = issues?.filter((i) => i.comments === 0) ?? [];
  const maintainers = maintainersOf(facts);
  return {
    releasesLast12Months,
    medianReleaseIntervalDays,
    medianOpenIssueAgeDays:
      issues === null ? null : median(issues.map((i) => daysBefore(today, i.createdAt))),
    oldestOpenIssueDays:
      unanswered.length === 0
        ? null
        : Math.max(...unanswered.map((i) => daysBefore(today, i.createdAt))),
    contributorsLast12Months: repo?.activeMaintainers ?? null,
    contributorsAllTime: repo?.contributorsAllTime ?? null,
    maintainersSource: 'count' in maintainers ? maintainers.source : null,
  };
}

function describeMaintainers(m: Maintainers): string {
  const who = m.count === 1 ? 'maintainer' : 'maintainers';
  return m.source === 'github'
    ? `${String(m.count)} active ${who} (commit authors in the last 12 months)`
    : `${String(m.count)} ${who} listed on PyPI (ownership roles Owner/Maintainer; no GitHub repository activity known)`;
}

function at(dep: Dependency, facts: PackageFacts) {
  return {
    package: dep.name,
    normalizedName: dep.normalizedName,
    version: facts.version,
    manifest: dep.file,
    line: dep.line,
  };
}

/** The opt-in velocity thresholds; a project already reported as stale is not told again. */
function velocityFindings(
  ctx: CheckContext,
  where: ReturnType<typeof at>,
  figures: MaintenanceFigures,
  stale: boolean,
): RawFinding[] {
  const out: RawFinding[] = [];
  const { maxMedianIssueAgeDays: maxAge, minReleasesPerYear: minReleases } = ctx.policy;
  const age = figures.medianOpenIssueAgeDays;
  if (maxAge !== null && age !== null && age > maxAge) {
    const oldest =
      figures.oldestOpenIssueDays === null
        ? ''
        : `; the oldest unanswered one is ${String(figures.oldestOpenIssueDays)} days old`;
    out.push({
      ...where,
      rule: 'maintenance/slow-issues',
      severity: 'notice',
      message: `${where.package}: the oldest open issues are a median ${String(age)} days old, more than the ${String(maxAge)} days max-median-issue-age-days allows${oldest}.`,
      evidence: `median open issue age ${String(age)} days (oldest ${String(OPEN_ISSUES_SAMPLE)} open issues sampled)`,
      fix: null,
      key: '',
    });
  }
  const count = figures.releasesLast12Months;
  if (minReleases !== null && count !== null && count < minReleases && !stale) {
    const interval =
      figures.medianReleaseIntervalDays === null
        ? ''
        : `; median ${String(figures.medianReleaseIntervalDays)} days between the last releases`;
    out.push({
      ...where,
      rule: 'maintenance/low-release-cadence',
      severity: 'notice',
      message: `${where.package}: ${String(count)} release${count === 1 ? '' : 's'} in the 12 months before ${ctx.today}, fewer than the ${String(minReleases)} min-releases-per-year asks${interval}.`,
      evidence: `${String(count)} releases since ${monthsBefore(ctx.today, 12)}`,
      fix: null,
      key: '',
    });
  }
  return out;
}

export function maintenanceFindings(ctx: CheckContext): RawFinding[] {
  const out: RawFinding[] = [];
  const { staleAfterMonths: months, minActiveMaintainers: minimum } = ctx.policy;
  const cutoff = monthsBefore(ctx.today, months);
  for (const { dependency: dep, facts } of ctx.dependencies) {
    if (facts === null) continue;
    const where = at(dep, facts);
    const project = facts.project.status === 'known' ? facts.project.value : null;

    let stale = false;
    if (project !== null) {
      const newest = newestRelease(project.releases);
      const date = newest?.uploaded?.slice(0, 10) ?? null;
      if (newest !== null && date !== null && date < cutoff) {
        stale = true;
        const maintainers = maintainersOf(facts);
        const since = `no release since ${newest.version} on ${date} (more than ${String(months)} months before ${ctx.today})`;
        const risk = 'count' in maintainers && maintainers.count < minimum;
        // The continuity risk says all the staleness warning would; it stands alone unless off.
        const riskReported = risk && ctx.policy.rules['maintenance/continuity-risk'] !== 'off';
        if (risk) {
          out.push({
            ...where,
            rule: 'maintenance/continuity-risk',
            severity: 'error',
            message: `${dep.name}: ${since}, and ${describeMaintainers(maintainers)}, fewer than ${String(minimum)}.`,
            evidence: `latest release ${newest.version} (${date}); ${describeMaintainers(maintainers)}`,
            fix: `Find a maintained alternative or fork of ${dep.name}.`,
            key: '',
          });
        }
        if (!riskReported)
          out.push({
            ...where,
            rule: 'maintenance/no-recent-release',
            severity: 'warning',
            message:
              'unknown' in maintainers
                ? `${dep.name}: ${since}; active maintainers could not be counted (${maintainers.unknown}), so the continuity risk could not be judged.`
                : `${dep.name}: ${since}; ${describeMaintainers(maintainers)}.`,
            evidence: `latest release ${newest.version} (${date})`,
            fix: null,
            key: '',
          });
      }
      if (project.status !== null && project.status.status !== 'active') {
        const s = project.status;
        out.push({
          ...where,
          rule: 'maintenance/project-status',
          severity: 'error',
          message: `The index marks ${dep.name} as ${s.status}${s.reason === null ? '' : `: ${s.reason}`}.`,
          evidence: `project-status: ${s.status}`,
          fix:
            s.status === 'quarantined'
              ? `Remove ${dep.name} now: quarantined projects are suspected of being malicious.`
              : `Replace ${dep.name}.`,
          key: s.status,
        });
      }
    }

    out.push(...velocityFindings(ctx, where, maintenanceFigures(facts, ctx.today), stale));

    const release = facts.release.status === 'known' ? facts.release.value : null;
    const listed = project?.releases.find((r) => r.version === facts.version);
    const yanked = release?.yanked === true || listed?.yanked === true;
    if (yanked && facts.version !== null) {
      const reason = release?.yankedReason ?? listed?.yankedReason ?? null;
      const better = project?.releases
        .filter((r) => !r.yanked)
        .map((r) => r.version)
        .sort(compareVersionText)
        .filter((v) => compareVersionText(v, facts.version ?? '') > 0)[0];
      out.push({
        ...where,
        rule: 'maintenance/yanked',
        severity: 'error',
        message: `${dep.name} ${facts.version} was yanked from the index${reason === null ? '' : `: ${reason}`}.`,
        evidence: reason === null ? 'yanked' : `yanked: ${reason}`,
        fix: better === undefined ? null : `Move to ${dep.name} ${better}.`,
        key: '',
      });
    }

    if (facts.repository?.status === 'known' && facts.repository.value.archived) {
      const repo = facts.repository.value;
      out.push({
        ...where,
        rule: 'maintenance/archived',
        severity: 'error',
        message: `The source repository of ${dep.name} (${repo.url}) is archived${repo.pushedAt === null ? '' : `; last push ${repo.pushedAt.slice(0, 10)}`}.`,
        evidence: repo.url,
        fix: `Find a maintained alternative or fork of ${dep.name}.`,
        key: '',
      });
    }
  }
  return out;
}
