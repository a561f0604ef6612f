/**
 * The rule ids (stable: used in policy files, exceptions and SARIF), their default severity,
 * and the text that explains them in reports, SARIF `help` and the README.
 */

export type Severity = 'error' | 'warning' | 'notice';
export type RuleSetting = Severity | 'off';

export const RULE_IDS = [
  'license/not-osi',
  'license/source-available',
  'license/copyleft',
  'license/denied',
  'license/unknown',
  'license/changed',
  'python/eol-target',
  'python/incompatible',
  'python/eol-only',
  'maintenance/no-recent-release',
  'maintenance/continuity-risk',
  'maintenance/yanked',
  'maintenance/archived',
  'maintenance/project-status',
  'maintenance/slow-issues',
  'maintenance/low-release-cadence',
  'vulnerability/known',
  'facts/unavailable',
  'input/invalid',
  'input/unnamed-url',
  'input/conda-not-judged',
  'resolve/conflict',
  'resolve/tree-limit',
  'policy/expired-exception',
  'policy/unused-exception',
  'policy/changed',
  'policy/untrusted-index',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export interface RuleInfo {
  id: RuleId;
  severity: Severity;
  /** One line: what the rule reports. */
  title: string;
  /** Why it matters. */
  why: string;
  /** How to fix it or accept it. */
  fix: string;
}

const EXCEPT = 'or add an exception with a reason under [[tool.pygovern.exceptions]]';

export const RULES: Readonly<Record<RuleId, RuleInfo>> = {
  'license/not-osi': {
    id: 'license/not-osi',
    severity: 'error',
    title: 'Licence is not OSI-approved open source',
    why: 'A licence that the Open Source Initiative has not approved may restrict use, modification or redistribution.',
    fix: `Replace the dependency, get the licence reviewed, ${EXCEPT}.`,
  },
  'license/source-available': {
    id: 'license/source-available',
    severity: 'error',
    title: 'Licence is source-available, not open source',
    why: 'Source-available licences (BUSL, SSPL, Elastic, PolyForm, Commons Clause…) let you read the code but restrict production or competing use.',
    fix: `Pin the last open-source version, switch to an open-source fork or alternative, ${EXCEPT}.`,
  },
  'license/copyleft': {
    id: 'license/copyleft',
    severity: 'warning',
    title: 'Copyleft licence needs legal review',
    why: 'GPL-family licences attach obligations to distributing derived works; AGPL extends them to users over a network.',
    fix: `Have the use reviewed, replace the dependency, ${EXCEPT}.`,
  },
  'license/denied': {
    id: 'license/denied',
    severity: 'error',
    title: 'Licence is denied by the policy',
    why: 'The team policy (allow-licenses / deny-licenses) does not accept this licence.',
    fix: `Replace the dependency, change the policy, ${EXCEPT}.`,
  },
  'license/unknown': {
    id: 'license/unknown',
    severity: 'warning',
    title: 'Licence could not be determined',
    why: 'Without a recognisable licence there is no permission to use the code; it is never passed silently.',
    fix: `Check the project's licence by hand and record it with an exception (reason: the licence you found), or ask upstream to declare a PEP 639 License-Expression.`,
  },
  'license/changed': {
    id: 'license/changed',
    severity: 'warning',
    title: 'Licence changed between the base and this change',
    why: 'A version bump can move a project to another licence (e.g. Apache-2.0 to BUSL-1.1); it is an error when the new licence is in a worse category.',
    fix: `Stay on the version with the previous licence, review the new licence, ${EXCEPT}.`,
  },
  'python/eol-target': {
    id: 'python/eol-target',
    severity: 'warning',
    title: 'Project still targets a Python past end of life',
    why: 'End-of-life Pythons receive no security fixes, and dependencies drop them.',
    fix: 'Raise requires-python (or the Poetry/Pipfile python) above the end-of-life versions.',
  },
  'python/incompatible': {
    id: 'python/incompatible',
    severity: 'error',
    title: 'Dependency cannot install on a Python the project targets',
    why: "The version's Requires-Python excludes a Python the project declares support for: installing there fails.",
    fix: 'Choose a version that supports every targeted Python, add an environment marker, or narrow requires-python.',
  },
  'python/eol-only': {
    id: 'python/eol-only',
    severity: 'error',
    title: 'Dependency supports only Pythons past end of life',
    why: 'A version that installs only on unsupported Pythons ties the project to interpreters without security fixes.',
    fix: 'Upgrade to a version that supports a maintained Python, or replace the dependency.',
  },
  'maintenance/no-recent-release': {
    id: 'maintenance/no-recent-release',
    severity: 'warning',
    title: 'No release for a long time',
    why: 'A project without releases may no longer receive fixes, including security fixes.',
    fix: `Check the project's activity, plan a replacement, ${EXCEPT}.`,
  },
  'maintenance/continuity-risk': {
    id: 'maintenance/continuity-risk',
    severity: 'error',
    title: 'Few active maintainers and no recent release',
    why: 'A project with few active maintainers and no recent release is a continuity risk: nobody may be there to fix the next vulnerability.',
    fix: `Find a maintained alternative or fork, ${EXCEPT}.`,
  },
  'maintenance/yanked': {
    id: 'maintenance/yanked',
    severity: 'error',
    title: 'The version used was yanked',
    why: 'Yanked releases were withdrawn by their maintainers, usually because they are broken or unsafe.',
    fix: 'Move to a version that is not yanked.',
  },
  'maintenance/archived': {
    id: 'maintenance/archived',
    severity: 'error',
    title: 'Source repository is archived',
    why: 'An archived repository is read-only: the project is no longer developed.',
    fix: `Find a maintained alternative or fork, ${EXCEPT}.`,
  },
  'maintenance/project-status': {
    id: 'maintenance/project-status',
    severity: 'error',
    title: 'Index marks the project archived, deprecated or quarantined',
    why: 'PEP 792 project status: archived projects get no more releases, deprecated ones are obsolete, quarantined ones are suspected malicious.',
    fix: 'Replace the dependency; a quarantined project should be removed at once.',
  },
  'maintenance/slow-issues': {
    id: 'maintenance/slow-issues',
    severity: 'notice',
    title: 'Open issues wait long for an answer (only with max-median-issue-age-days)',
    why: 'When the oldest open issues have waited longer than the policy allows, reports (security ones included) may go unanswered.',
    fix: `Check the project's issue tracker, plan a replacement, ${EXCEPT}.`,
  },
  'maintenance/low-release-cadence': {
    id: 'maintenance/low-release-cadence',
    severity: 'notice',
    title:
      'Fewer releases in the last 12 months than the policy asks (only with min-releases-per-year)',
    why: 'A project that releases rarely takes long to ship fixes, including security fixes.',
    fix: `Check the project's activity, plan a replacement, ${EXCEPT}.`,
  },
  'vulnerability/known': {
    id: 'vulnerability/known',
    severity: 'error',
    title: 'Known vulnerability in the version used',
    why: 'OSV lists an advisory that affects this version.',
    fix: `Upgrade to a fixed version, ${EXCEPT}.`,
  },
  'facts/unavailable': {
    id: 'facts/unavailable',
    severity: 'warning',
    title: 'Could not tell: facts unavailable',
    why: 'A registry or service did not answer usefully, so some checks could not be made; this is reported instead of passing.',
    fix: 'Re-run when the service is reachable, or check the named facts by hand.',
  },
  'input/invalid': {
    id: 'input/invalid',
    severity: 'error',
    title: 'Manifest could not be read',
    why: 'A line or file pygovern cannot parse is a dependency it cannot check.',
    fix: 'Fix the manifest at the line named (the same line would fail in pip, uv or Poetry).',
  },
  'input/unnamed-url': {
    id: 'input/unnamed-url',
    severity: 'notice',
    title: 'URL names no project: cannot be judged without building it',
    why: 'A VCS or archive URL without #egg= (and not a wheel or sdist file name) names its project only once it is built, so its licence, maintenance and vulnerabilities cannot be looked up.',
    fix: 'Write the name: `name @ git+https://…`, or add #egg=name to the URL.',
  },
  'input/conda-not-judged': {
    id: 'input/conda-not-judged',
    severity: 'notice',
    title: 'Conda package: not judged',
    why: 'A Conda package is not the PyPI project of the same name (other builds, other licences, other maintainers), so pygovern never looks it up as one; only the pip section of an environment file is judged.',
    fix: 'Review Conda packages by their channel (conda-forge feedstocks), or move the dependency to the `pip:` section.',
  },
  'resolve/conflict': {
    id: 'resolve/conflict',
    severity: 'notice',
    title: 'Transitive specifiers with no common release',
    why: 'Two packages in the dependency tree ask for versions of one package that no release satisfies together; pip would backtrack or fail, pygovern judges the newest release the first one admits.',
    fix: 'Pin a version of the package that both accept (or upgrade the package asking for the older one), or add a lock.',
  },
  'resolve/tree-limit': {
    id: 'resolve/tree-limit',
    severity: 'notice',
    title: 'The dependency tree is larger than pygovern walks',
    why: 'The tree pygovern walks is bounded: without a lock, in packages (what lies past the bound is not judged); in a lock, in dependency edges (every locked package is still judged, but paths past the bound are not shown).',
    fix: 'Add a lock (uv.lock, poetry.lock, pdm.lock): its packages are all judged.',
  },
  'policy/expired-exception': {
    id: 'policy/expired-exception',
    severity: 'warning',
    title: 'An exception has expired',
    why: 'An exception accepts a finding for a limited time; once expired the finding counts again, so the decision gets made anew.',
    fix: 'Fix the finding, or renew the exception with a new expires date and reason.',
  },
  'policy/unused-exception': {
    id: 'policy/unused-exception',
    severity: 'notice',
    title: 'An exception matches no finding',
    why: 'An exception that matches nothing is stale (the problem is gone or the package name, version or rule is misspelt) and could hide a future finding.',
    fix: 'Remove the exception, or correct its package, version or rule.',
  },
  'policy/changed': {
    id: 'policy/changed',
    severity: 'error',
    title: 'The change alters the policy that judges it',
    why: "The base branch's policy judges a pull request, so a change cannot switch off the check that judges it; every relaxation it makes (a rule lowered, fail-on, scope, thresholds, licence lists, exceptions, trusted indexes, a new policy file) is listed for review, and a tightening is a notice.",
    fix: 'Have the policy change reviewed and merged on its own (it applies once merged), or keep the policy as it is on the base branch.',
  },
  'policy/untrusted-index': {
    id: 'policy/untrusted-index',
    severity: 'error',
    title: 'The change names a package index the policy does not trust',
    why: 'An index decides what gets installed and answers the facts pygovern judges; one the base policy does not list in trusted-indexes may be unreachable or lie, so its packages are judged as "could not tell".',
    fix: 'Install from PyPI or a trusted index, or add the index to trusted-indexes in a reviewed policy change.',
  },
};
