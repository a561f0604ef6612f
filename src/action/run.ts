/**
 * The action on one workflow run: read the manifests the pull request touches (head from the
 * workspace, base through the API), check them, and report — summary comment, review line
 * comments, annotations, job summary, outputs, SARIF — then pass or fail the step.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Scope } from '../config/policy.js';
import type { Diagnostic } from '../diagnostics.js';
import { manifestKindOf } from '../discover/kinds.js';
import { collectManifests } from '../discover/paths.js';
import type { FoundManifest } from '../discover/walk.js';
import { runCheck, type CheckResult } from '../engine.js';
import { createHttpClient } from '../facts/http.js';
import {
  configuredIndexes,
  DEFAULT_SERVICES,
  factsOptions,
  serviceCredentials,
  type ServiceSettings,
} from '../facts/services.js';
import { loadManifests, relocate } from '../manifests/load.js';
import type { Manifest, ManifestKind } from '../manifests/types.js';
import { checkJson } from '../report/json.js';
import { COMMENT_LIMIT, renderMarkdown } from '../report/markdown.js';
import { renderSarif } from '../report/sarif.js';
import { PYGOVERN_VERSION } from '../version.js';
import { annotationsFor, type Annotation } from './annotations.js';
import { diffLines, type DiffLines } from './diff.js';
import { readEvent, type ActionEvent } from './event.js';
import { githubApi, statusOf, type GithubApi, type PullFile } from './github-api.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { maskSecrets, secretForms } from './secrets.js';
import { loadRemoteManifests } from './remote-manifests.js';
import { judgingPolicy } from './policy-source.js';
import { planReview } from './review.js';

/** What the action may do to its runner: @actions/core in production, a recorder in tests. */
export interface ActionIo {
  env: Readonly<Record<string, string | undefined>>;
  payload: unknown;
  getInput: (name: string) => string;
  setSecret: (value: string) => void;
  info: (line: string) => void;
  warning: (line: string) => void;
  annotate: (annotation: Annotation) => void;
  setOutput: (name: string, value: string) => void;
  setFailed: (message: string) => void;
  writeSummary: (markdown: string) => Promise<void>;
  /** Creates the GitHub client (a seam for tests). */
  github?: (token: string, event: ActionEvent) => GithubApi;
}

/** GitHub keeps a step summary up to 1 MiB. */
const SUMMARY_LIMIT = 1_000_000;

/** The hidden first line of the summary comment, per workflow and job. */
export function commentMarker(env: ActionIo['env']): string {
  const clean = (s: string | undefined) => (s ?? '').replace(/--+|>/g, '-');
  return `<!-- pygovern:summary workflow=${clean(env.GITHUB_WORKFLOW)} job=${clean(env.GITHUB_JOB)} -->`;
}

interface Sides {
  head: Manifest[];
  base: Manifest[] | null;
  diff: Map<string, DiffLines>;
}

/**
 * Manifests of the head (workspace) and the base (API), with the diff of changed ones. With
 * `paths` or `scope: all` every manifest found is read, else only those the change touches.
 */
