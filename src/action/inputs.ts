/**
 * The action's inputs (action.yml), read through a getter so this stays pure. Policy inputs
 * are a layer over the policy file; a bad value is an error naming the input.
 */
import { FAIL_ON, SCOPES, type FailOn, type Scope } from '../config/policy.js';
import { isIndexUrl, type PolicyOverrides } from '../config/read-policy.js';
import { DEFAULT_FACTS_TIMEOUT_S, DEFAULT_SERVICES } from '../facts/services.js';
import { SBOM_FORMATS, type SbomFormat } from '../report/sbom-formats.js';

/** When the action comments on the pull request (`comment`). */
export const COMMENT_MODES = ['always', 'on-failure', 'never'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

export interface ActionInputs {
  token: string;
  paths: string[];
  config: string | null;
  comment: CommentMode;
  reviewComments: boolean;
  sarifFile: string | null;
  /** Where to write the SBOM of what was judged, in `sbomFormat`; null: none. */
  sbomFile: string | null;
  sbomFormat: SbomFormat;
  indexUrl: string;
  simpleUrl: string | null;
  indexToken: string | null;
  osvUrl: string;
  /** Deadline of all facts together, in seconds. */
  timeoutS: number;
  policy: PolicyOverrides;
  /** Whose policy file judges a pull request: the base commit's (default) or the head's. */
  policySource: 'base' | 'head';
  /** Keep the facts cache between runs with the Actions cache (default true). */
  cache: boolean;
}

export class InputError extends Error {
  override name = 'InputError';
}

const list = (value: string) =>
  value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T | null {
  if (value === '') return null;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`input ${name} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function whole(name: string, value: string, min: number): number | null {
  if (value === '') return null;
  if (/^\d+$/.test(value) && Number(value) >= min) return Number(value);
  throw new InputError(
    `input ${name} must be a whole number of at least ${String(min)} (got "${value}")`,
  );
}

export function readInputs(get: (name: string) => string): ActionInputs {
  const policy: PolicyOverrides = {};
  const failOn = oneOf<FailOn>('fail-on', get('fail-on'), FAIL_ON);
  if (failOn !== null) policy.failOn = failOn;
  const scope = oneOf<Scope>('scope', get('scope'), SCOPES);
  if (scope !== null) policy.scope = scope;
  const stale = whole('stale-after-months', get('stale-after-months'), 1);
  if (stale !== null) policy.staleAfterMonths = stale;
  const maintainers = whole('min-active-maintainers', get('min-active-maintainers'), 0);
  if (maintainers !== null) policy.minActiveMaintainers = maintainers;
  const allow = list(get('allow-licenses'));
  if (allow.length > 0) policy.allowLicenses = allow;
  const deny = list(get('deny-licenses'));
  if (deny.length > 0) policy.denyLicenses = deny;
  const pythons = list(get('python-version'));
  if (pythons.length > 0) {
    const bad = pythons.find((p) => !/^\d+\.\d+$/.test(p));
    if (bad !== undefined)
      throw new InputError(`input python-version must list X.Y versions (got "${bad}")`);
    policy.pythonVersions = pythons;
  }
  const trusted = list(get('trusted-indexes'));
  if (trusted.length > 0) {
    const bad = trusted.find((t) => !isIndexUrl(t));
    if (bad !== undefined)
      throw new InputError(`input trusted-indexes must list index URLs (got "${bad}")`);
    policy.trustedIndexes = trusted;
  }
  const reviewComments = get('review-comments');
  if (!['', 'true', 'false'].includes(reviewComments))
    throw new InputError(`input review-comments must be true or false (got "${reviewComments}")`);
  const cache = get('cache');
  if (!['', 'true', 'false'].includes(cache))
    throw new InputError(`input cache must be true or false (got "${cache}")`);
  const orNull = (v: string) => (v === '' ? null : v);
  return {
    token: get('github-token'),
    paths: list(get('paths')),
    config: orNull(get('config')),
    comment: oneOf<CommentMode>('comment', get('comment'), COMMENT_MODES) ?? 'always',
    reviewComments: reviewComments !== 'false',
    sarifFile: orNull(get('sarif-file')),
    sbomFile: orNull(get('sbom-file')),
    sbomFormat: oneOf('sbom-format', get('sbom-format'), SBOM_FORMATS) ?? 'cyclonedx',
    indexUrl: get('index-url') || DEFAULT_SERVICES.indexUrl,
    simpleUrl: orNull(get('simple-url')),
    indexToken: orNull(get('index-token')),
    osvUrl: get('osv-url') || DEFAULT_SERVICES.osvUrl,
    timeoutS: whole('timeout', get('timeout'), 1) ?? DEFAULT_FACTS_TIMEOUT_S,
    policy,
    policySource: oneOf('policy-source', get('policy-source'), ['base', 'head'] as const) ?? 'base',
    cache: cache !== 'false',
  };
}
