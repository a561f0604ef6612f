/**
 * The team's policy: defaults, then `[tool.pygovern]` of pyproject.toml or a pygovern.toml,
 * then what the command line or the action inputs set. Pure: the caller reads the file.
 */
import type { Diagnostic } from '../diagnostics.js';
import { parseToml } from '../manifests/toml.js';
import { defaultPolicy, type Policy } from './policy.js';
import { readPolicy, type PolicyOverrides } from './read-policy.js';

/** A policy file's overrides, or the problems that stop some keys from applying. */
export function policyFromFile(
  file: string,
  bytes: Uint8Array | string,
): { overrides: PolicyOverrides; errors: Diagnostic[]; found: boolean } {
  const doc = parseToml(bytes, file);
  if (!doc.ok) return { overrides: {}, errors: [doc.error], found: true };
  const isPyproject = file === 'pyproject.toml' || file.endsWith('/pyproject.toml');
  let table: unknown = doc.value.value;
  const prefix = isPyproject ? ['tool', 'pygovern'] : [];
  for (const key of prefix) {
    table =
      typeof table === 'object' && table !== null ? (table as Record<string, unknown>)[key] : null;
  }
  if (table === undefined || table === null) return { overrides: {}, errors: [], found: false };
  if (typeof table !== 'object' || Array.isArray(table)) {
    return {
      overrides: {},
      errors: [
        { file, line: doc.value.lineOf(prefix), message: '[tool.pygovern] must be a table' },
      ],
      found: true,
    };
  }
  const { overrides, errors } = readPolicy(table as Record<string, unknown>, {
    file,
    lineOf: (path) => doc.value.lineOf([...prefix, ...path]),
    tableName: isPyproject ? '[tool.pygovern]' : file,
  });
  return { overrides, errors, found: true };
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
