import { RULE_IDS, type RuleId, type RuleSetting } from '../rules/catalogue.js';
import type { Diagnostic } from '../diagnostics.js';
import { normalizeName, isValidName } from '../pep440/names.js';
import {
  FAIL_ON,
  SCOPES,
  VULNERABILITY_LEVELS,
  type FailOn,
  type Policy,
  type PolicyException,
  type Scope,
  type VulnerabilityLevel,
} from './policy.js';

/** What a policy file sets; keys it leaves out keep their defaults. */
export type PolicyOverrides = Partial<Omit<Policy, 'rules'>> & {
  rules?: Partial<Record<RuleId, RuleSetting>>;
};

type Path = readonly (string | number)[];
export interface PolicySource {
  /** The file, for messages. */
  file: string;
  /** Line of a value inside the policy table, by its path relative to that table. */
  lineOf: (path: Path) => number | null;
  /** How the table is named in messages: `[tool.pygovern]` or `pygovern.toml`. */
  tableName: string;
}

const KEYS = [
  'fail-on',
  'scope',
  'stale-after-months',
  'min-active-maintainers',
  'max-median-issue-age-days',
  'min-releases-per-year',
  'allow-licenses',
  'deny-licenses',
  'min-severity',
  'rules',
  'python-version',
  'exceptions',
  'trusted-indexes',
  'max-file-size',
] as const;
const SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'notice', 'off'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PYTHON_VERSION = /^\d+\.\d+$/;

/**
 * Validates a `[tool.pygovern]` table (or a whole pygovern.toml). Every problem is reported with
 * the key, file and line; valid keys still apply so one typo does not hide the rest.
 */
