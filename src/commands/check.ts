import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { CheckCommand } from '../cli/args.js';
import type { Io } from '../cli/io.js';
import { formatDiagnostic } from '../diagnostics.js';
import { collectManifests } from '../discover/paths.js';
import { runCheck, type CheckResult } from '../engine.js';
import { createHttpClient, type Credential } from '../facts/http.js';
import { loadManifests } from '../manifests/load.js';
import { checkJson } from '../report/json.js';
import { alignColumns } from './deps.js';

export const DEFAULTS = {
  indexUrl: 'https://pypi.org/pypi',
  osvUrl: 'https://api.osv.dev',
  githubApiUrl: 'https://api.github.com',
};

function cacheDir(command: CheckCommand, env: Io['env']): string | null {
  if (command.noCache) return null;
  if (command.cacheDir !== null) return command.cacheDir;
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pygovern');
}

function originOf(url: string): string {
  return new URL(url).origin;
}

/** A table for people: one row per dependency, then what could not be told. */
export function checkText(result: CheckResult): string {
  const rows = result.dependencies.map(({ dependency: d, facts }) => {
    const release = facts?.release.status === 'known' ? facts.release.value : null;
    const advisories =
      facts?.advisories.status === 'known' ? String(facts.advisories.value.length) : '?';
    const maintainers =
      facts?.repository?.status === 'known'
        ? String(facts.repository.value.activeMaintainers ?? '?')
        : '?';
    return [
      d.name,
      facts?.version ?? d.version ?? (d.source.kind === 'registry' ? '?' : d.source.kind),
      (release?.licenseExpression ?? release?.license ?? '?').split('\n')[0]?.slice(0, 40) ?? '?',
      release?.requiresPython ?? '',
      advisories,
      maintainers,
      `${d.file}:${String(d.line)}`,
    ];
  });
  const out = alignColumns([
    ['package', 'version', 'licence', 'requires-python', 'advisories', 'maintainers', 'where'],
    ...rows,
  ]);
  if (result.unknowns.length > 0) {
    out.push('', 'Could not tell:');
    for (const u of result.unknowns)
      out.push(`  ${u.package}${u.version === null ? '' : ` ${u.version}`}: ${u.reason}`);
  }
  out.push(
    '',
    'Governance checks are not implemented yet: facts are collected, nothing is judged.',
  );
  return `${out.join('\n')}\n`;
}

/** `pygovern check`: 0 pass, 1 policy failure, 2 input or usage error. */
export async function runCheckCommand(command: CheckCommand, io: Io): Promise<number> {
  if (command.format === 'markdown' || command.format === 'sarif') {
    io.stderr(
      `pygovern check: --format ${command.format} is not available yet (text and json are)\n`,
    );
    return 2;
  }
  const indexUrl = command.indexUrl ?? DEFAULTS.indexUrl;
  const osvUrl = command.osvUrl ?? DEFAULTS.osvUrl;
  const githubApiUrl = command.githubApiUrl ?? io.env.GITHUB_API_URL ?? DEFAULTS.githubApiUrl;
  const credentials: Record<string, Credential> = {};
  const githubToken = io.env.GITHUB_TOKEN ?? io.env.GH_TOKEN;
  if (githubToken !== undefined && githubToken !== '')
    credentials[originOf(githubApiUrl)] = { kind: 'bearer', token: githubToken };
  const indexToken = io.env.PYGOVERN_INDEX_TOKEN;
  if (indexToken !== undefined && indexToken !== '')
    credentials[originOf(command.simpleUrl ?? indexUrl)] = { kind: 'bearer', token: indexToken };
  const http = createHttpClient({
    cacheDir: cacheDir(command, io.env),
    offline: command.offline,
    credentials,
  });
  try {
    const { manifests: found, errors } = await collectManifests(command.paths, io.cwd);
    const manifests = loadManifests(found, io.cwd);
    const today = new Date(`${command.today ?? new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    const result = await runCheck(manifests, http, {
      indexUrl,
      simpleUrl: command.simpleUrl,
      osvUrl,
      githubApiUrl,
      githubToken: originOf(githubApiUrl) in credentials,
      today,
    });
    const text =
      command.format === 'json'
        ? `${JSON.stringify(checkJson(result), null, 2)}\n`
        : checkText(result);
    if (command.output === null) io.stdout(text);
    else writeFileSync(command.output, text);
    const problems = [...errors, ...manifests.flatMap((m) => m.errors)];
    for (const p of problems) io.stderr(`${formatDiagnostic(p)}\n`);
    return problems.length > 0 ? 2 : 0;
  } finally {
    await http.close();
  }
}
