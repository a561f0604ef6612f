/**
 * The action on one workflow run: read the manifests the pull request touches (head from the
 * workspace, base through the API), check them, and report — summary comment, review line
 * comments, annotations, job summary, outputs, SARIF — then pass or fail the step.
 */
import { inScope } from '../checks/judge.js';
import { planComment } from './comment-plan.js';
import { basename, join, posix, resolve } from 'node:path';
import { evaluate, runCheck } from '../engine.js';
import type { CollectedFacts } from '../facts/collect.js';
import type { CheckInput, CheckResult } from '../report/model.js';
import {
  configuredIndexes,
  DEFAULT_SERVICES,
  factsOptions,
  serviceCredentials,
  type ServiceSettings,
} from '../facts/services.js';
import { checkJson } from '../report/json.js';
import {
  githubFiles,
  githubRun,
  indexPagesOnly,
  packagePages,
  type Links,
} from '../report/links.js';
import { COMMENT_LIMIT, renderMarkdown } from '../report/markdown.js';
import { renderSarif } from '../report/sarif.js';
import { UsageError } from '../diagnostics.js';
import { isoDate, parseIsoDate, type IsoDate } from '../iso-date.js';
import { PYGOVERN_VERSION } from '../version.js';
import { annotationsFor, type Annotation } from './annotations.js';
import {
  factsCacheKeys,
  restoreFactsCache,
  saveFactsCache,
  type RestoreCache,
  type SaveCache,
} from './facts-cache.js';
import { payloadWarning, readEvent, type ActionEvent } from './event.js';
import {
  COMPARE_FILE_LIMIT,
  githubApi,
  PULL_FILE_LIMIT,
  statusOf,
  type GithubApi,
} from './github-api.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { maskSecrets, secretForms } from './secrets.js';
import { judgingPolicy } from './policy-source.js';
import { planReview } from './review.js';
import { compareSides, everySide, type Comparison, type Sides } from './sides.js';

/** What the action may do to its runner: @actions/core in production, a recorder in tests. */
export interface ActionIo {
  env: Readonly<Record<string, string | undefined>>;
  payload: unknown;
  /** Why the event payload could not be read; null or absent when it was. */
  payloadProblem?: string | null;
  getInput: (name: string) => string;
  setSecret: (value: string) => void;
  info: (line: string) => void;
  warning: (line: string) => void;
  annotate: (annotation: Annotation) => void;
  setOutput: (name: string, value: string) => void;
  setFailed: (message: string) => void;
  writeSummary: (markdown: string) => Promise<void>;
  /** The directory the step runs in (the workspace when GITHUB_WORKSPACE is unset). */
  cwd: () => string;
  /** Writes a report file (the JSON report, SARIF, SBOM), replacing what is there. */
  writeFile: (path: string, text: string) => void;
  /** Creates the GitHub client (a seam for tests). */
  github?: (token: string, event: ActionEvent) => GithubApi;
  /** The Actions cache (@actions/cache in production); absent: no cache between runs. */
  restoreCache?: RestoreCache;
  saveCache?: SaveCache;
}

/** The day judged as of, set once here: PYGOVERN_TODAY (tests pin it; its first 10 characters) or the clock. */
function todayOf(pinned: string | undefined): IsoDate {
  if (pinned === undefined) return isoDate(new Date());
  const day = parseIsoDate(pinned.slice(0, 10));
  if (day === null)
    throw new UsageError(`PYGOVERN_TODAY takes a date YYYY-MM-DD (got "${pinned}")`);
  return day;
}

/** The facts of a run that looks nothing up. */
const NO_FACTS: CollectedFacts = { of: () => null, all: () => [] };

/** GitHub keeps a step summary up to 1 MiB. */
const SUMMARY_LIMIT = 1_000_000;

/** The hidden first line of the summary comment, per workflow and job. */
export function commentMarker(env: ActionIo['env']): string {
  const clean = (s: string | undefined) => (s ?? '').replace(/--+|>/g, '-');
  return `<!-- pygovern:summary workflow=${clean(env.GITHUB_WORKFLOW)} job=${clean(env.GITHUB_JOB)} -->`;
}

/** Packages to the configured index, `file:line` to the head commit, the run from the comment. */
function linksOf(
  result: CheckResult,
  inputs: ActionInputs,
  event: ActionEvent,
  env: ActionIo['env'],
): Links {
  const head = event.kind === 'other' ? event.sha : event.headSha;
  return indexPagesOnly(result, {
    packagePage: packagePages({ indexUrl: inputs.indexUrl, simpleUrl: inputs.simpleUrl }),
    fileAt: githubFiles(env.GITHUB_SERVER_URL, env.GITHUB_REPOSITORY, head),
    run: githubRun(env),
  });
}

