/**
 * Which policy judges a pull request: the base commit's policy file (read through the API,
 * never from the workspace the pull request controls) with the workflow inputs over it, and
 * what the pull request changes in it. `policy-source: head` takes the head's file instead.
 */
import { isAbsolute, posix, relative, resolve } from 'node:path';
import { buildPolicy, policyFromTree, type PolicyFileRead } from '../config/load-policy.js';
import type { Policy } from '../config/policy.js';
import { comparePolicies, type PolicyChange, type PolicySide } from '../config/policy-diff.js';
import { readPolicyFile } from '../config/policy-file.js';
import type { PolicyOverrides } from '../config/read-policy.js';
import type { Diagnostic } from '../diagnostics.js';

export type PolicySource = 'base' | 'head';

export interface JudgingPolicy {
  policy: Policy;
  /** Mistakes in the head's policy file (the change's own), reported at their lines. */
  errors: Diagnostic[];
  /** What the change does to the policy; empty without a base to compare with. */
  changes: PolicyChange[];
  /** Where the policy that judges comes from, for the log. */
  origin: string;
}

/** A side with the inputs over it: a key the workflow sets is the same on both sides. */
const sideOf = (read: PolicyFileRead, inputs: PolicyOverrides): PolicySide => ({
  file: read.file,
  policy: buildPolicy(read.overrides, inputs),
  lineOf: read.lineOf,
});

/**
 * `config` relative to the repository, or null when it names a file outside it (then it is
 * the workflow's, not the change's, and judges both sides).
 */
function repositoryPath(config: string, workspace: string): string | null {
  const rel = relative(workspace, resolve(workspace, config));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return posix.normalize(rel.split('\\').join('/'));
}

export async function judgingPolicy(options: {
  config: string | null;
  inputs: PolicyOverrides;
  source: PolicySource;
  workspace: string;
  /** Reads a file at the base commit; null when there is no base (push, no token). */
  readBase: ((path: string) => Promise<Uint8Array | null>) | null;
  /** Reads a file at the head commit when the workspace is not the head (pull_request_target). */
  readHead?: ((path: string) => Promise<Uint8Array | null>) | null;
}): Promise<JudgingPolicy> {
  const configPath =
    options.config === null ? null : repositoryPath(options.config, options.workspace);
  const readHead = options.readHead ?? null;
  const head =
    readHead !== null && (options.config === null || configPath !== null)
      ? await policyFromTree(configPath, readHead)
      : readPolicyFile(options.config, options.workspace);
  const outside = options.config !== null && configPath === null;
  if (options.readBase === null || outside) {
    return {
      policy: buildPolicy(head.overrides, options.inputs),
      errors: head.errors,
      changes: [],
      origin: head.file ?? 'the built-in defaults',
    };
  }
  const base = await policyFromTree(configPath, options.readBase);
  const changes = comparePolicies(sideOf(base, options.inputs), sideOf(head, options.inputs));
  const judging = options.source === 'base' ? base : head;
  return {
    policy: buildPolicy(judging.overrides, options.inputs),
    errors: head.errors,
    changes,
    origin: `${judging.file ?? 'the built-in defaults'} at the ${options.source}`,
  };
}
