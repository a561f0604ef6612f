import { flatten } from '../../text/escape.js';
import { formatDiagnostic, type Diagnostic } from '../../diagnostics.js';
import type { DepsCommand } from '../args.js';
import { collectManifests } from '../../discover/paths.js';
import { loadManifests } from '../../discover/load.js';
import type { Dependency, Manifest } from '../../manifests/types.js';
import type { Io } from '../io.js';

/** The `deps` JSON contract (DESIGN.md): the manifest fields and each dependency's. */
export function depsJson(manifests: readonly Manifest[]): unknown {
  return {
    manifests: manifests.map((m) => ({
      path: m.path,
      kind: m.kind,
      requiresPython: m.requiresPython,
      ...(m.kind === 'conda' ? { channels: m.condaChannels ?? [] } : {}),
      dependencies: m.dependencies.map(dependencyJson),
      errors: m.errors,
      notices: (m.notices ?? []).map(({ rule, file, line, message }) => ({
        rule,
        file,
        line,
        message,
      })),
    })),
  };
}

function dependencyJson(d: Dependency) {
  return {
    name: d.name,
    normalizedName: d.normalizedName,
    specifier: d.specifier,
    extras: d.extras,
    marker: d.marker,
    url: d.url,
    version: d.version,
    group: d.group,
    editable: d.editable,
    constraint: d.constraint,
    file: d.file,
    line: d.line,
    source: d.source,
  };
}

/**
 * A table for people: one block per manifest, one row per dependency. Every cell comes from a
 * manifest, so each is flattened: no terminal escape or bidi control reaches the terminal.
 */
export function depsTable(manifests: readonly Manifest[]): string {
  const out: string[] = [];
  for (const m of manifests) {
    const python = m.requiresPython === null ? '' : `  (Python ${m.requiresPython})`;
    out.push(
      flatten(`${m.path}  [${m.kind}]  ${String(m.dependencies.length)} dependencies${python}`),
    );
    const rows = m.dependencies.map((d) =>
      [
        d.name + (d.extras.length > 0 ? `[${d.extras.join(',')}]` : ''),
        d.version ?? (d.specifier === '' ? '*' : d.specifier),
        d.group + (d.constraint ? ' (constraint)' : ''),
        sourceLabel(d.source),
        `${d.file}:${String(d.line)}`,
      ].map(flatten),
    );
    // One push per row: spreading 100,000 rows into push() overflows the stack.
    for (const r of alignColumns([['package', 'version', 'group', 'source', 'where'], ...rows]))
      out.push(`  ${r}`);
    for (const e of m.errors) out.push(`  error: ${formatDiagnostic(e)}`);
    for (const n of m.notices ?? []) out.push(`  notice: ${formatDiagnostic(n)}`);
    out.push('');
  }
  return out.join('\n');
}

/** Where a row's package comes from: PyPI (or an index), a Conda channel, a URL, a path. */
function sourceLabel(source: Dependency['source']): string {
  if (source.kind === 'registry') return 'PyPI';
  if (source.kind === 'conda' && source.channel !== null) return `conda (${source.channel})`;
  return source.kind;
}

export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** `pygovern deps`: 0 when every manifest was read cleanly, 2 when some input was bad. */
export async function runDeps(command: DepsCommand, io: Io): Promise<number> {
  const { manifests: found, errors } = await collectManifests(command.paths, io.cwd, command.kind);
  const manifests = await loadManifests(found, io.cwd);
  io.stdout(
    command.format === 'json'
      ? `${JSON.stringify(depsJson(manifests), null, 2)}\n`
      : depsTable(manifests),
  );
  const problems: Diagnostic[] = [...errors, ...manifests.flatMap((m) => m.errors)];
  for (const p of problems) io.stderr(`${formatDiagnostic(p)}\n`);
  return problems.length > 0 ? 2 : 0;
}
