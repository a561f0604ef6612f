/**
 * What a change does to the policy: the base commit's policy file against the head's, each
 * possibly absent, compared key by key on the policies they give (a key left out is its
 * default). Each change is a relaxation (the check would pass more) or a tightening. Pure.
 */
import { RULE_IDS, type RuleSetting } from '../rules/catalogue.js';
import { indexKey } from './indexes.js';
import {
  VULNERABILITY_LEVELS,
  type FailOn,
  type Policy,
  type PolicyException,
  type Scope,
} from './policy.js';

/** One side of the comparison: the policy a file gives, and where its keys are written. */
export interface PolicySide {
  /** The policy file, or null when there is none (built-in defaults). */
  file: string | null;
  /** Defaults with this file's keys applied (not the workflow inputs: both sides share them). */
  policy: Policy;
  /** Line of a key inside the policy table (`['rules', id]`, `['exceptions', 0]`). */
  lineOf: (path: readonly (string | number)[]) => number | null;
}

export interface PolicyChange {
  kind: 'relaxation' | 'tightening';
  /** Stable per change (`fail-on`, `rules.license/copyleft`, `exceptions.foo|*|*`). */
  key: string;
  /** One sentence, plain text. */
  message: string;
  /** Where it is anchored: the head's policy file (the base's when the head removed it). */
  file: string;
  line: number | null;
}

const SETTING_RANK: Record<RuleSetting, number> = { off: 0, notice: 1, warning: 2, error: 3 };
/** How much of the outcome a fail-on setting lets fail. */
const FAIL_ON_RANK: Record<FailOn, number> = { never: 0, error: 1, warning: 2 };
const SCOPE_RANK: Record<Scope, number> = { changed: 0, all: 1 };

const quote = (s: string) => JSON.stringify(s);
const list = (items: readonly string[]) => items.map(quote).join(', ');

function exceptionKey(e: PolicyException): string {
  return `${e.package}|${e.version ?? '*'}|${e.rule ?? '*'}`;
}

function describeException(e: PolicyException): string {
  return `${e.package}${e.version === null ? '' : ` ${e.version}`} (${e.rule ?? 'every rule'})`;
}

/** Whether exception `a` accepts everything `b` accepts, and is not shorter-lived. */
function covers(a: PolicyException, b: PolicyException): boolean {
  return (
    a.package === b.package &&
    (a.version === null || a.version === b.version) &&
    (a.rule === null || a.rule === b.rule) &&
    (a.expires === null || (b.expires !== null && a.expires >= b.expires))
  );
}

/** A side without a policy file: the built-in defaults. */
export function defaultsSide(policy: Policy): PolicySide {
  return { file: null, policy, lineOf: () => null };
}

