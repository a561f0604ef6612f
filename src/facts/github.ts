/**
 * Source repositories on GitHub, 50 to a GraphQL query (aliases `r0`…`r49`): archived, last
 * push, and active maintainers = distinct human authors of default-branch commits in the 12
 * months before "today" (bots and commits without a GitHub user are not counted); the same
 * over the last `ALL_TIME_COMMITS` commits; and the oldest `OPEN_ISSUES_SAMPLE` open issues
 * with their comment counts (for the issue-age figures).
 * Without a token nothing is asked and every repository fact is missing, never zero.
 * `hasToken` says whether the HTTP client holds a Bearer credential for the API's origin.
 */
import { startOfDay, type IsoDate } from '../iso-date.js';
import { isJsonObject as isObject } from '../json-guards.js';
import type { Compact, HttpClient } from './http/client.js';
import { describeHttpError } from './pypi-json.js';
import { known, missing, type Fact, type RepositoryFacts } from './types.js';

export const REPOSITORIES_PER_QUERY = 50;
/** Open issues sampled per repository: the oldest ones (issue age figures rest on these). */
export const OPEN_ISSUES_SAMPLE = 50;
/** Default-branch commits whose authors make "contributors of all time" (a bounded count). */
export const ALL_TIME_COMMITS = 100;

