/** What every table reader of a pyproject shares: the context, PEP 508 strings, source tables. */
import { normalizeName } from '../../pep440/names.js';
import { parseRequirement, requirementProblem } from '../../pep508/requirement.js';
import { cutAt, dependencyFrom, safeUrl, type RequirementParts } from '../dependency.js';
import { describePath, type Table, type TomlPath, type TomlReader } from '../toml-values.js';
import type { Dependency, DependencySource } from '../types.js';
import { quote } from '../text.js';

export interface Context {
  reader: TomlReader;
  file: string;
  dependencies: Dependency[];
  /** PEP 503 name of the project itself: a requirement on it is a self-reference, not third-party. */
  self: string | null;
  /** `[tool.uv.sources]`: where uv installs a dependency from instead of the index. */
  uvSources: Map<string, DependencySource>;
}

/** A PEP 508 string at `path`, added to `group`; a bad string is an error at its line. */
export function addRequirement(ctx: Context, text: string, path: TomlPath, group: string): void {
  const line = ctx.reader.line(path) ?? 1;
  let requirement = text.trim();
  let editable = false;
  if (/^-e\s/.test(requirement)) {
    // PDM writes editable local projects as `-e path-or-url#egg=name`.
    editable = true;
    requirement = requirement.slice(2).trim();
    const egg = /#egg=([^&\s]+)/.exec(requirement)?.[1];
    if (!/@/.test(requirement.split('#')[0] ?? '') && egg !== undefined) {
      const parts: RequirementParts = {
        name: egg,
        extras: [],
        specifier: '',
        url: null,
        marker: null,
      };
      ctx.dependencies.push(
        dependencyFrom(parts, {
          file: ctx.file,
          line,
          group,
          editable,
          source: { kind: 'path', path: cutAt(requirement, '#') },
        }),
      );
      return;
    }
  }
  const parsed = parseRequirement(requirement);
  if (!parsed.ok) {
    ctx.reader.error(
      path,
      `invalid requirement ${quote(text)} in ${describePath(path)}: ${requirementProblem(parsed.error)}`,
    );
    return;
  }
  const normal = normalizeName(parsed.value.name);
  const source: DependencySource | undefined =
    normal === ctx.self ? { kind: 'path', path: '.' } : ctx.uvSources.get(normal);
  ctx.dependencies.push(
    dependencyFrom(parsed.value, {
      file: ctx.file,
      line,
      group,
      editable,
      ...(source ? { source } : {}),
    }),
  );
}

/** `git`/`path`/`url` keys of a Poetry or uv table. */
export function sourceOfTable(entry: Table): DependencySource | null {
  if (typeof entry.git === 'string') {
    const ref =
      [entry.rev, entry.tag, entry.branch].find((r): r is string => typeof r === 'string') ?? null;
    return { kind: 'git', url: safeUrl(entry.git), ref };
  }
  if (typeof entry.path === 'string') return { kind: 'path', path: entry.path };
  if (typeof entry.url === 'string') return { kind: 'url', url: safeUrl(entry.url) };
  return null;
}
