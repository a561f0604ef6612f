/**
 * The team's policy: defaults, then `[tool.pygovern]` of pyproject.toml or a pygovern.toml,
 * then what the command line or the action inputs set. Pure: the caller reads the file.
 */
import type { Diagnostic } from '../diagnostics.js';
import { parseToml } from '../manifests/toml.js';
import { defaultPolicy, type Policy } from './policy.js';
import { readPolicy, type PolicyOverrides } from './read-policy.js';

type LineOf = (path: readonly (string | number)[]) => number | null;
const noLines: LineOf = () => null;

/**
 * A policy file's overrides, or the problems that stop some keys from applying; `lineOf` gives
 * the line of a key inside the policy table.
 */
export function policyFromFile(
  file: string,
  bytes: Uint8Array | string,
): { overrides: PolicyOverrides; errors: Diagnostic[]; found: boolean; lineOf: LineOf } {
  const doc = parseToml(bytes, file);
  if (!doc.ok) return { overrides: {}, errors: [doc.error], found: true, lineOf: noLines };
  const isPyproject = file === 'pyproject.toml' || file.endsWith('/pyproject.toml');
  let table: unknown = doc.value.value;
  const prefix = isPyproject ? ['tool', 'pygovern'] : [];
  for (const key of prefix) {
    table =
      typeof table === 'object' && table !== null ? (table as Record<string, unknown>)[key] : null;
  }
  if (table === undefined || table === null)
    return { overrides: {}, errors: [], found: false, lineOf: noLines };
  const lineOf: LineOf = (path) => doc.value.lineOf([...prefix, ...path]);
  if (typeof table !== 'object' || Array.isArray(table)) {
    return {
      overrides: {},
      errors: [
        { file, line: doc.value.lineOf(prefix), message: '[tool.pygovern] must be a table' },
      ],
      found: true,
      lineOf,
    };
  }
  const { overrides, errors } = readPolicy(table as Record<string, unknown>, {
    file,
    lineOf,
    tableName: isPyproject ? '[tool.pygovern]' : file,
  });
  return { overrides, errors, found: true, lineOf };
}

/** Defaults with each layer of overrides applied in turn (later layers win, rules merge). */
export function buildPolicy(...layers: readonly PolicyOverrides[]): Policy {
  const policy = defaultPolicy();
  for (const layer of layers) {
    const { rules, ...rest } = layer;
    Object.assign(policy, rest);
    if (rules !== undefined) Object.assign(policy.rules, rules);
  }
  return policy;
}

/** Where a policy comes from: the file (null: none) with its keys and their lines. */
export interface PolicyFileRead {
  overrides: PolicyOverrides;
  errors: Diagnostic[];
  file: string | null;
  lineOf: LineOf;
}

/**
 * The policy file of a tree read through `read` (a commit through git or the contents API):
 * `config`, else pygovern.toml, else `[tool.pygovern]` of pyproject.toml. Paths are relative
 * to the repository root; a `config` file the tree does not have means the defaults.
 */
export async function policyFromTree(
  config: string | null,
  read: (path: string) => Promise<Uint8Array | null> | Uint8Array | null,
): Promise<PolicyFileRead> {
  for (const path of config !== null ? [config] : ['pygovern.toml', 'pyproject.toml']) {
    const bytes = await read(path);
    if (bytes === null) continue;
    const loaded = policyFromFile(path, bytes);
    if (loaded.found || config !== null)
      return {
        overrides: loaded.overrides,
        errors: loaded.errors,
        file: path,
        lineOf: loaded.lineOf,
      };
  }
  return { overrides: {}, errors: [], file: null, lineOf: noLines };
}