async function readSides(
  inputs: ActionInputs,
  scope: Scope,
  event: ActionEvent,
  workspace: string,
  api: GithubApi | null,
  maxFileBytes?: number,
): Promise<{ sides: Sides; errors: Diagnostic[] }> {
  const limits = maxFileBytes === undefined ? {} : { maxFileBytes };
  const everything = () => collectManifests(inputs.paths, workspace);
  if (event.kind !== 'pull_request' || api === null) {
    const found = await everything();
    return {
      sides: {
        head: loadManifests(found.manifests, workspace, limits),
        base: null,
        diff: new Map(),
      },
      errors: found.errors,
    };
  }
  const changed = new Map<string, PullFile & { kind: ManifestKind }>();
  for (const f of await api.pullFiles(event.number)) {
    const kind = manifestKindOf(f.filename);
    if (kind !== null) changed.set(f.filename, { ...f, kind });
  }

  let found: FoundManifest[];
  const errors: Diagnostic[] = [];
  if (inputs.paths.length > 0 || scope === 'all') {
    const collected = await everything();
    found = collected.manifests;
    errors.push(...collected.errors);
  } else {
    found = [...changed.values()]
      .filter((f) => f.status !== 'removed')
      .map((f) => ({
        path: f.filename,
        kind: f.kind,
        absolutePath: resolve(workspace, f.filename),
      }));
  }
  const head = loadManifests(found, workspace, limits);
  // The base side: changed manifests as they were (under their old name when renamed);
  // unchanged ones are the same as the head; added ones have none.
  const wanted = found.flatMap((f) => {
    const change = changed.get(f.path);
    if (change === undefined || change.status === 'added') return [];
    return [{ path: change.previousFilename ?? f.path, kind: f.kind, headPath: f.path }];
  });
  const remote = await loadRemoteManifests(wanted, (path) => api.fileAt(path, event.baseSha));
  const before = new Map(
    wanted.flatMap((w, i) => {
      const m = remote[i];
      return m === undefined
        ? []
        : [[w.headPath, relocate(m, (p) => (p === w.path ? w.headPath : p))] as const];
    }),
  );
  const base = head.flatMap((m) => {
    if (!changed.has(m.path)) return [m];
    const old = before.get(m.path);
    return old === undefined ? [] : [old];
  });
  const diff = new Map([...changed.values()].map((f) => [f.filename, diffLines(f.patch)]));
  return { sides: { head, base, diff }, errors };
}

function runUrl(env: ActionIo['env']): string | null {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : null;
}

/** Writes the comment, the review and says what it did; a read-only token only stops writing. */
async function reportOnPullRequest(
  result: CheckResult,
  inputs: ActionInputs,
  event: Extract<ActionEvent, { kind: 'pull_request' }>,
  api: GithubApi,
  sides: Sides,
  io: ActionIo,
): Promise<{ commentUrl: string | null; note: string | null }> {
  const marker = commentMarker(io.env);
  const failed = result.verdict.outcome === 'fail';
  let commentUrl: string | null = null;
  try {
    if (inputs.comment !== 'never') {
      const existing = (await api.issueComments(event.number)).find((c) => c.body.includes(marker));
      const body = renderMarkdown(result, {
        marker,
        fullReportUrl: runUrl(io.env),
        maxLength: COMMENT_LIMIT,
      });
      if (existing !== undefined) {
        commentUrl = (await api.updateComment(existing.id, body)).url;
        io.info(`Updated the summary comment: ${commentUrl}`);
      } else if (inputs.comment === 'always' || failed) {
        commentUrl = (await api.createComment(event.number, body)).url;
        io.info(`Posted the summary comment: ${commentUrl}`);
      }
    }
    if (inputs.reviewComments) {
      const posted = await api.reviewComments(event.number);
      const plan = planReview(result.verdict.findings, sides.diff, posted);
      if (plan.comments.length > 0) {
        const count = plan.comments.length;
        await api.createReview(
          event.number,
          event.headSha,
          `pygovern found problems on ${String(count)} ${count === 1 ? 'line' : 'lines'} of this change. The summary comment has the whole report.`,
          plan.comments,
        );
        io.info(`Posted a review with ${String(count)} line comments`);
      }
      if (plan.alreadyPosted > 0)
        io.info(
          `${String(plan.alreadyPosted)} findings were already commented on by an earlier run`,
        );
    }
    return { commentUrl, note: null };
  } catch (error) {
    const status = statusOf(error);
    if (status === 403 || status === 404) {
      const note =
        'pygovern could not write to the pull request (the token has no pull-requests: write permission): the report is in the job summary and the annotations.';
      io.warning(note);
      return { commentUrl, note };
    }
    throw error;
  }
}

