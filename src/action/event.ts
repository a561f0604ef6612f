/** What the workflow run is about, from the runner's environment and event payload. */

export interface Repository {
  owner: string;
  repo: string;
}

export type ActionEvent =
  | {
      kind: 'pull_request';
      repository: Repository;
      number: number;
      baseSha: string;
      headSha: string;
      /** From a fork: the token is read-only, so nothing can be written to the pull request. */
      fork: boolean;
    }
  | { kind: 'other'; name: string; repository: Repository; sha: string | null };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function readEvent(
  env: Readonly<Record<string, string | undefined>>,
  payload: unknown,
): ActionEvent {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const repository = { owner, repo };
  const name = env.GITHUB_EVENT_NAME ?? '';
  const pr = obj(obj(payload).pull_request);
  const number = typeof pr.number === 'number' ? pr.number : null;
  if ((name === 'pull_request' || name === 'pull_request_target') && number !== null) {
    const base = obj(pr.base);
    const head = obj(pr.head);
    const headRepo = str(obj(head.repo).full_name);
    const baseRepo = str(obj(base.repo).full_name) ?? env.GITHUB_REPOSITORY ?? null;
    return {
      kind: 'pull_request',
      repository,
      number,
      baseSha: str(base.sha) ?? '',
      headSha: str(head.sha) ?? env.GITHUB_SHA ?? '',
      fork: headRepo !== null && baseRepo !== null && headRepo !== baseRepo,
    };
  }
  return { kind: 'other', name, repository, sha: env.GITHUB_SHA ?? null };
}
