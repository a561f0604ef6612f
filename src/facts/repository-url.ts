/**
 * The GitHub repository a project names: from `project_urls` (Source, Repository, Code,
 * Homepage… in that order of trust) or `home_page`. Links that are GitHub but not a
 * repository (sponsors, orgs, user pages, GitHub Pages) are not one.
 */
const LABEL_ORDER = [/^source( code)?$/i, /^(repository|repo|code|github)$/i, /^home\s*page$/i];
const NOT_OWNERS = new Set([
  'sponsors',
  'orgs',
  'marketplace',
  'topics',
  'features',
  'about',
  'apps',
]);

/** `https://github.com/Owner/Repo(.git)(/tree/...)` → `https://github.com/owner/repo`, else null. */
export function githubRepository(url: string): string | null {
  const m =
    /^(?:git\+)?(?:https?|git|ssh):\/\/(?:[^@/]+@)?(?:www\.)?github\.com[/:]([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]+?)(?:\.git)?(?:[/#?@].*)?$/i.exec(
      url.trim(),
    );
  const owner = m?.[1];
  const repo = m?.[2];
  if (owner === undefined || repo === undefined || NOT_OWNERS.has(owner.toLowerCase())) return null;
  if (repo === '.' || repo === '..') return null;
  return `https://github.com/${owner.toLowerCase()}/${repo.toLowerCase()}`;
}

export function repositoryFromUrls(
  projectUrls: Readonly<Record<string, unknown>> | null,
  homePage: string | null,
): string | null {
  const entries = Object.entries(projectUrls ?? {}).filter(
    (e): e is [string, string] => typeof e[1] === 'string',
  );
  for (const label of LABEL_ORDER) {
    for (const [name, url] of entries) {
      const repo = label.test(name.trim()) ? githubRepository(url) : null;
      if (repo !== null) return repo;
    }
  }
  for (const [, url] of entries) {
    const repo = githubRepository(url);
    if (repo !== null) return repo;
  }
  return homePage === null ? null : githubRepository(homePage);
}
