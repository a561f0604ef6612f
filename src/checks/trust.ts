/**
 * Findings about trust in what judges the change: the policy changes it makes
 * (`policy/changed`) and the package indexes it names that the policy does not trust
 * (`policy/untrusted-index`), whose packages are then judged as "could not tell".
 */
import { indexKey, isDefaultIndex, isTrustedIndex } from '../config/indexes.js';
import type { PolicyChange } from '../config/policy-diff.js';
import type { Fact, PackageFacts } from '../facts/types.js';
import type { Dependency, Manifest } from '../manifests/types.js';
import type { CheckContext, RawFinding } from './types.js';

/** An index a manifest names, at the line that names it. */
export interface NamedIndex {
  url: string;
  file: string;
  line: number | null;
  /** How it is named, for the message (`--index-url`, `[[tool.uv.index]]`, a lock registry). */
  how: string;
}

/** Requirements options that name where packages come from. */
const INDEX_OPTIONS = new Set(['--index-url', '--extra-index-url', '--find-links']);

const isUrl = (text: string) => /^https?:\/\//i.test(text.trim());

/** Every index a manifest names other than PyPI, once per file and index. */
export function namedIndexes(manifest: Manifest): NamedIndex[] {
  const out: NamedIndex[] = [];
  const seen = new Set<string>();
  const add = (index: NamedIndex) => {
    const id = `${index.file}\u0000${indexKey(index.url)}`;
    if (isDefaultIndex(index.url) || seen.has(id)) return;
    seen.add(id);
    out.push(index);
  };
  for (const o of manifest.options) {
    // --find-links also takes local directories: only URLs are indexes.
    if (!INDEX_OPTIONS.has(o.name) || o.value === null) continue;
    if (o.name === '--find-links' && !isUrl(o.value)) continue;
    add({ url: o.value, file: o.file, line: o.line, how: o.name });
  }
  for (const i of manifest.indexes ?? [])
    add({
      url: i.url,
      file: i.file,
      line: i.line,
      how: `the index ${JSON.stringify(i.name ?? i.url)}`,
    });
  // Locks record the registry each package came from.
  for (const d of manifest.dependencies) {
    if (d.source.kind === 'registry' && d.source.index !== null && isUrl(d.source.index))
      add({ url: d.source.index, file: d.file, line: d.line, how: 'a locked registry' });
  }
  return out;
}

/** `policy/untrusted-index`: each index named by the manifests that the policy does not list. */
export function untrustedIndexFindings(ctx: CheckContext): RawFinding[] {
  const trusted = ctx.policy.trustedIndexes;
  return ctx.manifests.flatMap((m) =>
    namedIndexes(m)
      .filter((i) => !isTrustedIndex(i.url, trusted))
      .map((i): RawFinding => {
        const key = indexKey(i.url);
        return {
          rule: 'policy/untrusted-index',
          severity: 'error',
          package: null,
          normalizedName: null,
          version: null,
          manifest: i.file,
          line: i.line,
          message: `${i.file} names the package index ${key} (${i.how}), which trusted-indexes of the policy does not list: the facts of its packages are not trusted.`,
          evidence: key,
          fix: null,
          key,
        };
      }),
  );
}

/**
 * For the dependencies of `manifests`: the untrusted index each may be installed from, or null.
 * That is the index it names (a URL, or the name of an index its manifest declares), or an
 * untrusted `--index-url`/`--extra-index-url` of its requirements file (pip takes the best
 * version from every index). The lookups are built once, so this is linear in the input.
 */
export function untrustedIndexes(
  manifests: readonly Manifest[],
  trusted: readonly string[],
): (dep: Dependency) => string | null {
  const declared = new Map<string, string>();
  const fileIndexes = new Map<string, string[]>();
  for (const m of manifests) {
    for (const i of m.indexes ?? [])
      if (i.name !== null) declared.set(`${m.path}\u0000${i.name}`, i.url);
    for (const o of m.options)
      if (INDEX_OPTIONS.has(o.name) && o.value !== null && isUrl(o.value))
        fileIndexes.set(o.file, [...(fileIndexes.get(o.file) ?? []), o.value]);
  }
  const verdicts = new Map<string, boolean>();
  const untrusted = (url: string) => {
    let bad = verdicts.get(url);
    if (bad === undefined) {
      bad = !isTrustedIndex(url, trusted);
      verdicts.set(url, bad);
    }
    return bad;
  };
  return (dep) => {
    if (dep.source.kind !== 'registry') return null;
    const named = dep.source.index;
    const candidates = [...(fileIndexes.get(dep.file) ?? [])];
    if (named !== null && named !== 'none') {
      const url = isUrl(named) ? named : declared.get(`${dep.file}\u0000${named}`);
      if (url !== undefined) candidates.push(url);
    }
    const bad = candidates.find(untrusted);
    return bad === undefined ? null : indexKey(bad);
  };
}

/** Facts that say why they were not asked for: the checks then say "could not tell". */
export function untrustedFacts(dep: Dependency, index: string): PackageFacts {
  const reason = `it comes from ${index}, an index trusted-indexes of the policy does not list`;
  const none = <T>(): Fact<T> => ({ status: 'missing', reason });
  return {
    name: dep.normalizedName,
    version: dep.version,
    resolution: 'unresolved',
    project: none(),
    release: none(),
    advisories: none(),
    repository: null,
  };
}

/** `policy/changed`: each relaxation (error by default) and tightening (notice) of the policy. */
export function policyChangeFindings(ctx: CheckContext): RawFinding[] {
  return (ctx.policyChanges ?? []).map((c: PolicyChange): RawFinding => ({
    rule: 'policy/changed',
    severity: c.kind === 'relaxation' ? 'error' : 'notice',
    package: null,
    normalizedName: null,
    version: null,
    manifest: c.file,
    line: c.line,
    message:
      c.kind === 'relaxation'
        ? `This change relaxes the policy that judges it: ${c.message}.`
        : `This change tightens the policy: ${c.message}.`,
    evidence: null,
    fix:
      c.kind === 'relaxation'
        ? "Until it is merged, the base branch's policy judges; have the policy change reviewed on its own."
        : null,
    key: `${c.kind}|${c.key}`,
  }));
}