export function readPolicy(
  table: Record<string, unknown>,
  source: PolicySource,
): { overrides: PolicyOverrides; errors: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const overrides: PolicyOverrides = {};
  // A key that is missing has no line: point at the nearest table that holds it.
  const lineOf = (path: Path): number | null => {
    for (let p = path; p.length > 0; p = p.slice(0, -1)) {
      const line = source.lineOf(p);
      if (line !== null) return line;
    }
    return null;
  };
  const fail = (path: Path, message: string) =>
    errors.push({ file: source.file, line: lineOf(path), message });

  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const value = table[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) {
      return value as T;
    }
    fail([key], `"${key}" must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
    return undefined;
  };
  const integer = (key: string, min: number): number | undefined => {
    const value = table[key];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
    fail([key], `"${key}" must be a whole number of at least ${min}`);
    return undefined;
  };
  const strings = (key: string): string[] | undefined => {
    const value = table[key];
    if (value === undefined) return undefined;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '')) {
      return value.map((v: string) => v.trim());
    }
    fail([key], `"${key}" must be a list of SPDX licence ids or expressions`);
    return undefined;
  };

  for (const key of Object.keys(table)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      fail([key], `unknown key "${key}" in ${source.tableName} (known keys: ${KEYS.join(', ')})`);
    }
  }

  set(overrides, 'failOn', oneOf<FailOn>('fail-on', FAIL_ON));
  set(overrides, 'scope', oneOf<Scope>('scope', SCOPES));
  set(overrides, 'staleAfterMonths', integer('stale-after-months', 1));
  set(overrides, 'minActiveMaintainers', integer('min-active-maintainers', 0));
  set(overrides, 'maxMedianIssueAgeDays', integer('max-median-issue-age-days', 1));
  set(overrides, 'minReleasesPerYear', integer('min-releases-per-year', 1));
  set(overrides, 'allowLicenses', strings('allow-licenses'));
  set(overrides, 'denyLicenses', strings('deny-licenses'));
  const minSeverity = table['min-severity'] === 'medium' ? 'moderate' : undefined;
  set(
    overrides,
    'minSeverity',
    minSeverity ?? oneOf<VulnerabilityLevel>('min-severity', VULNERABILITY_LEVELS),
  );
  set(overrides, 'rules', readRules(table.rules, fail));
  set(overrides, 'pythonVersions', readPythonVersions(table['python-version'], fail));
  set(overrides, 'exceptions', readExceptions(table.exceptions, source, fail));
  set(overrides, 'trustedIndexes', readIndexes(table['trusted-indexes'], fail));
  set(overrides, 'maxFileSize', readFileSize(table['max-file-size'], fail));
  return { overrides, errors };
}

function set<K extends keyof PolicyOverrides>(
  target: PolicyOverrides,
  key: K,
  value: PolicyOverrides[K] | undefined,
): void {
  if (value !== undefined) target[key] = value;
}

type Fail = (path: Path, message: string) => void;

function readRules(value: unknown, fail: Fail): PolicyOverrides['rules'] {
  if (value === undefined) return undefined;
  if (!isTable(value)) {
    fail(['rules'], '"rules" must be a table of rule id = "error" | "warning" | "notice" | "off"');
    return undefined;
  }
  const rules: Partial<Record<RuleId, RuleSetting>> = {};
  for (const [id, setting] of Object.entries(value)) {
    if (!(RULE_IDS as readonly string[]).includes(id)) {
      fail(['rules', id], `unknown rule "${id}" in "rules" (rules: ${RULE_IDS.join(', ')})`);
    } else if (typeof setting !== 'string' || !(SETTINGS as readonly string[]).includes(setting)) {
      fail(['rules', id], `rule "${id}" must be set to "error", "warning", "notice" or "off"`);
    } else {
      rules[id as RuleId] = setting as RuleSetting;
    }
  }
  return rules;
}

/** `trusted-indexes`: index URLs (http or https) a manifest may name besides PyPI. */
function readIndexes(value: unknown, fail: Fail): string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && isIndexUrl(v)))
    return value.map((v: string) => v.trim());
  fail(['trusted-indexes'], '"trusted-indexes" must be a list of index URLs (https://host/path)');
  return undefined;
}

export function isIndexUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text.trim()).protocol);
  } catch {
    return false;
  }
}

const SIZE = /^(\d{1,12}) ?(KB|MB|GB)?$/i;
const UNIT: Readonly<Record<string, number>> = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `max-file-size`: bytes as a whole number, or `"512 KB"`, `"50 MB"`, `"1 GB"` (1 KB = 1024). */
function readFileSize(value: unknown, fail: Fail): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value;
  const m = typeof value === 'string' ? SIZE.exec(value.trim()) : null;
  if (m !== null) {
    const bytes = Number(m[1]) * (UNIT[(m[2] ?? '').toLowerCase()] ?? 1);
    if (bytes >= 1 && Number.isSafeInteger(bytes)) return bytes;
  }
  fail(
    ['max-file-size'],
    '"max-file-size" must be a number of bytes of at least 1, or a size like "50 MB" (KB, MB, GB)',
  );
  return undefined;
}

function readPythonVersions(value: unknown, fail: Fail): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value;
  if (Array.isArray(list) && list.length > 0) {
    if (list.every((v) => typeof v === 'string' && PYTHON_VERSION.test(v))) return list as string[];
  }
  fail(['python-version'], '"python-version" must be "X.Y" or a list of "X.Y"');
  return undefined;
}

function readExceptions(
  value: unknown,
  source: PolicySource,
  fail: Fail,
): PolicyException[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    fail(['exceptions'], '"exceptions" must be an array of tables ([[tool.pygovern.exceptions]])');
    return undefined;
  }
  const exceptions: PolicyException[] = [];
  value.forEach((entry: unknown, index) => {
    const at = (key?: string): Path =>
      key === undefined ? ['exceptions', index] : ['exceptions', index, key];
    const where = `exception #${index + 1}`;
    if (!isTable(entry)) {
      fail(
        at(),
        `${where} must be a table with package, reason and optionally version, rule, expires`,
      );
      return;
    }
    const problems: string[] = [];
    const problem = (key: string | undefined, message: string) => {
      problems.push(message);
      fail(at(key), `${where}: ${message}`);
    };
    for (const key of Object.keys(entry)) {
      if (!['package', 'version', 'rule', 'reason', 'expires'].includes(key)) {
        problem(key, `unknown key "${key}" (known: package, version, rule, reason, expires)`);
      }
    }
    const { package: name, version, rule, reason } = entry;
    if (typeof name !== 'string' || !isValidName(name)) {
      problem('package', '"package" must be a package name');
    }
    if (version !== undefined && (typeof version !== 'string' || version.trim() === '')) {
      problem('version', '"version" must be a version string');
    }
    if (rule !== undefined && !(RULE_IDS as readonly unknown[]).includes(rule)) {
      problem('rule', `"rule" must be one of ${RULE_IDS.join(', ')}`);
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      problem('reason', '"reason" is mandatory: say why the finding is accepted');
    }
    const expires = dateText(entry.expires);
    if (entry.expires !== undefined && expires === null) {
      problem('expires', '"expires" must be a date YYYY-MM-DD');
    }
    if (problems.length > 0) return;
    exceptions.push({
      package: normalizeName(name as string),
      version: typeof version === 'string' ? version.trim() : null,
      rule: (rule as RuleId | undefined) ?? null,
      reason: (reason as string).trim(),
      expires,
      file: source.file,
      line: source.lineOf(at()),
    });
  });
  return exceptions;
}

/** A TOML local date (smol-toml gives a Date subclass) or a `YYYY-MM-DD` string. */
function dateText(value: unknown): string | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value))) {
    return value;
  }
  return null;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}
