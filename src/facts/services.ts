/**
 * The outside services a check talks to, as the CLI and the action configure them: default
 * addresses, the tokens each service gets (by origin, so nothing else ever sees them), and
 * the facts options that follow.
 */
import type { IsoDate } from '../iso-date.js';
import type { FactsOptions } from './collect.js';
import { simpleRootOf } from './simple-root.js';
import type { Credential } from './http/credentials.js';

export const DEFAULT_SERVICES = {
  indexUrl: 'https://pypi.org/pypi',
  osvUrl: 'https://api.osv.dev',
  githubApiUrl: 'https://api.github.com',
} as const;

/** The deadline of all facts together when none is given (`--timeout`, input `timeout`). */
export const DEFAULT_FACTS_TIMEOUT_S = 300;

export interface ServiceSettings {
  indexUrl: string;
  /** A Simple API root used instead of the JSON API, or null. */
  simpleUrl: string | null;
  osvUrl: string;
  githubApiUrl: string;
  githubToken: string | null;
  indexToken: string | null;
}

const present = (token: string | null | undefined): token is string =>
  token !== null && token !== undefined && token !== '';

/** Bearer tokens for GitHub and for the index pygovern asks, keyed by origin. */
export function serviceCredentials(s: ServiceSettings): Record<string, Credential> {
  const credentials: Record<string, Credential> = {};
  if (present(s.githubToken))
    credentials[new URL(s.githubApiUrl).origin] = { kind: 'bearer', token: s.githubToken };
  if (present(s.indexToken))
    credentials[new URL(s.simpleUrl ?? s.indexUrl).origin] = {
      kind: 'bearer',
      token: s.indexToken,
    };
  return credentials;
}

/** The facts options for these services, judged as of `today`. */
export function factsOptions(s: ServiceSettings, today: IsoDate): FactsOptions {
  return {
    indexUrl: s.indexUrl,
    simpleUrl: s.simpleUrl,
    osvUrl: s.osvUrl,
    githubApiUrl: s.githubApiUrl,
    githubToken: present(s.githubToken),
    today,
  };
}

/** The indexes the workflow or command line configures: trusted like PyPI. */
export function configuredIndexes(s: ServiceSettings): string[] {
  return [s.indexUrl, simpleRootOf(s.indexUrl), s.simpleUrl].filter((u) => u !== null);
}