export function comparePolicies(base: PolicySide, head: PolicySide): PolicyChange[] {
  const before = base.policy;
  const after = head.policy;
  const file = head.file ?? base.file ?? 'pygovern.toml';
  const changes: PolicyChange[] = [];
  const at = (path: readonly (string | number)[]) =>
    head.file === null ? null : (head.lineOf(path) ?? head.lineOf([]));
  const add = (
    kind: PolicyChange['kind'],
    key: string,
    message: string,
    path: readonly (string | number)[],
  ) => changes.push({ kind, key, message, file, line: at(path) });
  const ranked = <T>(
    key: string,
    from: T,
    to: T,
    rank: (v: T) => number,
    show: (v: T) => string,
    relaxWhen: 'lower' | 'higher' = 'lower',
  ) => {
    if (rank(from) === rank(to)) return;
    const lower = rank(to) < rank(from);
    const relaxed = relaxWhen === 'lower' ? lower : !lower;
    add(
      relaxed ? 'relaxation' : 'tightening',
      key,
      `"${key}" changes from ${show(from)} to ${show(to)}`,
      [key],
    );
  };

  ranked('fail-on', before.failOn, after.failOn, (v) => FAIL_ON_RANK[v], quote);
  ranked('scope', before.scope, after.scope, (v) => SCOPE_RANK[v], quote);
  ranked(
    'stale-after-months',
    before.staleAfterMonths,
    after.staleAfterMonths,
    (v) => v,
    String,
    'higher',
  );
  ranked(
    'min-active-maintainers',
    before.minActiveMaintainers,
    after.minActiveMaintainers,
    (v) => v,
    String,
  );
  // A lower limit refuses more files unread, so fewer are judged.
  ranked('max-file-size', before.maxFileSize, after.maxFileSize, (v) => v, String);
  // Off (null) is the most relaxed setting of either threshold.
  ranked(
    'max-median-issue-age-days',
    before.maxMedianIssueAgeDays,
    after.maxMedianIssueAgeDays,
    (v) => v ?? Number.POSITIVE_INFINITY,
    (v) => (v === null ? 'off' : String(v)),
    'higher',
  );
  ranked(
    'min-releases-per-year',
    before.minReleasesPerYear,
    after.minReleasesPerYear,
    (v) => v ?? 0,
    (v) => (v === null ? 'off' : String(v)),
  );
  ranked(
    'min-severity',
    before.minSeverity,
    after.minSeverity,
    (v) => (v === null ? -1 : VULNERABILITY_LEVELS.indexOf(v)),
    (v) => (v === null ? 'every severity' : quote(v)),
    'higher',
  );
  for (const id of RULE_IDS) {
    const from = before.rules[id];
    const to = after.rules[id];
    if (from === to) continue;
    add(
      SETTING_RANK[to] < SETTING_RANK[from] ? 'relaxation' : 'tightening',
      `rules.${id}`,
      `rule "${id}" changes from "${from}" to "${to}"`,
      ['rules', id],
    );
  }

  // Licence lists: an allow list that admits more, or a deny list that denies less, relaxes.
  const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));
  const delta = (from: readonly string[], to: readonly string[]) => {
    const a = lower(from);
    const b = lower(to);
    return {
      added: to.filter((x) => !a.has(x.toLowerCase())),
      removed: from.filter((x) => !b.has(x.toLowerCase())),
    };
  };
  const allowFrom = before.allowLicenses;
  const allowTo = after.allowLicenses;
  if (allowFrom !== null && allowTo === null) {
    add('relaxation', 'allow-licenses', 'the "allow-licenses" list is removed', ['allow-licenses']);
  } else if (allowFrom === null && allowTo !== null) {
    add('tightening', 'allow-licenses', `"allow-licenses" is set to ${list(allowTo)}`, [
      'allow-licenses',
    ]);
  } else if (allowFrom !== null && allowTo !== null) {
    const { added, removed } = delta(allowFrom, allowTo);
    if (added.length > 0)
      add('relaxation', 'allow-licenses+', `"allow-licenses" now also allows ${list(added)}`, [
        'allow-licenses',
      ]);
    if (removed.length > 0)
      add('tightening', 'allow-licenses-', `"allow-licenses" no longer allows ${list(removed)}`, [
        'allow-licenses',
      ]);
  }
  const deny = delta(before.denyLicenses, after.denyLicenses);
  if (deny.removed.length > 0)
    add('relaxation', 'deny-licenses-', `"deny-licenses" no longer denies ${list(deny.removed)}`, [
      'deny-licenses',
    ]);
  if (deny.added.length > 0)
    add('tightening', 'deny-licenses+', `"deny-licenses" now also denies ${list(deny.added)}`, [
      'deny-licenses',
    ]);

  // Target Pythons: dropping one (or replacing requires-python) checks fewer interpreters.
  const pyFrom = before.pythonVersions;
  const pyTo = after.pythonVersions;
  if (pyFrom === null && pyTo !== null) {
    add(
      'relaxation',
      'python-version',
      `"python-version" ${list(pyTo)} replaces the Pythons requires-python declares`,
      ['python-version'],
    );
  } else if (pyFrom !== null && pyTo === null) {
    add(
      'tightening',
      'python-version',
      `"python-version" is removed: the Pythons requires-python declares are checked`,
      ['python-version'],
    );
  } else if (pyFrom !== null && pyTo !== null) {
    const { added, removed } = delta(pyFrom, pyTo);
    if (removed.length > 0)
      add('relaxation', 'python-version-', `"python-version" no longer targets ${list(removed)}`, [
        'python-version',
      ]);
    if (added.length > 0)
      add('tightening', 'python-version+', `"python-version" now also targets ${list(added)}`, [
        'python-version',
      ]);
  }

  // Exceptions: one the base does not have, or a wider or longer-lived one, accepts more.
  after.exceptions.forEach((e, index) => {
    if (before.exceptions.some((b) => covers(b, e))) return;
    const same = before.exceptions.find((b) => exceptionKey(b) === exceptionKey(e));
    const widened = before.exceptions.find((b) => covers(e, b));
    const what = describeException(e);
    const until = e.expires === null ? 'with no expiry' : `until ${e.expires}`;
    const message =
      same !== undefined
        ? `the exception for ${what} is extended from ${same.expires ?? 'no expiry'} to ${e.expires ?? 'no expiry'} (reason: ${quote(e.reason)}); it applies once merged`
        : widened !== undefined
          ? `the exception for ${describeException(widened)} is widened to ${what} ${until} (reason: ${quote(e.reason)}); it applies once merged`
          : `an exception for ${what} is added ${until} (reason: ${quote(e.reason)}); it applies once merged`;
    add('relaxation', `exceptions.${exceptionKey(e)}`, message, ['exceptions', index]);
  });
  for (const b of before.exceptions) {
    if (after.exceptions.some((e) => covers(e, b))) continue;
    add(
      'tightening',
      `exceptions-.${exceptionKey(b)}`,
      `the exception for ${describeException(b)} is removed or narrowed`,
      ['exceptions'],
    );
  }

  const trusted = delta(before.trustedIndexes.map(indexKey), after.trustedIndexes.map(indexKey));
  if (trusted.added.length > 0)
    add(
      'relaxation',
      'trusted-indexes+',
      `"trusted-indexes" now also trusts ${list(trusted.added)}`,
      ['trusted-indexes'],
    );
  if (trusted.removed.length > 0)
    add(
      'tightening',
      'trusted-indexes-',
      `"trusted-indexes" no longer trusts ${list(trusted.removed)}`,
      ['trusted-indexes'],
    );

  // Which file is the policy: a new one (or one that replaces another) is itself a change,
  // judged by what it does.
  if (base.file !== head.file) {
    const relaxes = changes.some((c) => c.kind === 'relaxation');
    const message =
      head.file === null
        ? `the policy file ${base.file ?? ''} is removed: the built-in defaults apply`
        : base.file === null
          ? `the policy file ${head.file} is added`
          : `the policy is now read from ${head.file} instead of ${base.file}`;
    changes.unshift({
      kind: relaxes ? 'relaxation' : 'tightening',
      key: 'file',
      message,
      file,
      line: head.file === null ? null : (head.lineOf([]) ?? 1),
    });
  }
  return changes;
}
