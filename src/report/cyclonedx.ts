/**
 * CycloneDX 1.6 JSON through the reference library: one component per package judged, the
 * project as root with its direct dependencies, pygovern's verdicts as properties, and the
 * advisories known for each version as vulnerabilities. Pure: "today" comes from the check.
 */
// Subpath imports: the package root also loads its validators, whose resource paths use
// `__dirname`, which the ES module bundle does not have.
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import { startOfDay } from '../iso-date.js';
import type { CheckResult } from './model.js';
import type { Advisory } from '../facts/types.js';
import {
  findingText,
  licenseRefOf,
  sbomGraph,
  sbomPackages,
  stableUuid,
  type SbomPackage,
  type SbomProject,
} from './sbom.js';

const HASH_ALGORITHMS: Record<string, Enums.HashAlgorithm> = {
  md5: Enums.HashAlgorithm.MD5,
  sha1: Enums.HashAlgorithm['SHA-1'],
  sha256: Enums.HashAlgorithm['SHA-256'],
  sha384: Enums.HashAlgorithm['SHA-384'],
  sha512: Enums.HashAlgorithm['SHA-512'],
};

const SEVERITIES: Record<Advisory['severity']['level'], Enums.Vulnerability.Severity> = {
  low: Enums.Vulnerability.Severity.Low,
  medium: Enums.Vulnerability.Severity.Medium,
  high: Enums.Vulnerability.Severity.High,
  critical: Enums.Vulnerability.Severity.Critical,
  unknown: Enums.Vulnerability.Severity.Unknown,
};

function componentOf(p: SbomPackage): Models.Component {
  const c = new Models.Component(Enums.ComponentType.Library, p.name, {
    bomRef: p.ref,
    purl: p.purl,
    ...(p.version === null ? {} : { version: p.version }),
  });
  const ref = p.license === null ? null : licenseRefOf(p.license);
  if (p.license?.expression) c.licenses.add(new Models.LicenseExpression(p.license.expression));
  else if (ref !== null) c.licenses.add(new Models.NamedLicense(ref));
  for (const [algo, hex] of p.hashes) {
    const cdx = HASH_ALGORITHMS[algo];
    if (cdx !== undefined) c.hashes.set(cdx, hex);
  }
  const prop = (name: string, value: string) => c.properties.add(new Models.Property(name, value));
  prop('pygovern:license-category', p.license?.category ?? 'unknown');
  for (const f of p.findings) prop('pygovern:finding', findingText(f));
  if (p.latestRelease !== null) prop('pygovern:latest-release', p.latestRelease);
  if (p.activeMaintainers !== null)
    prop('pygovern:active-maintainers', String(p.activeMaintainers));
  return c;
}

/** One vulnerability per advisory id, affecting every component that has it. */
function vulnerabilitiesOf(
  packages: readonly SbomPackage[],
  components: ReadonlyMap<string, Models.Component>,
): Models.Vulnerability.Vulnerability[] {
  const byId = new Map<string, Models.Vulnerability.Vulnerability>();
  for (const p of packages) {
    const component = components.get(p.ref);
    if (component === undefined) continue;
    for (const a of p.advisories) {
      let v = byId.get(a.id);
      if (v === undefined) {
        const osv = new Models.Vulnerability.Source({
          name: 'OSV',
          url: `https://osv.dev/vulnerability/${encodeURIComponent(a.id)}`,
        });
        v = new Models.Vulnerability.Vulnerability({
          bomRef: `vulnerability:${a.id}`,
          id: a.id,
          source: osv,
        });
        if (a.summary !== '') v.description = a.summary;
        for (const alias of a.aliases)
          v.references.add(new Models.Vulnerability.Reference(alias, osv));
        v.ratings.add(
          new Models.Vulnerability.Rating({
            severity: SEVERITIES[a.severity.level],
            ...(a.severity.score === null ? {} : { score: a.severity.score }),
            ...(a.severity.vector === null
              ? {}
              : { vector: a.severity.vector, method: methodOf(a.severity.vector) }),
          }),
        );
        byId.set(a.id, v);
      }
      const affect = new Models.Vulnerability.Affect(component.bomRef);
      if (p.version !== null)
        affect.versions.add(
          new Models.Vulnerability.AffectedSingleVersion(p.version, {
            status: Enums.Vulnerability.AffectStatus.Affected,
          }),
        );
      for (const fixed of a.fixedIn)
        affect.versions.add(
          new Models.Vulnerability.AffectedSingleVersion(fixed, {
            status: Enums.Vulnerability.AffectStatus.Unaffected,
          }),
        );
      v.affects.add(affect);
      if (a.fixedIn.length > 0) {
        const line = `${p.name} ${p.version ?? ''}: upgrade to ${a.fixedIn[0] ?? ''}`;
        v.recommendation = v.recommendation === undefined ? line : `${v.recommendation}; ${line}`;
      }
    }
  }
  return [...byId.values()];
}

function methodOf(vector: string): Enums.Vulnerability.RatingMethod {
  if (vector.startsWith('CVSS:4')) return Enums.Vulnerability.RatingMethod.CVSSv4;
  if (vector.startsWith('CVSS:3.1')) return Enums.Vulnerability.RatingMethod.CVSSv31;
  if (vector.startsWith('CVSS:3')) return Enums.Vulnerability.RatingMethod.CVSSv3;
  return Enums.Vulnerability.RatingMethod.Other;
}

/** The SBOM as CycloneDX 1.6 JSON text (ends with a newline). */
export function renderCycloneDx(
  result: CheckResult,
  project: SbomProject,
  toolVersion: string,
): string {
  const packages = sbomPackages(result);
  const bom = new Models.Bom();
  bom.serialNumber = `urn:uuid:${stableUuid('cyclonedx', project.name, result.today, ...packages.map((p) => p.ref))}`;
  bom.metadata.timestamp = startOfDay(result.today);
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'pygovern', { version: toolVersion }),
  );
  const root = new Models.Component(Enums.ComponentType.Application, project.name, {
    bomRef: 'project',
    ...(project.version === null ? {} : { version: project.version }),
  });
  bom.metadata.component = root;
  const components = new Map<string, Models.Component>();
  for (const p of packages) {
    const c = componentOf(p);
    components.set(p.ref, c);
    bom.components.add(c);
  }
  // The root needs the direct dependencies; each component needs its children.
  const graph = sbomGraph(result, packages);
  for (const ref of graph.direct) {
    const c = components.get(ref);
    if (c !== undefined) root.dependencies.add(c.bomRef);
  }
  for (const [parent, children] of graph.children) {
    const from = components.get(parent);
    for (const ref of children) {
      const to = components.get(ref);
      if (from !== undefined && to !== undefined) from.dependencies.add(to.bomRef);
    }
  }
  for (const v of vulnerabilitiesOf(packages, components)) bom.vulnerabilities.add(v);
  const serializer = new Serialize.JsonSerializer(
    new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6),
  );
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}
