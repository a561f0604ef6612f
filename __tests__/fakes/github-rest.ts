/**
 * The REST side of a fake GitHub for one repository and its pull request: PR files
 * (paginated), file contents at a revision, comparisons of two commits, the token's user,
 * issue comments, review comments and reviews (each comment with its author, as GitHub gives).
 * It keeps what it receives, so tests and the demo can show and assert on it. Plugged into
 * `startFakeGithub` as its `routes`. No jest here: the demo runs it compiled.
 */
import type { FakeReply, FakeRequest } from './server.js';

export interface PullFile {
  filename: string;
  status: 'added' | 'modified' | 'removed' | 'renamed';
  previous_filename?: string;
  patch?: string;
}

export interface GithubUser {
  login: string;
  type: 'User' | 'Bot';
}

/** Who GITHUB_TOKEN writes as. */
export const ACTIONS_BOT: GithubUser = { login: 'github-actions[bot]', type: 'Bot' };

export interface StoredComment {
  id: number;
  body: string;
  html_url: string;
  user: GithubUser;
}

export interface StoredReviewComment {
  id: number;
  path: string;
  line: number;
  side: string;
  body: string;
  review_id: number;
  user: GithubUser;
}

export interface StoredReview {
  id: number;
  commit_id: string;
  event: string;
  body: string;
  comments: { path: string; line: number; side: string; body: string }[];
}

export interface FakePullRequest {
  owner: string;
  repo: string;
  number: number;
  files: PullFile[];
  /** File contents by revision, then path. */
  contents: Record<string, Record<string, string>>;
  /** Whether the token may write (false: a fork's read-only token, answers 403). */
  writable: boolean;
  /**
   * The user a personal token acts as; absent for an installation token (GITHUB_TOKEN), for
   * which GET /user answers 403 and comments are written by github-actions[bot].
   */
  viewer?: GithubUser;
  /** Changed files between two commits, by `base...head` (the compare API). */
  comparisons?: Record<string, PullFile[]>;
}

export interface GithubRecord {
  comments: StoredComment[];
  reviews: StoredReview[];
  reviewComments: StoredReviewComment[];
  /** Every write call (method and path), in order. */
  writes: string[];
}

