/**
 * Runs the bundled action (`dist/index.js`) exactly as a runner does — `GITHUB_*` and
 * `INPUT_*` variables, an event payload file, a workspace holding the head — against the fake
 * services. Used by the end-to-end tests and by `npm run demo`. No jest here.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  githubRest,
  type FakePullRequest,
  type GithubRecord,
  type PullFile,
} from './github-rest.js';
import type { FaultRule } from './faults.js';
import { startFakeServices, type FactsFile, type FakeServices } from './services.js';

export const BASE_SHA = 'b'.repeat(40);
/** Placeholder commits, hex like real ones (the comment links files at the head commit). */
export const HEAD_SHA = 'e'.repeat(40);
export const GITHUB_TOKEN = 'ghs_fakeTokenForTheDemo0123456789';

/** A unified diff of one file, as GitHub's `patch` field gives it (hunks only). */
function patchOf(before: string | undefined, after: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'pygovern-diff-'));
  try {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    writeFileSync(a, before ?? '');
    writeFileSync(b, after ?? '');
    let out = '';
    try {
      execFileSync('git', ['diff', '--no-index', '--no-color', '-U3', a, b], { encoding: 'utf8' });
    } catch (error) {
      // git diff exits 1 when the files differ; the diff is its output.
      out = (error as { stdout?: string }).stdout ?? '';
    }
    const start = out.indexOf('@@');
    return start === -1 ? '' : out.slice(start).replace(/\n$/, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PR's file list: every path that differs between the two sides. */
export function pullFiles(
  base: Readonly<Record<string, string>>,
  head: Readonly<Record<string, string>>,
): PullFile[] {
  const paths = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  return paths.flatMap((path): PullFile[] => {
    const [before, after] = [base[path], head[path]];
    if (before === after) return [];
    const status = before === undefined ? 'added' : after === undefined ? 'removed' : 'modified';
    return [{ filename: path, status, patch: patchOf(before, after) }];
  });
}

export interface Scenario {
  services: FakeServices;
  /** `pull_request.base.sha` (the base branch now) and `head.sha`. */
  readonly baseSha: string;
  readonly headSha: string;
  /** The files of the pull request's head. */
  readonly head: Readonly<Record<string, string>>;
  pr: FakePullRequest;
  record: GithubRecord;
  /** Replaces the head (a new push to the pull request). */
  push(head: Readonly<Record<string, string>>): void;
  close(): Promise<void>;
}

export async function startScenario(
  facts: FactsFile,
  base: Readonly<Record<string, string>>,
  head: Readonly<Record<string, string>>,
  options: {
    writable?: boolean;
    faults?: FaultRule[];
    /** Real commits (a git-built workspace); default the placeholder shas. */
    shas?: { base: string; head: string };
    /** The base branch as it is now, when it moved after the PR branched off `base`. */
    baseTip?: Readonly<Record<string, string>>;
    viewer?: FakePullRequest['viewer'];
  } = {},
): Promise<Scenario> {
  const baseSha = options.shas?.base ?? BASE_SHA;
  const headSha = options.shas?.head ?? HEAD_SHA;
  const pr: FakePullRequest = {
    owner: 'acme',
    repo: 'orders',
    number: 42,
    files: [],
    contents: { [baseSha]: { ...(options.baseTip ?? base) } },
    writable: options.writable ?? true,
    comparisons: {},
    ...(options.viewer === undefined ? {} : { viewer: options.viewer }),
  };
  const rest = githubRest(pr);
  const services = await startFakeServices(facts, {
    githubToken: GITHUB_TOKEN,
    githubRoutes: rest.routes,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
  let current = head;
  const scenario: Scenario = {
    services,
    baseSha,
    headSha,
    pr,
    record: rest.record,
    get head() {
      return current;
    },
    push(next) {
      current = next;
      // GitHub diffs the head against the merge base (where the PR branched off).
      pr.files = pullFiles(base, current);
      pr.contents[headSha] = { ...current };
      pr.comparisons = { [`${baseSha}...${headSha}`]: pr.files };
    },
    close: () => services.close(),
  };
  scenario.push(head);
  return scenario;
}

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** `::error file=…,line=…::message` lines, parsed. */
  annotations: {
    level: string;
    file: string | null;
    line: number | null;
    title: string | null;
    message: string;
  }[];
  workspace: string;
}

function readOutputs(path: string): Record<string, string> {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  const outputs: Record<string, string> = {};
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) if (m[1] !== undefined) outputs[m[1]] = m[3] ?? '';
  return outputs;
}

const unescape = (s: string) =>
  s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');

function parseAnnotations(stdout: string): ActionRun['annotations'] {
  const out: ActionRun['annotations'] = [];
  for (const m of stdout.matchAll(/^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm)) {
    const props = new Map(
      (m[2] ?? '')
        .split(',')
        .filter((p) => p.includes('='))
        .map((p) => [p.slice(0, p.indexOf('=')), unescape(p.slice(p.indexOf('=') + 1))] as const),
    );
    out.push({
      level: m[1] ?? '',
      file: props.get('file') ?? null,
      line: props.has('line') ? Number(props.get('line')) : null,
      title: props.get('title') ?? null,
      message: unescape(m[3] ?? ''),
    });
  }
  return out;
}

/** Runs `node dist/index.js` on the scenario's current head, as a pull_request event. */
export async function runBundledAction(
  scenario: Scenario,
  options: {
    root: string;
    inputs?: Record<string, string>;
    fork?: boolean;
    today?: string;
    event?: string;
    /** Changes the workspace after the head is written (symbolic links, `.git/config`). */
    prepare?: (workspace: string) => void;
    /** A checkout built as actions/checkout builds it (default: the head's files, no git). */
    workspace?: string;
    /** GITHUB_SHA (default the PR head). */
    sha?: string;
    /** The event payload (default a pull_request `synchronize`). */
    payload?: unknown;
    /** More environment (the Actions cache service, a RUNNER_TEMP shared by runs). */
    env?: Record<string, string>;
  },
): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'pygovern-action-'));
  let workspace = options.workspace;
  if (workspace === undefined) {
    workspace = join(dir, 'workspace');
    for (const [path, text] of Object.entries(scenario.head)) {
      mkdirSync(dirname(join(workspace, path)), { recursive: true });
      writeFileSync(join(workspace, path), text);
    }
    mkdirSync(join(workspace, '.git'), { recursive: true });
  }
  options.prepare?.(workspace);
  const eventPath = join(dir, 'event.json');
  const fork = options.fork ?? false;
  writeFileSync(
    eventPath,
    JSON.stringify(
      options.payload ?? {
        action: 'synchronize',
        number: scenario.pr.number,
        pull_request: {
          number: scenario.pr.number,
          base: { sha: scenario.baseSha, repo: { full_name: 'acme/orders' } },
          head: {
            sha: scenario.headSha,
            repo: { full_name: fork ? 'someone/orders' : 'acme/orders' },
          },
        },
      },
    ),
  );
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const s = scenario.services;
  const inputs: Record<string, string> = {
    'github-token': GITHUB_TOKEN,
    'index-url': s.pypi.jsonUrl,
    'osv-url': s.osv.url,
    comment: 'always',
    'review-comments': 'true',
    scope: 'changed',
    ...options.inputs,
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event ?? 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/orders',
    GITHUB_SHA: options.sha ?? scenario.headSha,
    GITHUB_WORKSPACE: workspace,
    GITHUB_API_URL: s.github.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '7',
    GITHUB_WORKFLOW: 'dependencies',
    GITHUB_JOB: 'pygovern',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    PYGOVERN_TODAY: options.today ?? '2026-11-24',
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  const child = spawn(process.execPath, [join(options.root, 'dist/index.js')], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exitCode = await new Promise<number>((done) => {
    child.on('close', (code) => {
      done(code ?? -1);
    });
  });
  return {
    exitCode,
    stdout,
    stderr,
    outputs: readOutputs(outputFile),
    summary: readFileSync(summaryFile, 'utf8'),
    annotations: parseAnnotations(stdout),
    workspace,
  };
}

/** The example pull request's files (examples/pr/<side>/), by repository path. */
export function exampleSide(root: string, side: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ['pyproject.toml', 'requirements-docs.txt'])
    files[name] = readFileSync(join(root, 'examples/pr', side, name), 'utf8');
  return files;
}

