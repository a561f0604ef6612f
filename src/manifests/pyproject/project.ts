/** The standard tables: PEP 621 `[project]`, PEP 735 `[dependency-groups]`, `[build-system]`. */
import { normalizeName } from '../../pep440/names.js';
import { describePath, isTable, type TomlPath } from '../toml-values.js';
import type { ProjectInfo } from '../types.js';
import { addRequirement, type Context } from './context.js';

export function readProject(ctx: Context): {
  info: ProjectInfo | null;
  requiresPython: string | null;
} {
  const { reader } = ctx;
  const project = reader.table(['project']);
  if (project === null) return { info: null, requiresPython: null };
  for (const { value, path } of reader.strings(['project', 'dependencies'])) {
    addRequirement(ctx, value, path, 'main');
  }
  const optional = reader.table(['project', 'optional-dependencies']) ?? {};
  for (const extra of Object.keys(optional)) {
    for (const { value, path } of reader.strings(['project', 'optional-dependencies', extra])) {
      addRequirement(ctx, value, path, `optional:${extra}`);
    }
  }
  const license = project.license;
  let info: ProjectInfo['license'] = null;
  if (typeof license === 'string') info = license;
  else if (isTable(license) && typeof license.text === 'string') info = { text: license.text };
  else if (isTable(license) && typeof license.file === 'string') info = { file: license.file };
  return {
    info: {
      name: reader.string(['project', 'name']),
      license: info,
      classifiers: reader.strings(['project', 'classifiers']).map((s) => s.value),
    },
    requiresPython: reader.string(['project', 'requires-python']),
  };
}

/** PEP 735: groups of requirement strings and `{include-group = "…"}`, cycles rejected. */
export function readDependencyGroups(ctx: Context): void {
  const { reader } = ctx;
  const groups = reader.table(['dependency-groups']);
  if (groups === null) return;
  const byNormal = new Map(Object.keys(groups).map((name) => [normalizeName(name), name]));
  const expand = (name: string, group: string, stack: string[]): void => {
    const path: TomlPath = ['dependency-groups', name];
    reader.array(path)?.forEach((item, i) => {
      const itemPath = [...path, i];
      if (typeof item === 'string') {
        addRequirement(ctx, item, itemPath, group);
      } else if (isTable(item) && typeof item['include-group'] === 'string') {
        const target = byNormal.get(normalizeName(item['include-group']));
        if (target === undefined) {
          reader.error(
            itemPath,
            `dependency group "${name}" includes unknown group "${item['include-group']}"`,
          );
        } else if (stack.includes(target)) {
          reader.error(itemPath, `dependency group cycle: ${[...stack, target].join(' → ')}`);
        } else {
          expand(target, group, [...stack, target]);
        }
      } else {
        reader.error(
          itemPath,
          `${describePath(itemPath)} must be a requirement string or {include-group = "…"}`,
        );
      }
    });
  };
  for (const name of Object.keys(groups)) expand(name, `group:${name}`, [name]);
}

export function readBuildSystem(ctx: Context): void {
  for (const { value, path } of ctx.reader.strings(['build-system', 'requires'])) {
    addRequirement(ctx, value, path, 'build');
  }
}
