/**
 * SPDX 2.3 JSON of the packages judged: `licenseConcluded` is pygovern's decision,
 * `licenseDeclared` what the metadata said, the project DESCRIBES-ed and DEPENDS_ON each direct
 * dependency, each package DEPENDS_ON its children, findings as annotations. Pure: "today" comes from the check.
 */
import type { CheckResult } from './model.js';
import { redactUrl } from '../text/redact.js';
import { isLicenseRef } from '../licenses/expression.js';
import {
  findingText,
  licenseRefOf,
  sbomGraph,
  sbomPackages,
  stableUuid,
  type SbomPackage,
  type SbomProject,
} from './sbom.js';

const CHECKSUM_ALGORITHMS: Record<string, string> = {
  md5: 'MD5',
  sha1: 'SHA1',
  sha256: 'SHA256',
  sha384: 'SHA384',
  sha512: 'SHA512',
};

/** SPDX ids allow letters, digits, `.` and `-` only. */
export function spdxId(text: string): string {
  return `SPDXRef-${text.replace(/[^A-Za-z0-9.-]/g, '-')}`;
}

function downloadLocation(p: SbomPackage): string {
  let url: string;
  if (p.source.kind === 'git')
    url = `git+${p.source.url.replace(/^git\+/, '')}${p.source.ref === null ? '' : `@${p.source.ref}`}`;
  else if (p.source.kind === 'url') url = p.source.url;
  else return 'NOASSERTION';
  // A URL carrying credentials never leaves in the document, not even masked.
  return redactUrl(url).includes('***') || /\s/.test(url) ? 'NOASSERTION' : url;
}

/** The LicenseRef ids an expression uses (they need an extracted licensing info entry). */
function refsIn(expression: string): string[] {
  return expression.split(/[\s()]+/).filter((t) => isLicenseRef(t) && t.startsWith('LicenseRef-'));
}

/** The SBOM as SPDX 2.3 JSON text (ends with a newline). */
export function renderSpdx(result: CheckResult, project: SbomProject, toolVersion: string): string {
  const packages = sbomPackages(result);
  const created = `${result.today}T00:00:00Z`;
  const refs = new Map<string, string>();
  const ids = new Set<string>(['SPDXRef-DOCUMENT', 'SPDXRef-project']);
  const idOf = (p: SbomPackage) => {
    const base = spdxId(`Package-${p.normalizedName}${p.version === null ? '' : `-${p.version}`}`);
    let id = base;
    for (let n = 2; ids.has(id); n += 1) id = `${base}-${String(n)}`;
    ids.add(id);
    return id;
  };
  const idByRef = new Map<string, string>();
  const spdxPackages = packages.map((p) => {
    const concluded =
      p.license?.expression ?? (p.license === null ? null : licenseRefOf(p.license));
    for (const expr of [concluded, p.declared]) {
      for (const ref of expr === null ? [] : refsIn(expr)) {
        if (!refs.has(ref))
          refs.set(
            ref,
            p.license?.evidence ?? `A licence pygovern judges ${p.license?.category ?? 'unknown'}`,
          );
      }
    }
    const checksums = [...p.hashes].flatMap(([algo, hex]) => {
      const algorithm = CHECKSUM_ALGORITHMS[algo];
      return algorithm === undefined ? [] : [{ algorithm, checksumValue: hex }];
    });
    const SPDXID = idOf(p);
    idByRef.set(p.ref, SPDXID);
    return {
      SPDXID,
      name: p.name,
      ...(p.version === null ? {} : { versionInfo: p.version }),
      downloadLocation: downloadLocation(p),
      filesAnalyzed: false,
      licenseConcluded: concluded ?? 'NOASSERTION',
      licenseDeclared: p.declared ?? 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      ...(checksums.length === 0 ? {} : { checksums }),
      externalRefs: [
        { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl },
        ...p.advisories.map((a) => ({
          referenceCategory: 'SECURITY',
          referenceType: 'advisory',
          referenceLocator: `https://osv.dev/vulnerability/${encodeURIComponent(a.id)}`,
        })),
      ],
      annotations: [
        `pygovern:license-category ${p.license?.category ?? 'unknown'}`,
        ...p.findings.map((f) => `pygovern:finding ${findingText(f)}`),
        ...(p.latestRelease === null ? [] : [`pygovern:latest-release ${p.latestRelease}`]),
        ...(p.activeMaintainers === null
          ? []
          : [`pygovern:active-maintainers ${String(p.activeMaintainers)}`]),
      ].map((comment) => ({
        annotationType: 'OTHER',
        annotator: `Tool: pygovern-${toolVersion}`,
        annotationDate: created,
        comment,
      })),
    };
  });
  const root = {
    SPDXID: 'SPDXRef-project',
    name: project.name,
    ...(project.version === null ? {} : { versionInfo: project.version }),
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    primaryPackagePurpose: 'APPLICATION',
  };
  // SPDX 2.3 §11.1: "A DEPENDS_ON B" says A is dependent on B, so the dependent package is the
  // element and what it needs the related one (DEPENDENCY_OF would be the same edge reversed).
  const dependsOn = (from: string, to: string) => ({
    spdxElementId: from,
    relationshipType: 'DEPENDS_ON',
    relatedSpdxElement: to,
  });
  const graph = sbomGraph(result, packages);
  const edges = [
    ...graph.direct.flatMap((ref) => {
      const id = idByRef.get(ref);
      return id === undefined ? [] : [dependsOn('SPDXRef-project', id)];
    }),
    ...[...graph.children].flatMap(([parent, children]) => {
      const from = idByRef.get(parent);
      return children.flatMap((ref) => {
        const to = idByRef.get(ref);
        return from === undefined || to === undefined ? [] : [dependsOn(from, to)];
      });
    }),
  ];
  const uuid = stableUuid('spdx', project.name, result.today, ...packages.map((p) => p.ref));
  const doc = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${project.name} dependencies`,
    documentNamespace: `https://spdx.org/spdxdocs/pygovern-${encodeURIComponent(project.name)}-${result.today}-${uuid}`,
    creationInfo: { created, creators: [`Tool: pygovern-${toolVersion}`] },
    documentDescribes: ['SPDXRef-project'],
    packages: [root, ...spdxPackages],
    relationships: [
      {
        spdxElementId: 'SPDXRef-DOCUMENT',
        relationshipType: 'DESCRIBES',
        relatedSpdxElement: 'SPDXRef-project',
      },
      ...edges,
    ],
    ...(refs.size === 0
      ? {}
      : {
          hasExtractedLicensingInfos: [...refs].map(([licenseId, text]) => ({
            licenseId,
            extractedText: text,
            name: licenseId.slice('LicenseRef-'.length),
          })),
        }),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
