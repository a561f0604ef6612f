/**
 * A fake GitHub API. GraphQL: the aliased `repository(owner:, name:)` queries pygovern sends,
 * answered from a table (unknown repositories: `null` data plus a NOT_FOUND error for that
 * alias, as GitHub does). REST routes for pull requests are added by `routes`.
 */
import {
  startFakeServer,
  type FakeReply,
  type FakeRequest,
  type FakeServer,
  type FakeServerOptions,
} from './server.js';

export interface FakeRepository {
  archived?: boolean;
  pushedAt?: string;
  /** Logins of default-branch commit authors in the last year (repeats and bots allowed). */
  commitAuthors?: (string | null)[];
  /** Dated default-branch commits (any order); answered by `since` and `first` as GitHub does. */
  commits?: { login: string | null; date: string }[];
  /** Open issues (any order); answered oldest first, `first` of them, as the query orders. */
  issues?: { createdAt: string; comments: number }[];
}

export interface FakeGithub extends FakeServer {
  /** Repositories asked per GraphQL query, in order. */
  graphqlBatches: number[];
}

const ALIAS = /(r\d+): repository\(owner: ("(?:[^"\\]|\\.)*"), name: ("(?:[^"\\]|\\.)*")\)/g;

export async function startFakeGithub(
  repositories: Readonly<Record<string, FakeRepository>>,
  options: FakeServerOptions & {
    token?: string;
    routes?: (request: FakeRequest) => FakeReply | undefined | Promise<FakeReply | undefined>;
  } = {},
): Promise<FakeGithub> {
  const graphqlBatches: number[] = [];
  const handler = async (request: FakeRequest): Promise<FakeReply | undefined> => {
    if (request.method === 'POST' && request.path === '/graphql') {
      if (
        options.token !== undefined &&
        request.headers.authorization !== `Bearer ${options.token}`
      ) {
        return { status: 401, json: { message: 'Bad credentials' } };
      }
      const { query, variables } = JSON.parse(request.body) as {
        query: string;
        variables?: { since?: string };
      };
      const since = variables?.since ?? '';
      const firstOf = (field: RegExp) => Number(field.exec(query)?.[1] ?? '100');
      const data: Record<string, unknown> = {};
      const errors: unknown[] = [];
      let count = 0;
      for (const m of query.matchAll(ALIAS)) {
        count++;
        const [alias, owner, name] = [
          m[1] ?? '',
          JSON.parse(m[2] ?? '""') as string,
          JSON.parse(m[3] ?? '""') as string,
        ];
        const repo = repositories[`${owner}/${name}`.toLowerCase()];
        if (repo === undefined) {
          data[alias] = null;
          errors.push({
            type: 'NOT_FOUND',
            path: [alias],
            message: `Could not resolve to a Repository with the name '${owner}/${name}'.`,
          });
          continue;
        }
        // Undated `commitAuthors` are recent commits; dated `commits` are judged by `since`.
        const undated = (repo.commitAuthors ?? []).map((login) => ({ login, date: '' }));
        const dated = [...(repo.commits ?? [])].sort((a, b) => b.date.localeCompare(a.date));
        const nodes = (list: { login: string | null }[]) =>
          list.map(({ login }) => ({ author: { user: login === null ? null : { login } } }));
        const recent = {
          nodes: nodes([...undated, ...dated.filter((c) => c.date >= since)].slice(0, 100)),
        };
        const all = {
          nodes: nodes([...undated, ...dated].slice(0, firstOf(/all: history\(first: (\d+)/))),
        };
        const issues = [...(repo.issues ?? [])]
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
          .slice(0, firstOf(/issues\(states: OPEN, first: (\d+)/))
          .map((i) => ({ createdAt: i.createdAt, comments: { totalCount: i.comments } }));
        data[alias] = {
          isArchived: repo.archived ?? false,
          pushedAt: repo.pushedAt ?? '2026-10-01T00:00:00Z',
          defaultBranchRef: {
            target: query.includes('recent: history') ? { recent, all } : { history: recent },
          },
          ...(query.includes('issues(') ? { issues: { nodes: issues } } : {}),
        };
      }
      graphqlBatches.push(count);
      return { json: { data, ...(errors.length > 0 ? { errors } : {}) } };
    }
    return options.routes?.(request);
  };
  const server = await startFakeServer(handler, options);
  return Object.assign(server, { graphqlBatches });
}
