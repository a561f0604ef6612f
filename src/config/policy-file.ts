/** Finds and reads the policy file of a repository (the I/O half of load-policy.ts). */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { UsageError } from '../cli/args.js';
import { repositoryRoot } from '../discover/paths.js';
import { toPosix } from '../discover/walk.js';
import { policyFromFile, type PolicyFileRead } from './load-policy.js';

/** The policy file: `--config`, else pygovern.toml, else `[tool.pygovern]` of pyproject.toml. */
export function readPolicyFile(config: string | null, cwd: string): PolicyFileRead {
  const root = repositoryRoot(cwd);
  const candidates =
    config !== null
      ? [resolve(cwd, config)]
      : [join(root, 'pygovern.toml'), join(root, 'pyproject.toml')];
  for (const path of candidates) {
    const shown = toPosix(relative(cwd, path));
    if (!existsSync(path)) {
      if (config !== null) throw new UsageError(`--config ${config}: no such file`);
      continue;
    }
    const loaded = policyFromFile(shown, readFileSync(path));
    if (loaded.found || config !== null)
      return {
        overrides: loaded.overrides,
        errors: loaded.errors,
        lineOf: loaded.lineOf,
        file: shown,
      };
  }
  return { overrides: {}, errors: [], file: null, lineOf: () => null };
}