export function githubRest(pr: FakePullRequest, perPage = 1) {
  const record: GithubRecord = { comments: [], reviews: [], reviewComments: [], writes: [] };
  let nextId = 1000;
  const prefix = `/repos/${pr.owner}/${pr.repo}`;
  const forbidden: FakeReply = {
    status: 403,
    json: { message: 'Resource not accessible by integration' },
  };

  const page = (request: FakeRequest, items: readonly unknown[], base: string): FakeReply => {
    const url = new URL(request.path, 'http://fake');
    const size = Math.min(Number(url.searchParams.get('per_page') ?? perPage), perPage);
    const n = Number(url.searchParams.get('page') ?? '1');
    const slice = items.slice((n - 1) * size, n * size);
    const last = Math.max(1, Math.ceil(items.length / size));
    const host = String(request.headers.host);
    const link =
      n < last
        ? {
            link: `<http://${host}${base}?per_page=${String(size)}&page=${String(n + 1)}>; rel="next", <http://${host}${base}?per_page=${String(size)}&page=${String(last)}>; rel="last"`,
          }
        : undefined;
    return { json: slice, ...(link === undefined ? {} : { headers: link }) };
  };

  const routes = (request: FakeRequest): FakeReply | undefined => {
    const path = request.path.split('?')[0] ?? '';
    const url = new URL(request.path, 'http://fake');
    const write = request.method !== 'GET';
    if (write) record.writes.push(`${request.method} ${path}`);
    if (write && !pr.writable) return forbidden;

    const author = pr.viewer ?? ACTIONS_BOT;
    if (request.method === 'GET' && path === '/user')
      return pr.viewer === undefined ? forbidden : { json: { ...pr.viewer, id: 1 } };

    // Compare: commits are paginated; files come on the first page only, at most 300.
    const compare = new RegExp(`^${prefix}/compare/([^/]+)$`).exec(path);
    if (request.method === 'GET' && compare?.[1] !== undefined) {
      const basehead = decodeURIComponent(compare[1]);
      const changed = pr.comparisons?.[basehead];
      if (changed === undefined) return { status: 404, json: { message: 'Not Found' } };
      const n = Number(url.searchParams.get('page') ?? '1');
      const [, head = ''] = basehead.split('...');
      return {
        json: {
          status: 'ahead',
          ahead_by: 1,
          behind_by: 0,
          total_commits: 1,
          commits: n === 1 ? [{ sha: head }] : [],
          ...(n === 1 ? { files: changed.slice(0, 300) } : {}),
        },
      };
    }

    const files = `${prefix}/pulls/${String(pr.number)}/files`;
    if (request.method === 'GET' && path === files) return page(request, pr.files, files);

    const contents = new RegExp(`^${prefix}/contents/(.+)$`).exec(path);
    if (request.method === 'GET' && contents?.[1] !== undefined) {
      const file = decodeURIComponent(contents[1]);
      const ref = url.searchParams.get('ref') ?? 'HEAD';
      const text = pr.contents[ref]?.[file];
      if (text === undefined) return { status: 404, json: { message: 'Not Found' } };
      if (String(request.headers.accept).includes('raw'))
        return { body: text, contentType: 'application/vnd.github.raw' };
      return {
        json: {
          type: 'file',
          path: file,
          encoding: 'base64',
          content: Buffer.from(text).toString('base64'),
        },
      };
    }

    const issueComments = `${prefix}/issues/${String(pr.number)}/comments`;
    if (path === issueComments && request.method === 'GET')
      return page(request, record.comments, issueComments);
    if (path === issueComments && request.method === 'POST') {
      const { body } = JSON.parse(request.body) as { body: string };
      if (body.length > 65_536)
        return { status: 422, json: { message: 'Body is too long (maximum is 65536 characters)' } };
      const id = nextId++;
      const comment = {
        id,
        body,
        html_url: `https://github.example/${pr.owner}/${pr.repo}/pull/${String(pr.number)}#issuecomment-${String(id)}`,
        user: author,
      };
      record.comments.push(comment);
      return { status: 201, json: comment };
    }
    const edit = new RegExp(`^${prefix}/issues/comments/(\\d+)$`).exec(path);
    if (edit?.[1] !== undefined && request.method === 'PATCH') {
      const comment = record.comments.find((c) => c.id === Number(edit[1]));
      if (comment === undefined) return { status: 404, json: { message: 'Not Found' } };
      const { body } = JSON.parse(request.body) as { body: string };
      if (body.length > 65_536)
        return { status: 422, json: { message: 'Body is too long (maximum is 65536 characters)' } };
      comment.body = body;
      return { json: comment };
    }

    const reviewComments = `${prefix}/pulls/${String(pr.number)}/comments`;
    if (path === reviewComments && request.method === 'GET')
      return page(request, record.reviewComments, reviewComments);
    const reviews = `${prefix}/pulls/${String(pr.number)}/reviews`;
    if (path === reviews && request.method === 'POST') {
      const review = JSON.parse(request.body) as Omit<StoredReview, 'id'>;
      const id = nextId++;
      const diffLines = new Map(pr.files.map((f) => [f.filename, rightLines(f.patch ?? '')]));
      for (const c of review.comments) {
        if (!(diffLines.get(c.path)?.has(c.line) ?? false))
          return {
            status: 422,
            json: { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] },
          };
      }
      record.reviews.push({ id, ...review, comments: review.comments });
      for (const c of review.comments)
        record.reviewComments.push({ id: nextId++, review_id: id, ...c, user: author });
      return { json: { id, state: 'COMMENTED' } };
    }
    return undefined;
  };
  return { routes, record };
}

/** The right-side lines a unified diff shows (the lines a review comment may sit on). */
export function rightLines(patch: string): Set<number> {
  const lines = new Set<number>();
  let line = 0;
  for (const text of patch.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk?.[1] !== undefined) {
      line = Number(hunk[1]);
      continue;
    }
    if (line === 0 || text.startsWith('-') || text.startsWith('\\')) continue;
    lines.add(line++);
  }
  return lines;
}
