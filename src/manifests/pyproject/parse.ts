/**
 * `pyproject.toml`: PEP 621 `[project]`, PEP 735 `[dependency-groups]`, `[build-system]`,
 * Poetry 1 and 2 (`[tool.poetry]`), PDM dev-dependencies and uv (`[tool.uv]` dev-dependencies
 * and sources). Each dependency keeps the line of the string or key that declares it. Each
 * format has its file (project.ts, poetry.ts, pdm.ts, uv.ts; context.ts is what they share);
 * this one runs them and adds the declared indexes and `requires-python`.
 */
import { declaredIndexes, indexUrlKeys } from '../declared-indexes.js';
import { normalizeName } from '../../pep440/names.js';
import { readTomlManifest } from '../toml-manifest.js';
import type { Manifest } from '../types.js';
import type { Context } from './context.js';
import { readPdm } from './pdm.js';
import { readPoetry } from './poetry.js';
import { readBuildSystem, readDependencyGroups, readProject } from './project.js';
import { readUv, uvSources } from './uv.js';

export function parsePyproject(path: string, input: Uint8Array | string): Manifest {
  const { manifest, reader } = readTomlManifest(path, input, 'pyproject');
  if (reader === null) return manifest;
  const name = reader.get(['project', 'name']) ?? reader.get(['tool', 'poetry', 'name']);
  const ctx: Context = {
    reader,
    file: path,
    dependencies: manifest.dependencies,
    self: typeof name === 'string' ? normalizeName(name) : null,
    uvSources: uvSources(reader),
  };
  const project = readProject(ctx);
  readDependencyGroups(ctx);
  readBuildSystem(ctx);
  readUv(ctx);
  readPdm(ctx);
  const poetryPython = readPoetry(ctx, Array.isArray(reader.get(['project', 'dependencies'])));
  manifest.project = project.info;
  const indexes = [
    ...declaredIndexes(reader, [
      ['tool', 'uv', 'index'],
      ['tool', 'poetry', 'source'],
      ['tool', 'pdm', 'source'],
    ]),
    ...indexUrlKeys(reader, [
      ['tool', 'uv', 'index-url'],
      ['tool', 'uv', 'extra-index-url'],
      ['tool', 'uv', 'pip', 'index-url'],
      ['tool', 'uv', 'pip', 'extra-index-url'],
    ]),
  ];
  if (indexes.length > 0) manifest.indexes = indexes;
  manifest.requiresPython = project.requiresPython ?? poetryPython;
  manifest.requiresPythonLine =
    project.requiresPython !== null
      ? reader.line(['project', 'requires-python'])
      : poetryPython !== null
        ? reader.line(['tool', 'poetry', 'dependencies', 'python'])
        : null;
  return manifest;
}