/** Why a write failed, in words for the job summary (GitHub's message, never the token). */
function refusal(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  return `${status === null ? 'error' : `HTTP ${String(status)}`}: ${message.slice(0, 300)}`;
}

const NO_WRITE =
  'pygovern could not write to the pull request (the token has no pull-requests: write permission): the report is in the job summary and the annotations.';

/**
 * Writes the comment and the review and says what it did. No refusal ends the run: a review
 * GitHub cannot place is posted again without its line comments, and every write that still
 * fails is named in the notes, which the job summary shows.
 */
async function reportOnPullRequest(
  result: CheckResult,
  inputs: ActionInputs,
  event: Extract<ActionEvent, { kind: 'pull_request' }>,
  api: GithubApi,
  sides: Sides,
  io: ActionIo,
): Promise<{ commentUrl: string | null; notes: string[] }> {
  const marker = commentMarker(io.env);
  const failed = result.verdict.outcome === 'fail';
  const notes: string[] = [];
  const fail = (what: string, error: unknown) => {
    const status = statusOf(error);
    const note =
      status === 403 || status === 404
        ? NO_WRITE
        : `pygovern could not ${what} (${refusal(error)}).`;
    if (!notes.includes(note)) notes.push(note);
    io.warning(note);
  };
  let commentUrl: string | null = null;
  let self: string | null = null;
  // Only the token's own comments are recognised as earlier runs' (anyone can copy a marker).
  const own = async () => (self ??= await api.viewer());

  if (inputs.comment !== 'never') {
    try {
      const me = await own();
      const existing = (await api.issueComments(event.number)).find(
        (c) => c.author === me && c.body.includes(marker),
      );
      const links = linksOf(result, inputs, event, io.env);
      const body = renderMarkdown(result, {
        marker,
        fullReportUrl: links.run,
        maxLength: COMMENT_LIMIT,
        links,
      });
      const plan = planComment({
        mode: inputs.comment,
        failed,
        touched: sides.touched,
        existing: existing?.id ?? null,
      });
      if (plan.action === 'update') {
        commentUrl = (await api.updateComment(plan.id, body)).url;
        io.info(`Updated the summary comment: ${commentUrl}`);
      } else if (plan.action === 'create') {
        commentUrl = (await api.createComment(event.number, body)).url;
        io.info(`Posted the summary comment: ${commentUrl}`);
      } else if (plan.reason === 'untouched') {
        io.info('This change touches no Python manifest or policy file: no new comment.');
      }
    } catch (error) {
      fail('write the summary comment', error);
    }
  }
  if (inputs.reviewComments) {
    try {
      const me = await own();
      const posted = (await api.reviewComments(event.number)).filter((c) => c.author === me);
      const plan = planReview(
        result.verdict.findings,
        sides.diff,
        posted,
        undefined,
        linksOf(result, inputs, event, io.env),
      );
      if (plan.comments.length > 0) {
        const count = plan.comments.length;
        const body = `pygovern found problems on ${String(count)} ${count === 1 ? 'line' : 'lines'} of this change. The summary comment has the whole report.`;
        try {
          await api.createReview(event.number, event.headSha, body, plan.comments);
          io.info(`Posted a review with ${String(count)} line comments`);
        } catch (error) {
          if (statusOf(error) !== 422) throw error;
          // GitHub could not place a line comment: the review goes without them.
          const why = refusal(error);
          await api.createReview(
            event.number,
            event.headSha,
            `${body}\n\nGitHub could not place the line comments on this pull request's diff (${why}).`,
            [],
          );
          const note = `GitHub refused the review's ${String(count)} line comments (${why}); the review was posted without them.`;
          notes.push(note);
          io.warning(note);
        }
      }
      if (plan.alreadyPosted > 0)
        io.info(
          `${String(plan.alreadyPosted)} findings were already commented on by an earlier run`,
        );
    } catch (error) {
      fail('post the review', error);
    }
  }
  return { commentUrl, notes };
}

