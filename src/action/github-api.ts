/**
 * The GitHub REST calls the action makes, over Octokit with its retry and throttling plugins
 * (secondary rate limits and 5xx are retried with back-off). Imported only by the action, so
 * the CLI never loads Octokit; the action loads it at its first call that needs it: the reads
 * a push makes (the changed files, a file at a commit) go over node:http(s) first, and reach
 * Octokit only when GitHub answers anything but 200 or, for a file, 404.
 */
import type { Repository } from './event.js';
import { lightReads } from './github-read.js';

export interface PullFile {
  filename: string;
  status: string;
  previousFilename: string | null;
  patch: string | undefined;
}

export interface IssueComment {
  id: number;
  body: string;
  url: string;
  /** Login of the comment's author (null for a deleted account). */
  author: string | null;
}

export interface ReviewComment {
  path: string;
  body: string;
  author: string | null;
}

/** Who GITHUB_TOKEN (an installation token) writes as; GET /user answers it with 403. */
export const ACTIONS_BOT = 'github-actions[bot]';

/** GitHub lists at most this many files of a comparison (on its first page only). */
export const COMPARE_FILE_LIMIT = 300;
/** GitHub lists at most this many files of a pull request. */
export const PULL_FILE_LIMIT = 3000;

export interface GithubApi {
  pullFiles(number: number): Promise<PullFile[]>;
  /** A file's bytes at a revision, null when it does not exist there. */
  fileAt(path: string, ref: string): Promise<Uint8Array | null>;
  issueComments(number: number): Promise<IssueComment[]>;
  createComment(number: number, body: string): Promise<IssueComment>;
  updateComment(id: number, body: string): Promise<IssueComment>;
  reviewComments(number: number): Promise<ReviewComment[]>;
  /** Files changed between two commits (GitHub's three-dot comparison); at most 300. */
  compareFiles(base: string, head: string): Promise<PullFile[]>;
  /** The login the token writes as. */
  viewer(): Promise<string>;
  createReview(
    number: number,
    commitId: string,
    body: string,
    comments: readonly { path: string; line: number; body: string }[],
  ): Promise<void>;
}

/** An HTTP status from a failed call (403 on a read-only token, 404, 422). */
export function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

interface OctokitHooks {
  hook: { error(name: 'request', handler: (error: unknown) => never): void };
}

/** Seconds a rate-limited answer (403/429) asks to wait: Retry-After, else the reset time. */
function askedWaitS(error: unknown): number | null {
  const { status, response } = error as {
    status?: unknown;
    response?: { headers?: Record<string, unknown> };
  };
  if (status !== 403 && status !== 429) return null;
  const headers = response?.headers ?? {};
  const after = headers['retry-after'];
  if (typeof after === 'string' && /^\d{1,12}$/.test(after.trim())) return Number(after.trim());
  const reset = headers['x-ratelimit-reset'];
  if (
    headers['x-ratelimit-remaining'] === '0' &&
    typeof reset === 'string' &&
    /^\d{1,12}$/.test(reset)
  )
    return Math.max(0, Math.ceil(Number(reset) - Date.now() / 1000) + 1);
  return null;
}

/** The longest wait GitHub may ask for before a request is retried, in seconds. */
export const MAX_RETRY_AFTER_S = 60;

/** Octokit with the REST methods and pagination, as getOctokit returns it. */
type RestOctokit = ReturnType<typeof import('@actions/github').getOctokit>;

/** A changed file as GitHub lists it, from JSON that is not checked otherwise. */
function lightFile(f: unknown): PullFile | null {
  const { filename, status, previous_filename, patch } = (f ?? {}) as Record<string, unknown>;
  if (typeof filename !== 'string' || typeof status !== 'string') return null;
  return {
    filename,
    status,
    previousFilename: typeof previous_filename === 'string' ? previous_filename : null,
    patch: typeof patch === 'string' ? patch : undefined,
  };
}

/** The files of a compare answer; null when it is not the JSON GitHub sends. */
function parsedFiles(body: Buffer): PullFile[] | null {
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  const files = (data as { files?: unknown } | null)?.files ?? [];
  if (!Array.isArray(files)) return null;
  const parsed = files.map(lightFile);
  return parsed.every((f) => f !== null) ? parsed : null;
}

