/**
 * What pygovern knows about each dependency, and where each piece came from. A fact that
 * could not be had is a value saying why (`missing`), never a default: the checks turn it
 * into "could not tell", never into a pass.
 */
import type { ReleaseInfo, Resolution } from '../resolve/types.js';

// Resolving owns these; the facts carry them.
export type { ReleaseInfo, Resolution } from '../resolve/types.js';

/** A fact, or why there is none. `source` names where it came from (a URL or a service). */
export type Fact<T> =
  { status: 'known'; value: T; source: string } | { status: 'missing'; reason: string };

export function known<T>(value: T, source: string): Fact<T> {
  return { status: 'known', value, source };
}

export function missing<T>(reason: string): Fact<T> {
  return { status: 'missing', reason };
}

/** PEP 792 project status. */
export type ProjectStatus = 'active' | 'archived' | 'deprecated' | 'quarantined';

export interface ProjectFacts {
  /** The display name the index gives. */
  name: string;
  releases: ReleaseInfo[];
  /** The version the index calls the latest (PyPI's `info.version`). */
  latestVersion: string | null;
  status: { status: ProjectStatus; reason: string | null } | null;
  /** `https://github.com/owner/repo` found in the project URLs, or null. */
  repository: string | null;
  /** Owners and maintainers PyPI lists (`ownership.roles`), or null when not given. */
  ownershipRoles: number | null;
  /** The metadata of the latest version, which the project answer carries. */
  latest: VersionFacts | null;
}

/** Metadata of one version (core metadata fields, as the index serves them). */
export interface VersionFacts {
  version: string;
  /** PEP 639 `License-Expression`. */
  licenseExpression: string | null;
  /** The free-text `License` field (may be a whole licence text). */
  license: string | null;
  classifiers: string[];
  requiresPython: string | null;
  yanked: boolean;
  yankedReason: string | null;
  /** GitHub repository from the metadata's `Project-URL`/`Home-page` (Simple API path only). */
  repository?: string | null;
}

export type SeverityLevel = 'low' | 'medium' | 'high' | 'critical' | 'unknown';

export interface Advisory {
  id: string;
  /** CVE and other ids of the same advisory. */
  aliases: string[];
  summary: string;
  severity: {
    level: SeverityLevel;
    /** CVSS base score when a v3 vector gives one. */
    score: number | null;
    vector: string | null;
    /** The database's own word (GitHub: LOW/MODERATE/HIGH/CRITICAL). */
    database: string | null;
  };
  /** Versions that fix it for the version in use, lowest first. */
  fixedIn: string[];
  link: string;
}

export interface RepositoryFacts {
  url: string;
  archived: boolean;
  /** Last push to the repository (ISO 8601). */
  pushedAt: string | null;
  /** Distinct human authors of default-branch commits in the last 12 months. */
  activeMaintainers: number | null;
  /** The oldest open issues (up to `OPEN_ISSUES_SAMPLE`), oldest first; null when not asked. */
  openIssues?: { createdAt: string; comments: number }[] | null;
  /** Distinct human authors of the last `ALL_TIME_COMMITS` default-branch commits. */
  contributorsAllTime?: number | null;
}

/** Everything known about one package at one version. */
export interface PackageFacts {
  /** PEP 503 name. */
  name: string;
  version: string | null;
  resolution: Resolution;
  project: Fact<ProjectFacts>;
  release: Fact<VersionFacts>;
  advisories: Fact<Advisory[]>;
  /** Null when the project names no GitHub repository. */
  repository: Fact<RepositoryFacts> | null;
}
