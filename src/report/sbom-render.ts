/** The SBOM in the format asked for; the CLI and the action both write it this way. */
import type { CheckResult } from './model.js';
import { PYGOVERN_VERSION } from '../version.js';
import { renderCycloneDx } from './cyclonedx.js';
import { sbomProject, type SbomFormat } from './sbom.js';
import { renderSpdx } from './spdx.js';

/** `fallbackName` names the project when no pyproject.toml does (the directory's name). */
export function renderSbom(format: SbomFormat, result: CheckResult, fallbackName: string): string {
  const project = sbomProject(result, fallbackName === '' ? 'project' : fallbackName);
  return format === 'spdx'
    ? renderSpdx(result, project, PYGOVERN_VERSION)
    : renderCycloneDx(result, project, PYGOVERN_VERSION);
}
