/**
 * The three fake services together, loaded from a facts file (`examples/pr/facts.json`
 * layout): what tests of `check`, the demo and the bench run against.
 */
import { readFileSync } from 'node:fs';
import { startFakeGithub, type FakeGithub, type FakeRepository } from './github.js';
import { startFakeOsv, type FakeOsv, type OsvRecord } from './osv.js';
import { startFakePypi, type FakePypi, type FakeProject } from './pypi.js';
import type { FakeRequest, FakeReply, FakeServerOptions } from './server.js';

export interface FactsFile {
  projects: FakeProject[];
  advisories: OsvRecord[];
  repositories: Record<string, FakeRepository>;
}

export interface FakeServices {
  pypi: FakePypi;
  osv: FakeOsv;
  github: FakeGithub;
  close(): Promise<void>;
}

/**
 * The flags that point `check` at the fakes, offline-stable: JSON, a fixed day, and no cache
 * unless `cache` (the caller gives its own `--cache-dir`).
 */
export function checkJsonFlags(s: FakeServices, { cache = false } = {}): string[] {
  return [
    '--format',
    'json',
    ...(cache ? [] : ['--no-cache']),
    '--today',
    '2026-11-24',
    '--index-url',
    s.pypi.jsonUrl,
    '--osv-url',
    s.osv.url,
    '--github-api-url',
    s.github.url,
  ];
}

export function readFactsFile(path: string): FactsFile {
  return JSON.parse(readFileSync(path, 'utf8')) as FactsFile;
}

export async function startFakeServices(
  facts: FactsFile,
  options: FakeServerOptions & {
    githubToken?: string;
    githubRoutes?: (request: FakeRequest) => FakeReply | undefined | Promise<FakeReply | undefined>;
  } = {},
): Promise<FakeServices> {
  const { githubToken, githubRoutes, ...server } = options;
  const [pypi, osv, github] = await Promise.all([
    startFakePypi(facts.projects, server),
    startFakeOsv(facts.advisories, server),
    startFakeGithub(facts.repositories, {
      ...server,
      ...(githubToken === undefined ? {} : { token: githubToken }),
      ...(githubRoutes === undefined ? {} : { routes: githubRoutes }),
    }),
  ]);
  return {
    pypi,
    osv,
    github,
    close: async () => {
      await Promise.all([pypi.close(), osv.close(), github.close()]);
    },
  };
}
