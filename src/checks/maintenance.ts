/**
 * Maintenance checks: how long since the last release, who is still active, and whether the
 * version, the project or its repository has been withdrawn.
 */
import type { Dependency } from '../manifests/types.js';
import type { PackageFacts, ReleaseInfo } from '../facts/types.js';
import { compareVersionText } from '../pep440/version.js';
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

function describeMaintainers(m: Maintainers): string {
  const who = m.count === 1 ? 'maintainer' : 'maintainers';
  return m.source === 'github'
    ? `${String(m.count)} active ${who} (commit authors in the last 12 months)`
    : `${String(m.count)} ${who} listed on PyPI (no repository activity known)`;
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

export function maintenanceFindings(ctx: CheckContext): RawFinding[] {
  const out: RawFinding[] = [];
  const { staleAfterMonths: months, minActiveMaintainers: minimum } = ctx.policy;
  const cutoff = monthsBefore(ctx.today, months);
  for (const { dependency: dep, facts } of ctx.dependencies) {
    if (facts === null) continue;
    const where = at(dep, facts);
    const project = facts.project.status === 'known' ? facts.project.value : null;

    if (project !== null) {
      const newest = newestRelease(project.releases);
      const date = newest?.uploaded?.slice(0, 10) ?? null;
      if (newest !== null && date !== null && date < cutoff) {
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