export interface Checkout {
  /** The clone the workflow's job sees. */
  workspace: string;
  /** Where the PR branched off main. */
  mergeBase: string;
  /** main now (`pull_request.base.sha`). */
  baseSha: string;
  headSha: string;
  /** GitHub's test merge at refs/pull/N/merge. */
  mergeSha: string;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

function commitFiles(repo: string, files: Readonly<Record<string, string>>, message: string) {
  git(repo, 'rm', '-rq', '--ignore-unmatch', '.');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', message, '--allow-empty');
  return git(repo, 'rev-parse', 'HEAD');
}

/**
 * A repository as GitHub holds a pull request — main, the PR branch, and a real merge commit
 * at refs/pull/N/merge — and the workspace `actions/checkout` makes of it with fetch-depth 1:
 * only the checked-out commit is there (the merge, or main for pull_request_target).
 */
export function checkoutLikeActions(options: {
  base: Readonly<Record<string, string>>;
  head: Readonly<Record<string, string>>;
  /** main after the PR branched off (the base branch moved). */
  moved?: Readonly<Record<string, string>>;
  ref: 'merge' | 'base' | 'head';
  number?: number;
}): Checkout {
  const dir = mkdtempSync(join(tmpdir(), 'pygovern-git-'));
  const n = String(options.number ?? 42);
  const src = join(dir, 'src');
  mkdirSync(src);
  git(src, 'init', '-q', '-b', 'main');
  const mergeBase = commitFiles(src, options.base, 'base');
  const baseSha =
    options.moved === undefined ? mergeBase : commitFiles(src, options.moved, 'main moves on');
  git(src, 'checkout', '-q', '-b', 'pr', mergeBase);
  const headSha = commitFiles(src, options.head, 'the pull request');
  git(src, 'checkout', '-q', '--detach', baseSha);
  git(src, 'merge', '-q', '--no-ff', '-m', `Merge ${headSha} into ${baseSha}`, 'pr');
  const mergeSha = git(src, 'rev-parse', 'HEAD');
  git(src, 'update-ref', `refs/pull/${n}/merge`, mergeSha);
  git(src, 'update-ref', `refs/pull/${n}/head`, headSha);
  const origin = join(dir, 'origin.git');
  git(dir, 'clone', '-q', '--mirror', src, origin);
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace);
  git(workspace, 'init', '-q');
  git(workspace, 'remote', 'add', 'origin', `file://${origin}`);
  const ref = {
    merge: `refs/pull/${n}/merge`,
    base: 'refs/heads/main',
    head: `refs/pull/${n}/head`,
  }[options.ref];
  git(workspace, 'fetch', '-q', '--depth=1', 'origin', `+${ref}:refs/remotes/origin/checkout`);
  git(workspace, 'checkout', '-q', '--detach', 'refs/remotes/origin/checkout');
  return { workspace, mergeBase, baseSha, headSha, mergeSha };
}