/** `https://github.com/owner/repo` → its parts, when both are valid GitHub names. */
export function repositoryParts(url: string): { owner: string; name: string } | null {
  const m = /^https:\/\/github\.com\/([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/.exec(url);
  return m?.[1] !== undefined && m[2] !== undefined ? { owner: m[1], name: m[2] } : null;
}

export function repositoriesQuery(repos: readonly { owner: string; name: string }[]): string {
  const fields = repos
    .map(
      (r, i) =>
        `r${String(i)}: repository(owner: ${JSON.stringify(r.owner)}, name: ${JSON.stringify(r.name)}) {
    isArchived
    pushedAt
    defaultBranchRef { target { ... on Commit {
      recent: history(first: 100, since: $since) { nodes { author { user { login } } } }
      all: history(first: ${String(ALL_TIME_COMMITS)}) { nodes { author { user { login } } } }
    } } }
    issues(states: OPEN, first: ${String(OPEN_ISSUES_SAMPLE)}, orderBy: {field: CREATED_AT, direction: ASC}) {
      nodes { createdAt comments { totalCount } }
    }
  }`,
    )
    .join('\n  ');
  return `query($since: GitTimestamp!) {\n  ${fields}\n}`;
}

function isBot(login: string): boolean {
  return login.endsWith('[bot]') || /-bot$/i.test(login);
}

/** Distinct human authors of a history connection's nodes, or null when it is not there. */
function authorsOf(history: unknown): number | null {
  if (!isObject(history) || !Array.isArray(history.nodes)) return null;
  const logins = new Set<string>();
  for (const commit of history.nodes as unknown[]) {
    const author = isObject(commit) && isObject(commit.author) ? commit.author : null;
    const user = author !== null && isObject(author.user) ? author.user : null;
    const login = user !== null && typeof user.login === 'string' ? user.login : null;
    if (login !== null && !isBot(login)) logins.add(login.toLowerCase());
  }
  return logins.size;
}

function issuesOf(issues: unknown): { createdAt: string; comments: number }[] | null {
  if (!isObject(issues) || !Array.isArray(issues.nodes)) return null;
  const out: { createdAt: string; comments: number }[] = [];
  for (const node of (issues.nodes as unknown[]).slice(0, OPEN_ISSUES_SAMPLE)) {
    if (!isObject(node) || typeof node.createdAt !== 'string') continue;
    if (Number.isNaN(Date.parse(node.createdAt))) continue;
    const comments =
      isObject(node.comments) && typeof node.comments.totalCount === 'number'
        ? node.comments.totalCount
        : 0;
    out.push({ createdAt: node.createdAt, comments });
  }
  return out;
}

function factsOf(url: string, node: unknown): RepositoryFacts | null {
  if (!isObject(node) || typeof node.isArchived !== 'boolean') return null;
  const target =
    isObject(node.defaultBranchRef) && isObject(node.defaultBranchRef.target)
      ? node.defaultBranchRef.target
      : null;
  // An empty repository (no default branch) has no commits at all.
  const empty = node.defaultBranchRef === null ? 0 : null;
  return {
    url,
    archived: node.isArchived,
    pushedAt: typeof node.pushedAt === 'string' ? node.pushedAt : null,
    activeMaintainers: (target === null ? null : authorsOf(target.recent)) ?? empty,
    openIssues: issuesOf(node.issues),
    contributorsAllTime: (target === null ? null : authorsOf(target.all)) ?? empty,
  };
}

/** What the cache keeps of one GraphQL answer: per repository asked, its facts or the error. */
type Answered = { facts: RepositoryFacts | null; error: string | null }[];

/** The facts of every repository of a chunk (aliases `r0`…), drawn once from the answer. */
const answered = (count: number): Compact<unknown, Answered> => ({
  id: 'github-repositories/1',
  reduce: (body) => {
    const data = isObject(body) && isObject(body.data) ? body.data : {};
    const errors =
      isObject(body) && Array.isArray(body.errors)
        ? (body.errors as unknown[]).filter(isObject)
        : [];
    return Array.from({ length: count }, (_, i) => {
      const alias = `r${String(i)}`;
      const error = errors.find((e) => Array.isArray(e.path) && e.path[0] === alias);
      return {
        // The URL is the caller's: it is put back in below.
        facts: factsOf('', data[alias]),
        error: error !== undefined && typeof error.message === 'string' ? error.message : null,
      };
    });
  },
});

export async function fetchRepositories(
  http: HttpClient,
  apiUrl: string,
  hasToken: boolean,
  urls: readonly string[],
  today: IsoDate,
): Promise<Map<string, Fact<RepositoryFacts>>> {
  const out = new Map<string, Fact<RepositoryFacts>>();
  const valid: { url: string; owner: string; name: string }[] = [];
  for (const url of new Set(urls)) {
    const parts = repositoryParts(url);
    if (!hasToken) out.set(url, missing('no GitHub token, so the repository was not looked at'));
    else if (parts === null) out.set(url, missing(`${url} is not a GitHub repository address`));
    else valid.push({ url, ...parts });
  }
  const since = startOfDay(today);
  since.setUTCFullYear(since.getUTCFullYear() - 1);
  const endpoint = graphqlEndpoint(apiUrl);
  const chunks: (typeof valid)[] = [];
  for (let i = 0; i < valid.length; i += REPOSITORIES_PER_QUERY)
    chunks.push(valid.slice(i, i + REPOSITORIES_PER_QUERY));
  await Promise.all(
    chunks.map(async (chunk) => {
      const answer = await http.postJson(
        endpoint,
        { query: repositoriesQuery(chunk), variables: { since: since.toISOString() } },
        // The token reaches GitHub as the HTTP layer's credential for this origin, never as
        // a header here (headers are part of cache keys and debug lines).
        { kind: 'github', fallbackMaxAgeS: 3600, compact: answered(chunk.length) },
      );
      if (!answer.ok) {
        const reason = describeHttpError('GitHub', answer.error, 'GitHub');
        for (const r of chunk) out.set(r.url, missing(reason));
        return;
      }
      chunk.forEach((r, i) => {
        const { facts = null, error = null } = answer.value.body[i] ?? {};
        if (facts !== null) {
          out.set(r.url, known({ ...facts, url: r.url }, `${endpoint} (${r.owner}/${r.name})`));
          return;
        }
        out.set(r.url, missing(`GitHub ${r.owner}/${r.name}: ${error ?? 'no answer for it'}`));
      });
    }),
  );
  return out;
}

/** GitHub's GraphQL endpoint for a REST root: `/graphql` beside it, `/api/graphql` on GHES. */
export function graphqlEndpoint(apiUrl: string): string {
  const root = apiUrl.replace(/\/+$/, '');
  return /\/api\/v3$/.test(root) ? root.replace(/\/api\/v3$/, '/api/graphql') : `${root}/graphql`;
}
