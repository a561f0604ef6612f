/** Finds and reads the policy file of a repository (the I/O half of load-policy.ts). */
import { existsSync, realpathSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { SettingError } from '../diagnostics.js';
import { repositoryRoot } from '../discover/paths.js';
import { DEFAULT_MAX_FILE_BYTES, readInsideRoot, readRegularFile } from '../discover/safe-read.js';
import { toPosix } from '../discover/walk.js';
import { policyFromFile, type PolicyFileRead } from './load-policy.js';

/**
 * The policy file: `--config`, else pygovern.toml, else `[tool.pygovern]` of pyproject.toml.
 * Only a regular file within the size limit is read; the repository's own candidates must also
 * resolve inside it. A refused file is an error naming it, and the defaults apply.
 */
export function readPolicyFile(
  config: string | null,
  cwd: string,
  maxFileBytes: number = DEFAULT_MAX_FILE_BYTES,
): PolicyFileRead {
  const root = repositoryRoot(cwd);
  const candidates =
    config !== null
      ? [resolve(cwd, config)]
      : [join(root, 'pygovern.toml'), join(root, 'pyproject.toml')];
  for (const path of candidates) {
    const shown = toPosix(relative(cwd, path));
    if (!existsSync(path)) {
      if (config !== null) throw new SettingError('config', config, 'no such file');
      continue;
    }
    // The file the workflow names may live anywhere; the repository's own must stay inside it.
    const got =
      config !== null
        ? readRegularFile(realpathSync(path), maxFileBytes)
        : readInsideRoot(realpathSync(root), relative(root, path), maxFileBytes);
    if (!got.ok) {
      return {
        overrides: {},
        errors: [{ file: shown, line: null, message: got.reason }],
        file: shown,
        lineOf: () => null,
      };
    }
    const loaded = policyFromFile(shown, got.bytes);
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
