/**
 * Package index URLs as the policy compares them: scheme, host and path, without credentials,
 * query or fragment, a trailing slash ignored. PyPI itself is always trusted.
 */

/** The comparable form of an index URL; a text that is not a URL is kept, trimmed. */
export function indexKey(url: string): string {
  const text = url.trim();
  try {
    const u = new URL(text);
    // Only the path is case-sensitive; URL already lowercases scheme and host.
    const path = u.pathname.replace(/\/+$/, '');
    return `${u.protocol}//${u.host}${path}`;
  } catch {
    return text.replace(/\/+$/, '');
  }
}

const PYPI_HOSTS = new Set(['pypi.org', 'pypi.python.org', 'files.pythonhosted.org']);

/** Whether an index is the default PyPI (any of its API roots). */
export function isDefaultIndex(url: string): boolean {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'https:' && PYPI_HOSTS.has(u.hostname) && u.port === '';
  } catch {
    return false;
  }
}

/** Whether `url` is PyPI or listed (after normalising) in `trusted`. */
export function isTrustedIndex(url: string, trusted: readonly string[]): boolean {
  if (isDefaultIndex(url)) return true;
  const key = indexKey(url);
  return trusted.some((t) => indexKey(t) === key);
}
