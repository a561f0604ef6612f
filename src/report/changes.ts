/** What a change does to the dependencies: packages added, removed, or moved to another version. */
import { byCodeUnits } from '../text/order.js';
import { describeLicense, licenseOf } from '../checks/license.js';
import { maintenanceFigures, type MaintenanceFigures } from '../checks/maintenance.js';
import type { DependencyReport } from '../checks/types.js';
import type { CheckResult } from './model.js';

export interface DependencyChange {
  name: string;
  kind: 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
  /** The licence of the version the change brings in. */
  license: string | null;
  /** Maintenance figures of what an added dependency brings in (null otherwise). */
  maintenance: MaintenanceFigures | null;
}

/** The version a report stands for: resolved, pinned, or the specifier as written. */
function versionOf(r: DependencyReport): string {
  return r.facts?.version ?? r.dependency.version ?? (r.dependency.specifier || 'any version');
}

function index(reports: readonly DependencyReport[]) {
  const byName = new Map<
    string,
    { name: string; versions: Set<string>; report: DependencyReport }
  >();
  for (const r of reports) {
    const key = r.dependency.normalizedName;
    const entry = byName.get(key) ?? { name: r.dependency.name, versions: new Set(), report: r };
    entry.versions.add(versionOf(r));
    byName.set(key, entry);
  }
  return byName;
}

export function dependencyChanges(result: CheckResult): DependencyChange[] {
  if (result.base === null) return [];
  const before = index(result.base.dependencies);
  const after = index(result.dependencies);
  const out: DependencyChange[] = [];
  const licence = (r: DependencyReport) => {
    const d = licenseOf(r);
    return d === null ? null : describeLicense(d);
  };
  const join = (s: Set<string>) => [...s].sort().join(', ');
  for (const [key, now] of after) {
    const was = before.get(key);
    if (was === undefined) {
      out.push({
        name: now.name,
        kind: 'added',
        before: null,
        after: join(now.versions),
        license: licence(now.report),
        maintenance:
          now.report.facts === null ? null : maintenanceFigures(now.report.facts, result.today),
      });
    } else if (join(was.versions) !== join(now.versions)) {
      out.push({
        name: now.name,
        kind: 'changed',
        before: join(was.versions),
        after: join(now.versions),
        license: licence(now.report),
        maintenance: null,
      });
    }
  }
  for (const [key, was] of before) {
    if (!after.has(key))
      out.push({
        name: was.name,
        kind: 'removed',
        before: join(was.versions),
        after: null,
        license: null,
        maintenance: null,
      });
  }
  return out.sort((a, b) => byCodeUnits(a.name, b.name));
}