export function githubApi(
  token: string,
  repository: Repository,
  options: {
    baseUrl: string;
    log: (line: string) => void;
    /** Where proxy settings are read (Octokit's client goes through them); process.env when absent. */
    env?: Readonly<Record<string, string | undefined>>;
  },
): GithubApi {
  const host = URL.canParse(options.baseUrl) ? new URL(options.baseUrl).host : options.baseUrl;
  // Retry a limited request twice (after the wait GitHub names), saying so in the log. A wait
  // longer than MAX_RETRY_AFTER_S was refused (and logged) by refuseLongWaits already.
  const onLimit =
    (kind: string) =>
    (after: number, request: { method: string; url: string }, _o: unknown, count: number) => {
      if (after > MAX_RETRY_AFTER_S) return false;
      options.log(
        `GitHub ${kind} on ${request.method} ${request.url}: retrying in ${String(after)} s`,
      );
      return count < 2;
    };
  // Sees every failed request first: a rate limit asking for more than the cap fails the call
  // now, with no retry by either plugin (`Retry-After: 100000` would hold the action 28 hours).
  const refuseLongWaits = (octokit: OctokitHooks) => {
    octokit.hook.error('request', (error: unknown) => {
      const wait = askedWaitS(error);
      if (wait !== null && wait > MAX_RETRY_AFTER_S) {
        const request = (error as { request?: { method?: string; url?: string } }).request;
        options.log(
          `GitHub ${request?.method ?? ''} ${request?.url ?? ''}: rate limited by ${host}: Retry-After ${String(wait)} s is longer than ${String(MAX_RETRY_AFTER_S)} s; not retried`,
        );
        // Without its request the retry plugin leaves the error alone.
        delete (error as { request?: unknown }).request;
      }
      throw error;
    });
  };
  // Octokit, undici and the plug-ins are loaded once, by the first call that needs them.
  let client: Promise<RestOctokit> | null = null;
  const load = async (): Promise<RestOctokit> => {
    // One after another: modules that share imports, loaded at once, trip Jest's ESM loader.
    const { getOctokit } = await import('@actions/github');
    const { retry } = await import('@octokit/plugin-retry');
    const { throttling } = await import('@octokit/plugin-throttling');
    return getOctokit(
      token,
      {
        baseUrl: options.baseUrl,
        throttle: {
          onRateLimit: onLimit('rate limit'),
          onSecondaryRateLimit: onLimit('secondary rate limit'),
        },
        retry: { doNotRetry: [400, 401, 403, 404, 422] },
      },
      refuseLongWaits,
      retry,
      throttling,
    );
  };
  const octokitOf = () => (client ??= load());
  const light = lightReads(options.baseUrl, token, options.env ?? process.env);
  const repo = { owner: repository.owner, repo: repository.repo };
  const repoPath = `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}`;
  const comment = (c: {
    id: number;
    body?: string | null;
    html_url: string;
    user?: { login: string } | null;
  }): IssueComment => ({
    id: c.id,
    body: c.body ?? '',
    url: c.html_url,
    author: c.user?.login ?? null,
  });
  const file = (f: {
    filename: string;
    status: string;
    previous_filename?: string;
    patch?: string;
  }): PullFile => ({
    filename: f.filename,
    status: f.status,
    previousFilename: f.previous_filename ?? null,
    patch: f.patch,
  });
  return {
    async pullFiles(number) {
      const octokit = await octokitOf();
      const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
        ...repo,
        pull_number: number,
        per_page: 100,
      });
      return files.map(file);
    },
    async compareFiles(base, head) {
      // Files come on the first page only (commits are what the pages split).
      const basehead = `${base}...${head}`;
      const plain = await light?.get(
        `${repoPath}/compare/${encodeURIComponent(basehead)}?per_page=100&page=1`,
        false,
      );
      if (plain?.status === 200) {
        const files = parsedFiles(plain.body);
        if (files !== null) return files;
      }
      const octokit = await octokitOf();
      const answer = await octokit.rest.repos.compareCommitsWithBasehead({
        ...repo,
        basehead,
        per_page: 100,
        page: 1,
      });
      return (answer.data.files ?? []).map(file);
    },
    async viewer() {
      const octokit = await octokitOf();
      // An installation token (GITHUB_TOKEN, an app's token) cannot read /user: 403.
      try {
        return (await octokit.rest.users.getAuthenticated()).data.login;
      } catch (error) {
        const status = statusOf(error);
        if (status === 403 || status === 404) return ACTIONS_BOT;
        throw error;
      }
    },
    async fileAt(path, ref) {
      const plain = await light?.get(
        `${repoPath}/contents/${path.split('/').map(encodeURIComponent).join('/')}?ref=${encodeURIComponent(ref)}`,
        true,
      );
      if (plain?.status === 404) return null;
      if (plain?.status === 200) return new Uint8Array(plain.body);
      const octokit = await octokitOf();
      try {
        const answer = await octokit.rest.repos.getContent({
          ...repo,
          path,
          ref,
          mediaType: { format: 'raw' },
        });
        // Octokit gives text for text/* answers and an ArrayBuffer for the raw media type.
        const data: unknown = answer.data;
        if (typeof data === 'string') return new TextEncoder().encode(data);
        if (data instanceof ArrayBuffer) return new Uint8Array(data);
        if (data instanceof Uint8Array) return data;
        throw new Error(`unexpected contents answer for ${path} at ${ref}`);
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    },
    async issueComments(number) {
      const octokit = await octokitOf();
      const list = await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: number,
        per_page: 100,
      });
      return list.map(comment);
    },
    async createComment(number, body) {
      const octokit = await octokitOf();
      const answer = await octokit.rest.issues.createComment({
        ...repo,
        issue_number: number,
        body,
      });
      return comment(answer.data);
    },
    async updateComment(id, body) {
      const octokit = await octokitOf();
      const answer = await octokit.rest.issues.updateComment({ ...repo, comment_id: id, body });
      return comment(answer.data);
    },
    async reviewComments(number) {
      const octokit = await octokitOf();
      const list = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
        ...repo,
        pull_number: number,
        per_page: 100,
      });
      return list.map((c) => ({ path: c.path, body: c.body, author: c.user.login }));
    },
    async createReview(number, commitId, body, comments) {
      const octokit = await octokitOf();
      await octokit.rest.pulls.createReview({
        ...repo,
        pull_number: number,
        commit_id: commitId,
        event: 'COMMENT',
        body,
        comments: comments.map((c) => ({
          path: c.path,
          line: c.line,
          side: 'RIGHT',
          body: c.body,
        })),
      });
    },
  };
}
