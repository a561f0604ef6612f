import { redactUrl } from '../text/redact.js';
import { normalizeName } from '../pep440/names.js';
import type { Dependency, DependencySource } from './types.js';

/** A PEP 508 requirement taken apart (what `parseRequirement` gives). */
export interface RequirementParts {
  name: string;
  extras: readonly string[];
  /** Comma-joined, no spaces; `''` for none. */
  specifier: string;
  url: string | null;
  marker: string | null;
}

/** Where and how a requirement is written; everything a `Dependency` needs beyond the PEP 508 parts. */
export interface RequirementContext {
  file: string;
  line: number;
  group: string;
  editable?: boolean;
  constraint?: boolean;
  hashes?: readonly string[];
  /** Overrides the source derived from the URL (Poetry `path =`, uv `[tool.uv.sources]`, …). */
  source?: DependencySource;
  /** The index a registry dependency comes from, when the manifest names one. */
  index?: string | null;
  /** An exact version known from elsewhere (a lock entry). */
  version?: string | null;
}

const VCS_PREFIX = /^(git|hg|svn|bzr)\+/i;
const EXACT = /^(?:===?)([^,*]+)$/;

/** `text` up to the first `char` (all of it when there is none); a regex `/#.*$/` is not linear. */
export function cutAt(text: string, char: string): string {
  const at = text.indexOf(char);
  return at === -1 ? text : text.slice(0, at);
}

/** The exact version a specifier pins (`==1.2`, `===1.2`), or null (ranges, wildcards, several). */
export function exactVersion(specifier: string): string | null {
  const match = EXACT.exec(specifier);
  return match?.[1]?.trim() ?? null;
}

/**
 * URLs can carry credentials (`https://user:token@host/…`); the model keeps them redacted so no
 * report can print them. The conventional ssh user `git@` is not a secret and stays.
 */
export function safeUrl(url: string): string {
  if (/^[a-z+]+:\/\/git@/i.test(url)) return url;
  return redactUrl(url);
}

/** Where a direct URL installs from: a VCS checkout, a local path, or an archive download. */
export function sourceOfUrl(url: string): DependencySource {
  if (VCS_PREFIX.test(url)) {
    const withoutFragment = cutAt(url, '#');
    const at = withoutFragment.lastIndexOf('@');
    const slash = withoutFragment.lastIndexOf('/');
    const ref = at > slash ? withoutFragment.slice(at + 1) : null;
    const base = at > slash ? withoutFragment.slice(0, at) : withoutFragment;
    return { kind: 'git', url: safeUrl(base), ref };
  }
  if (/^file:/i.test(url))
    return { kind: 'path', path: decodeURI(url.replace(/^file:(\/\/)?/i, '')) };
  return { kind: 'url', url: safeUrl(url) };
}

/** One `Dependency` from a parsed requirement and where it was written. */
export function dependencyFrom(req: RequirementParts, ctx: RequirementContext): Dependency {
  const url = req.url === null ? null : safeUrl(req.url);
  const source: DependencySource =
    ctx.source ??
    (req.url === null ? { kind: 'registry', index: ctx.index ?? null } : sourceOfUrl(req.url));
  return {
    name: req.name,
    normalizedName: normalizeName(req.name),
    specifier: req.specifier,
    extras: [...req.extras],
    marker: req.marker,
    url,
    version: ctx.version ?? (source.kind === 'registry' ? exactVersion(req.specifier) : null),
    group: ctx.group,
    editable: ctx.editable ?? false,
    constraint: ctx.constraint ?? false,
    file: ctx.file,
    line: ctx.line,
    source,
    hashes: [...(ctx.hashes ?? [])],
  };
}
