/** What the workflow run is about, from the runner's environment and event payload. */
import { readFileSync } from 'node:fs';
import { nonEmptyString as str, objectOrEmpty as obj } from '../json-guards.js';

export interface Repository {
  owner: string;
  repo: string;
}

export type ActionEvent =
  | {
      kind: 'pull_request';
      /** pull_request_target: the workspace is the base branch; the head is read as data only. */
      target: boolean;
      repository: Repository;
      number: number;
      baseSha: string;
      headSha: string;
      /** From a fork: the token is read-only, so nothing can be written to the pull request. */
      fork: boolean;
    }
  /** merge_group (base_sha...head_sha) and push (before...after): a comparison, no PR. */
  | { kind: 'compare'; name: string; repository: Repository; baseSha: string; headSha: string }
  | { kind: 'other'; name: string; repository: Repository; sha: string | null };

/** A first push (or a new branch) has `before` all zeros: nothing to compare with. */
const NO_COMMIT = /^0+$/;

export function readEvent(
  env: Readonly<Record<string, string | undefined>>,
  payload: unknown,
): ActionEvent {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const repository = { owner, repo };
  const name = env.GITHUB_EVENT_NAME ?? '';
  const body = obj(payload);
  const pr = obj(body.pull_request);
  const number = typeof pr.number === 'number' ? pr.number : null;
  if ((name === 'pull_request' || name === 'pull_request_target') && number !== null) {
    const base = obj(pr.base);
    const head = obj(pr.head);
    const headRepo = str(obj(head.repo).full_name);
    const baseRepo = str(obj(base.repo).full_name) ?? env.GITHUB_REPOSITORY ?? null;
    return {
      kind: 'pull_request',
      target: name === 'pull_request_target',
      repository,
      number,
      baseSha: str(base.sha) ?? '',
      headSha: str(head.sha) ?? env.GITHUB_SHA ?? '',
      // pull_request_target runs with the base repository's token, which can write.
      fork:
        name === 'pull_request' && headRepo !== null && baseRepo !== null && headRepo !== baseRepo,
    };
  }
  const group = obj(body.merge_group);
  const [groupBase, groupHead] = [str(group.base_sha), str(group.head_sha)];
  if (name === 'merge_group' && groupBase !== null && groupHead !== null)
    return { kind: 'compare', name, repository, baseSha: groupBase, headSha: groupHead };
  const [before, after] = [str(body.before), str(body.after) ?? env.GITHUB_SHA ?? null];
  if (name === 'push' && before !== null && after !== null && !NO_COMMIT.test(before))
    return { kind: 'compare', name, repository, baseSha: before, headSha: after };
  return { kind: 'other', name, repository, sha: env.GITHUB_SHA ?? null };
}

/** The event payload, or why it could not be read (then the run is not about a pull request). */
export type PayloadRead = { payload: unknown; problem: null } | { payload: null; problem: string };

/**
 * Reads the payload at GITHUB_EVENT_PATH. No path is no payload; a file that cannot be read or
 * is not JSON is a problem to report, never silently "not a pull request". The reason never
 * quotes the file, which is data from the event.
 */
export function readPayload(
  path: string | undefined,
  read: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): PayloadRead {
  if (path === undefined || path === '') return { payload: {}, problem: null };
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      payload: null,
      problem: `cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}`,
    };
  }
  try {
    return { payload: JSON.parse(text) as unknown, problem: null };
  } catch {
    return { payload: null, problem: `${path} is not valid JSON` };
  }
}

/** The warning for a payload that could not be read: said in the log and the job summary. */
export const payloadWarning = (problem: string, event: string): string =>
  `The event payload could not be read (${problem}), so this ${event === '' ? 'run' : `${event} run`} is not judged as a pull request: nothing is compared with a base and nothing is written to a pull request.`;