/** The comparison an event asks for: the PR's files, or the compare API between two commits. */
async function comparisonOf(event: ActionEvent, api: GithubApi): Promise<Comparison | null> {
  if (event.kind === 'pull_request') {
    const files = await api.pullFiles(event.number);
    const truncated = files.length >= PULL_FILE_LIMIT;
    return { baseSha: event.baseSha, headSha: event.headSha, files, truncated };
  }
  if (event.kind === 'compare') {
    const files = await api.compareFiles(event.baseSha, event.headSha);
    const truncated = files.length >= COMPARE_FILE_LIMIT;
    return { baseSha: event.baseSha, headSha: event.headSha, files, truncated };
  }
  return null;
}

export async function runAction(io: ActionIo): Promise<void> {
  const inputs = readInputs(io.getInput);
  // Every form of each token is masked in the log, and removed from everything reported.
  const secrets = [inputs.token, inputs.indexToken].flatMap(secretForms);
  for (const secret of secrets) io.setSecret(secret);
  const event = readEvent(io.env, io.payload);
  const unreadPayload =
    io.payloadProblem == null
      ? null
      : payloadWarning(io.payloadProblem, io.env.GITHUB_EVENT_NAME ?? '');
  if (unreadPayload !== null) io.warning(unreadPayload);
  const workspace = io.env.GITHUB_WORKSPACE ?? io.cwd();
  const services: ServiceSettings = {
    indexUrl: inputs.indexUrl,
    simpleUrl: inputs.simpleUrl,
    osvUrl: inputs.osvUrl,
    githubApiUrl: io.env.GITHUB_API_URL ?? DEFAULT_SERVICES.githubApiUrl,
    githubToken: inputs.token,
    indexToken: inputs.indexToken,
  };

  const canRead = inputs.token !== '' && event.kind !== 'other';
  const api =
    canRead && io.github !== undefined
      ? io.github(inputs.token, event)
      : canRead
        ? githubApi(inputs.token, event.repository, {
            baseUrl: services.githubApiUrl,
            log: io.info,
          })
        : null;
  const comparison = api === null ? null : await comparisonOf(event, api);
  if (comparison?.truncated === true)
    io.warning(
      `GitHub lists only ${String(comparison.files.length)} of the changed files: every manifest is read and compared.`,
    );

  // The base commit's policy judges (a pull request cannot switch off its own check); what the
  // change does to it is reported. Mistakes in the head's file are input/invalid.
  const judging = await judgingPolicy({
    config: inputs.config,
    inputs: inputs.policy,
    source: inputs.policySource,
    workspace,
    readBase:
      comparison !== null && api !== null ? (path) => api.fileAt(path, comparison.baseSha) : null,
    // pull_request_target checks out the base: the head's file is read at the head commit.
    readHead:
      event.kind === 'pull_request' && event.target && api !== null
        ? (path) => api.fileAt(path, event.headSha)
        : null,
  });
  // The indexes the workflow itself configures are trusted like PyPI.
  const policy = {
    ...judging.policy,
    trustedIndexes: [...judging.policy.trustedIndexes, ...configuredIndexes(services)],
  };
  io.info(`Policy: ${judging.origin}`);
  const { sides, errors: pathErrors } =
    comparison === null || api === null
      ? await everySide(inputs.paths, workspace, policy.maxFileSize)
      : await compareSides({
          comparison,
          paths: inputs.paths,
          everything: inputs.paths.length > 0 || policy.scope === 'all',
          policyFiles: [
            'pygovern.toml',
            'pyproject.toml',
            ...(inputs.config === null ? [] : [posix.normalize(inputs.config)]),
          ],
          workspace,
          githubSha: io.env.GITHUB_SHA,
          api,
          maxFileBytes: policy.maxFileSize,
        });
  io.info(
    `Checking ${String(sides.head.length)} manifests from ${sides.headSource}${comparison === null ? '' : ` against the base ${comparison.baseSha.slice(0, 12)}`}`,
  );
  const today = todayOf(io.env.PYGOVERN_TODAY);
  const asked = [...sides.head, ...(sides.base ?? [])].flatMap((m) =>
    m.dependencies.map((d) => d.normalizedName),
  );
  // No package to look up (a push that changes no manifest): no cache to restore or save.
  const cache =
    inputs.cache && asked.length > 0 && io.restoreCache !== undefined && io.saveCache !== undefined
      ? {
          restore: io.restoreCache,
          save: io.saveCache,
          dir: join(io.env.RUNNER_TEMP ?? workspace, 'pygovern-facts-cache'),
          keys: factsCacheKeys(PYGOVERN_VERSION, today, asked),
        }
      : null;
  const restored =
    cache === null ? null : await restoreFactsCache(cache.restore, cache.dir, cache.keys, io);
  const input: CheckInput = {
    head: sides.head,
    base: sides.base,
    policy,
    policyErrors: [...judging.errors, ...pathErrors],
    policyChanges: judging.changes,
  };
  let result: CheckResult;
  if (sides.head.length === 0 && (sides.base ?? []).length === 0) {
    // No manifest on either side (a push that changes none): nothing to look up, so neither
    // the facts stage nor its HTTP client is loaded.
    const base = sides.base === null ? null : [];
    result = evaluate(input, NO_FACTS, today, { head: [], base });
  } else {
    const { createHttpClient } = await import('../facts/http/client.js');
    const http = createHttpClient({
      credentials: serviceCredentials(services),
      deadlineMs: inputs.timeoutS * 1000,
      cacheDir: cache?.dir ?? null,
      warn: io.warning,
    });
    try {
      result = await runCheck(input, http, factsOptions(services, today));
    } finally {
      await http.close();
    }
  }
  if (cache !== null) await saveFactsCache(cache.save, cache.dir, cache.keys, restored, io);
  result = maskSecrets(result, secrets);

  const { verdict } = result;
  const reportPath = join(io.env.RUNNER_TEMP ?? workspace, 'pygovern-report.json');
  io.writeFile(reportPath, `${JSON.stringify(checkJson(result), null, 2)}\n`);
  if (inputs.sarifFile !== null) {
    io.writeFile(
      resolve(workspace, inputs.sarifFile),
      `${JSON.stringify(renderSarif(result, PYGOVERN_VERSION), null, 2)}\n`,
    );
    io.info(`Wrote SARIF to ${inputs.sarifFile}`);
  }
  if (inputs.sbomFile !== null) {
    // CycloneDX's library is loaded only for a run that writes an SBOM.
    const { renderSbom } = await import('../report/sbom-render.js');
    const sbom = renderSbom(inputs.sbomFormat, result, basename(resolve(workspace)));
    io.writeFile(resolve(workspace, inputs.sbomFile), sbom);
    io.info(`Wrote the ${inputs.sbomFormat} SBOM to ${inputs.sbomFile}`);
  }

  let notes: string[] = [];
  let commentUrl: string | null = null;
  if (event.kind === 'pull_request' && api !== null) {
    if (event.fork) {
      notes = [
        'This pull request comes from a fork, whose token is read-only: the report is in the job summary and the annotations instead of a comment.',
      ];
      io.info(notes[0] ?? '');
    } else {
      ({ commentUrl, notes } = await reportOnPullRequest(result, inputs, event, api, sides, io));
    }
  } else if (event.kind === 'pull_request') {
    notes = ['No github-token was given: the report is in the job summary and the annotations.'];
  }
  if (unreadPayload !== null) notes.unshift(unreadPayload);
  const note = notes.length === 0 ? null : notes.join(' ');

  const annotated = verdict.findings.filter((f) => inScope(f, policy.scope, verdict.compared));
  const { annotations, omitted } = annotationsFor(annotated);
  for (const a of annotations) io.annotate(a);
  if (omitted > 0)
    io.info(
      `${String(omitted)} more findings are in the job summary (GitHub shows 10 annotations of each kind per step).`,
    );
  // The summary is on the run's page: no link back to it; the charts are for it alone.
  const links = { ...linksOf(result, inputs, event, io.env), run: null };
  await io.writeSummary(
    renderMarkdown(result, { maxLength: SUMMARY_LIMIT, note, links, charts: {} }),
  );

  io.setOutput('outcome', verdict.outcome);
  // errors/warnings: what fails the step (introduced, in scope, not excepted); *-total: all.
  const counted = verdict.findings.filter(
    (f) => f.exception === null && (policy.scope === 'all' || f.introduced),
  );
  const count = (severity: string) => String(counted.filter((f) => f.severity === severity).length);
  io.setOutput('errors', count('error'));
  io.setOutput('warnings', count('warning'));
  io.setOutput('errors-total', String(verdict.counts.error));
  io.setOutput('warnings-total', String(verdict.counts.warning));
  io.setOutput('report-json', reportPath);
  io.setOutput('comment-url', commentUrl ?? '');
  if (verdict.outcome === 'fail') {
    const n = verdict.failing.length;
    io.setFailed(
      `pygovern: ${String(n)} ${n === 1 ? 'finding fails' : 'findings fail'} the policy (fail-on: ${policy.failOn}, scope: ${policy.scope}).`,
    );
  }
}
