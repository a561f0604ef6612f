/**
 * Credentials per origin, and where they may go. `user:password@` in a URL becomes Basic
 * authentication for that origin (as pip does: the userinfo is removed from the URL actually
 * requested and remembered for the origin); a token configured for an origin becomes Bearer.
 * Redirects keep the credential only to the same origin or its https upgrade.
 */
import type { Scrubber } from '../../text/redact.js';

export type Credential =
  { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

export function authorizationHeader(credential: Credential): string {
  switch (credential.kind) {
    case 'basic':
      return `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
    case 'bearer':
      return `Bearer ${credential.token}`;
  }
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Splits `https://u:p@host/x` into the URL without userinfo and a Basic credential. */
export function splitUserinfo(url: URL): { url: URL; credential: Credential | null } {
  if (url.username === '' && url.password === '') return { url, credential: null };
  const clean = new URL(url.href);
  clean.username = '';
  clean.password = '';
  const credential: Credential = {
    kind: 'basic',
    username: decode(url.username),
    password: decode(url.password),
  };
  return { url: clean, credential };
}

/** How a redirect relates to the URL that answered it. */
export type RedirectRelation = 'same-origin' | 'https-upgrade' | 'cross-origin' | 'downgrade';

export function redirectRelation(from: URL, to: URL): RedirectRelation {
  if (from.origin === to.origin) return 'same-origin';
  if (from.protocol === 'https:' && to.protocol === 'http:') return 'downgrade';
  const upgrade =
    from.protocol === 'http:' &&
    to.protocol === 'https:' &&
    from.hostname === to.hostname &&
    from.port === '' &&
    to.port === '';
  return upgrade ? 'https-upgrade' : 'cross-origin';
}

export interface CredentialStore {
  /** The credential configured or learned for an origin. */
  forOrigin(origin: string): Credential | null;
  /** Remembers a credential met in a URL's userinfo (configured ones win). */
  learn(origin: string, credential: Credential): void;
}

function register(scrubber: Scrubber, credential: Credential): void {
  if (credential.kind === 'basic') scrubber.add(credential.password, credential.username);
  else scrubber.add(credential.token);
}

/** Keys of `configured` may be origins or any URL of the origin. */
export function createCredentialStore(
  configured: Readonly<Record<string, Credential>>,
  scrubber: Scrubber,
): CredentialStore {
  const byOrigin = new Map<string, Credential>();
  const fixed = new Set<string>();
  for (const [key, credential] of Object.entries(configured)) {
    let origin: string;
    try {
      origin = new URL(key).origin;
    } catch {
      continue;
    }
    byOrigin.set(origin, credential);
    fixed.add(origin);
    register(scrubber, credential);
  }
  return {
    forOrigin: (origin) => byOrigin.get(origin) ?? null,
    learn(origin, credential) {
      register(scrubber, credential);
      if (!fixed.has(origin)) byOrigin.set(origin, credential);
    },
  };
}