export async function runAction(io: ActionIo): Promise<void> {
  const inputs = readInputs(io.getInput);
  // Every form of each token is masked in the log, and removed from everything reported.
  const secrets = [inputs.token, inputs.indexToken].flatMap(secretForms);
  for (const secret of secrets) io.setSecret(secret);
  const event = readEvent(io.env, io.payload);
  const workspace = io.env.GITHUB_WORKSPACE ?? process.cwd();
  const services: ServiceSettings = {
    indexUrl: inputs.indexUrl,
    simpleUrl: inputs.simpleUrl,
    osvUrl: inputs.osvUrl,
    githubApiUrl: io.env.GITHUB_API_URL ?? DEFAULT_SERVICES.githubApiUrl,
    githubToken: inputs.token,
    indexToken: inputs.indexToken,
  };

  const canRead = inputs.token !== '' && event.kind === 'pull_request';
  const api =
    canRead && io.github !== undefined
      ? io.github(inputs.token, event)
      : canRead
        ? githubApi(inputs.token, event.repository, {
            baseUrl: services.githubApiUrl,
            log: io.info,
          })
        : null;

  // The base commit's policy judges (a pull request cannot switch off its own check); what the
  // pull request changes in it is reported. Mistakes in the head's file are input/invalid.
  const judging = await judgingPolicy({
    config: inputs.config,
    inputs: inputs.policy,
    source: inputs.policySource,
    workspace,
    readBase:
      event.kind === 'pull_request' && api !== null
        ? (path) => api.fileAt(path, event.baseSha)
        : null,
  });
  // The indexes the workflow itself configures are trusted like PyPI.
  const policy = {
    ...judging.policy,
    trustedIndexes: [...judging.policy.trustedIndexes, ...configuredIndexes(services)],
  };
  io.info(`Policy: ${judging.origin}`);
  const { sides, errors: pathErrors } = await readSides(
    inputs,
    policy.scope,
    event,
    workspace,
    api,
    policy.maxFileSize,
  );
  io.info(
    `Checking ${String(sides.head.length)} manifests${sides.base === null ? '' : ` against the base ${event.kind === 'pull_request' ? event.baseSha.slice(0, 12) : ''}`}`,
  );

  const http = createHttpClient({
    credentials: serviceCredentials(services),
    deadlineMs: inputs.timeoutS * 1000,
  });
  let result: CheckResult;
  try {
    result = await runCheck(
      {
        head: sides.head,
        base: sides.base,
        policy,
        policyErrors: [...judging.errors, ...pathErrors],
        policyChanges: judging.changes,
      },
      http,
      factsOptions(services, io.env.PYGOVERN_TODAY ?? new Date().toISOString()),
    );
  } finally {
    await http.close();
  }
  result = maskSecrets(result, secrets);

  const { verdict } = result;
  const reportPath = join(io.env.RUNNER_TEMP ?? workspace, 'pygovern-report.json');
  writeFileSync(reportPath, `${JSON.stringify(checkJson(result), null, 2)}\n`);
  if (inputs.sarifFile !== null) {
    writeFileSync(
      resolve(workspace, inputs.sarifFile),
      `${JSON.stringify(renderSarif(result, PYGOVERN_VERSION), null, 2)}\n`,
    );
    io.info(`Wrote SARIF to ${inputs.sarifFile}`);
  }

  let note: string | null = null;
  let commentUrl: string | null = null;
  if (event.kind === 'pull_request' && api !== null) {
    if (event.fork) {
      note =
        'This pull request comes from a fork, whose token is read-only: the report is in the job summary and the annotations instead of a comment.';
      io.info(note);
    } else {
      ({ commentUrl, note } = await reportOnPullRequest(result, inputs, event, api, sides, io));
    }
  } else if (event.kind === 'pull_request') {
    note = 'No github-token was given: the report is in the job summary and the annotations.';
  }

  const annotated = verdict.findings.filter(
    (f) => policy.scope === 'all' || !verdict.compared || f.introduced,
  );
  const { annotations, omitted } = annotationsFor(annotated);
  for (const a of annotations) io.annotate(a);
  if (omitted > 0)
    io.info(
      `${String(omitted)} more findings are in the job summary (GitHub shows 10 annotations of each kind per step).`,
    );
  await io.writeSummary(renderMarkdown(result, { maxLength: SUMMARY_LIMIT, note }));

  io.setOutput('outcome', verdict.outcome);
  io.setOutput('errors', String(verdict.counts.error));
  io.setOutput('warnings', String(verdict.counts.warning));
  io.setOutput('report-json', reportPath);
  io.setOutput('comment-url', commentUrl ?? '');
  if (verdict.outcome === 'fail') {
    const n = verdict.failing.length;
    io.setFailed(
      `pygovern: ${String(n)} ${n === 1 ? 'finding fails' : 'findings fail'} the policy (fail-on: ${policy.failOn}, scope: ${policy.scope}).`,
    );
  }
}
