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
      const { query } = JSON.parse(request.body) as { query: string };
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
        data[alias] = {
          isArchived: repo.archived ?? false,
          pushedAt: repo.pushedAt ?? '2026-10-01T00:00:00Z',
          defaultBranchRef: {
            target: {
              history: {
                nodes: (repo.commitAuthors ?? []).map((login) => ({
                  author: { user: login === null ? null : { login } },
                })),
              },
            },
          },
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
