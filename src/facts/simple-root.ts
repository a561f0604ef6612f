/**
 * PyPI's Simple API root beside its JSON API root (`…/pypi` → `…/simple`), if it follows that
 * layout. Its own module so that the action's set-up (services.ts) does not load the facts
 * stage, and with it the HTTP client, before it knows there is a package to look up.
 */
export function simpleRootOf(indexUrl: string): string | null {
  const root = indexUrl.replace(/\/+$/, '');
  return root.endsWith('/pypi') ? `${root.slice(0, -'/pypi'.length)}/simple` : null;
}
