/** `pygovern sbom` end to end, in process, against the fake services; both formats validated. */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { readFactsFile, startFakeServices, type FakeServices } from '../fakes/services.js';
import { renderCycloneDx } from '../../src/report/cyclonedx.js';
import { renderSpdx } from '../../src/report/spdx.js';
import { context, dep, manifest, report, resultOf } from '../checks/builders.js';

jest.setTimeout(120_000);

const root = fileURLToPath(new URL('../../', import.meta.url));
const facts = readFactsFile(`${root}examples/pr/facts.json`);
let services: FakeServices;
beforeAll(async () => {
  services = await startFakeServices(facts, { githubToken: 'gh-test-token' });
});
afterAll(async () => {
  await services.close();
});

async function sbom(paths: string[], extra: string[] = []) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: root,
    env: { GITHUB_TOKEN: 'gh-test-token' },
  };
  const code = await main(
    [
      'sbom',
      ...paths,
      '--no-cache',
      '--today',
      '2026-11-24',
      '--index-url',
      services.pypi.jsonUrl,
      '--osv-url',
      services.osv.url,
      '--github-api-url',
      services.github.url,
      ...extra,
    ],
    io,
  );
  return { code, stdout, stderr };
}

type Validator = ((d: unknown) => boolean) & { errors?: unknown };
interface AjvLike {
  addSchema: (s: object) => AjvLike;
  addFormat: (name: string, f: RegExp | ((s: string) => boolean)) => AjvLike;
  compile: (s: object) => Validator;
}
async function ajv(): Promise<AjvLike> {
  const { default: Ajv } = (await import('ajv')) as unknown as {
    default: new (o: object) => AjvLike;
  };
  // ajv-formats is not a dependency: the formats the schemas use, checked as strictly as needed.
  return new Ajv({ strict: false, allErrors: true })
    .addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
    .addFormat('iri-reference', (s) => !/\s/.test(s))
    .addFormat('uri', (s) => URL.canParse(s))
    .addFormat('idn-email', /@/);
}

const schemaDir = join(root, 'node_modules/@cyclonedx/cyclonedx-library/res/schema');
const schema = (name: string) => JSON.parse(readFileSync(join(schemaDir, name), 'utf8')) as object;
/** The library's copy refers to its neighbours by their file names (`*.SNAPSHOT.schema.json`). */
const neighbour = (name: string) => ({
  ...schema(name),
  $id: `http://cyclonedx.org/schema/${name}`,
});

interface CdxComponent {
  'bom-ref': string;
  name: string;
  version?: string;
  purl: string;
  licenses?: ({ expression: string } | { license: { name?: string; id?: string } })[];
  hashes?: { alg: string; content: string }[];
  properties?: { name: string; value: string }[];
}
interface Cdx {
  bomFormat: string;
  specVersion: string;
  serialNumber: string;
  metadata: { timestamp: string; component: { name: string; 'bom-ref': string } };
  components: CdxComponent[];
  dependencies: { ref: string; dependsOn?: string[] }[];
  vulnerabilities: {
    id: string;
    source: { name: string };
    references?: { id: string }[];
    recommendation?: string;
    affects: { ref: string; versions: { version: string; status: string }[] }[];
  }[];
}

describe('pygovern sbom --format cyclonedx', () => {
  test('is valid CycloneDX 1.6 with verdicts, vulnerabilities and the direct graph', async () => {
    const { code, stdout, stderr } = await sbom(['examples/pr/head']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const bom = JSON.parse(stdout) as Cdx;
    const validate = (await ajv())
      .addSchema(neighbour('spdx.SNAPSHOT.schema.json'))
      .addSchema(neighbour('jsf-0.82.SNAPSHOT.schema.json'))
      .compile(schema('bom-1.6.SNAPSHOT.schema.json'));
    const valid = validate(bom);
    expect(validate.errors ?? null).toBeNull();
    expect(valid).toBe(true);

    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
    expect(bom.metadata.timestamp).toBe('2026-11-24T00:00:00.000Z');
    expect(bom.metadata.component.name).toBe('acme-orders');
    const by = (name: string) => bom.components.find((c) => c.name === name);
    const props = (c: CdxComponent | undefined) =>
      (c?.properties ?? []).map((p) => `${p.name}=${p.value}`);

    const streamvault = by('streamvault');
    expect(streamvault).toMatchObject({
      version: '2.1.0',
      purl: 'pkg:pypi/streamvault@2.1.0',
      licenses: [{ expression: 'BUSL-1.1' }],
    });
    expect(props(streamvault)).toContain('pygovern:license-category=source-available');
    expect(props(streamvault).some((p) => p.startsWith('pygovern:finding=license/'))).toBe(true);

    const tiny = by('tinyproxy-client');
    expect(tiny?.purl).toBe('pkg:pypi/tinyproxy-client@1.3.0');
    expect(props(tiny)).toEqual(
      expect.arrayContaining([
        'pygovern:latest-release=1.3.2',
        'pygovern:active-maintainers=3',
        'pygovern:license-category=permissive',
      ]),
    );
    expect(props(tiny).some((p) => p.startsWith('pygovern:finding=vulnerability/'))).toBe(true);

    const vuln = bom.vulnerabilities.find((v) => v.id === 'GHSA-7f3q-x2mw-tp4c');
    expect(vuln?.source.name).toBe('OSV');
    expect(vuln?.affects).toEqual([
      {
        ref: tiny?.['bom-ref'],
        versions: expect.arrayContaining([
          { version: '1.3.0', status: 'affected' },
          expect.objectContaining({ status: 'unaffected' }),
        ]) as unknown,
      },
    ]);
    expect(vuln?.recommendation).toMatch(/^tinyproxy-client 1\.3\.0: upgrade to /);

    const rootDeps = bom.dependencies.find((d) => d.ref === bom.metadata.component['bom-ref']);
    expect(new Set(rootDeps?.dependsOn)).toEqual(new Set(bom.components.map((c) => c['bom-ref'])));
  });

  test('the same check gives the same document, serial number included', async () => {
    const [a, b] = [await sbom(['examples/pr/head']), await sbom(['examples/pr/head'])];
    expect(a.stdout).toBe(b.stdout);
    expect((JSON.parse(a.stdout) as Cdx).serialNumber).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
  });

  test('hashes a lock pins are the component hashes, and --output writes the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pygovern-sbom-'));
    try {
      const hex = 'ab'.repeat(32);
      writeFileSync(join(dir, 'requirements.txt'), `yamlette==0.9.1 --hash=sha256:${hex}\n`);
      const out = join(dir, 'bom.json');
      const { code, stdout } = await sbom([join(dir, 'requirements.txt')], ['--output', out]);
      expect(code).toBe(0);
      expect(stdout).toBe('');
      const bom = JSON.parse(readFileSync(out, 'utf8')) as Cdx;
      expect(bom.components[0]?.hashes).toEqual([{ alg: 'SHA-256', content: hex }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unknown format is a usage error', async () => {
    const { code, stderr } = await sbom(['examples/pr/head'], ['--format', 'sarif']);
    expect(code).toBe(2);
    expect(stderr).toContain('--format must be one of cyclonedx, spdx');
  });
});

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: string;
  licenseConcluded: string;
  licenseDeclared: string;
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
  annotations?: { comment: string }[];
}
interface Spdx {
  spdxVersion: string;
  dataLicense: string;
  SPDXID: string;
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: SpdxPackage[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
  hasExtractedLicensingInfos?: { licenseId: string; extractedText: string }[];
}

/**
 * The SPDX 2.3 JSON schema is not shipped by any npm package we could find, so this states
 * the requirements of its required fields and id patterns (SPDX 2.3 §6-§11) as a schema.
 */
const SPDX_ID = '^SPDXRef-[A-Za-z0-9.-]+$';
const LICENSE = '^(NOASSERTION|NONE|[A-Za-z0-9.+: ()-]+)$';
const SPDX_23_REQUIREMENTS = {
  type: 'object',
  required: ['spdxVersion', 'dataLicense', 'SPDXID', 'name', 'documentNamespace', 'creationInfo'],
  properties: {
    spdxVersion: { const: 'SPDX-2.3' },
    dataLicense: { const: 'CC0-1.0' },
    SPDXID: { const: 'SPDXRef-DOCUMENT' },
    name: { type: 'string', minLength: 1 },
    documentNamespace: { type: 'string', format: 'uri', not: { pattern: '#' } },
    creationInfo: {
      type: 'object',
      required: ['created', 'creators'],
      properties: {
        created: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$' },
        creators: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', pattern: '^(Tool|Person|Organization): .+' },
        },
      },
    },
    packages: {
      type: 'array',
      items: {
        type: 'object',
        required: ['SPDXID', 'name', 'downloadLocation'],
        properties: {
          SPDXID: { type: 'string', pattern: SPDX_ID },
          name: { type: 'string', minLength: 1 },
          downloadLocation: { type: 'string', minLength: 1 },
          filesAnalyzed: { type: 'boolean' },
          licenseConcluded: { type: 'string', pattern: LICENSE },
          licenseDeclared: { type: 'string', pattern: LICENSE },
          externalRefs: {
            type: 'array',
            items: {
              type: 'object',
              required: ['referenceCategory', 'referenceType', 'referenceLocator'],
              properties: {
                referenceCategory: {
                  enum: ['OTHER', 'PERSISTENT-ID', 'SECURITY', 'PACKAGE-MANAGER'],
                },
                referenceLocator: { type: 'string', pattern: '^\\S+$' },
              },
            },
          },
          annotations: {
            type: 'array',
            items: {
              type: 'object',
              required: ['annotationDate', 'annotationType', 'annotator', 'comment'],
              properties: { annotationType: { enum: ['OTHER', 'REVIEW'] } },
            },
          },
        },
      },
    },
    relationships: {
      type: 'array',
      items: {
        type: 'object',
        required: ['spdxElementId', 'relationshipType', 'relatedSpdxElement'],
        properties: {
          spdxElementId: { type: 'string', pattern: SPDX_ID },
          relatedSpdxElement: { type: 'string', pattern: SPDX_ID },
        },
      },
    },
    hasExtractedLicensingInfos: {
      type: 'array',
      items: {
        type: 'object',
        required: ['licenseId', 'extractedText'],
        properties: { licenseId: { type: 'string', pattern: '^LicenseRef-[A-Za-z0-9.-]+$' } },
      },
    },
  },
};

describe('pygovern sbom --format spdx', () => {
  test('is SPDX 2.3 with the decision, the declaration and the relationships', async () => {
    const { code, stdout, stderr } = await sbom(['examples/pr/head'], ['--format', 'spdx']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as Spdx;
    const validate = (await ajv()).compile(SPDX_23_REQUIREMENTS);
    const valid = validate(doc);
    expect(validate.errors ?? null).toBeNull();
    expect(valid).toBe(true);

    expect(doc.creationInfo.created).toBe('2026-11-24T00:00:00Z');
    expect(doc.documentNamespace).toContain('acme-orders-2026-11-24');
    const by = (name: string) => doc.packages.find((p) => p.name === name);
    const streamvault = by('streamvault');
    expect(streamvault).toMatchObject({
      versionInfo: '2.1.0',
      licenseConcluded: 'BUSL-1.1',
      externalRefs: [
        {
          referenceCategory: 'PACKAGE-MANAGER',
          referenceType: 'purl',
          referenceLocator: 'pkg:pypi/streamvault@2.1.0',
        },
      ],
    });
    expect(streamvault?.annotations?.map((a) => a.comment)).toContain(
      'pygovern:license-category source-available',
    );
    const tiny = by('tinyproxy-client');
    expect(tiny?.externalRefs).toContainEqual({
      referenceCategory: 'SECURITY',
      referenceType: 'advisory',
      referenceLocator: 'https://osv.dev/vulnerability/GHSA-7f3q-x2mw-tp4c',
    });

    const ids = new Set(doc.packages.map((p) => p.SPDXID));
    expect(ids.size).toBe(doc.packages.length);
    expect(doc.relationships[0]).toEqual({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: 'SPDXRef-project',
    });
    const dependsOn = doc.relationships.filter((r) => r.relationshipType === 'DEPENDS_ON');
    expect(dependsOn).toHaveLength(doc.packages.length - 1);
    for (const r of doc.relationships) expect(ids.has(r.relatedSpdxElement)).toBe(true);
    // Every LicenseRef used has its extracted text.
    const refs = new Set(doc.hasExtractedLicensingInfos?.map((e) => e.licenseId));
    for (const p of doc.packages)
      for (const id of `${p.licenseConcluded} ${p.licenseDeclared}`.match(/LicenseRef-[\w.-]+/g) ??
        [])
        expect(refs.has(id)).toBe(true);
  });
});

describe('the dependency graph in both formats', () => {
  // httpx (direct) → httpcore → h11, and certifi needed by both httpx and httpcore.
  const step = (name: string, version: string) => ({ name, version });
  const httpx = step('httpx', '0.27.0');
  const httpcore = step('httpcore', '1.0.5');
  const result = resultOf(
    context([
      report('httpx', { version: '0.27.0' }),
      report('httpcore', { version: '1.0.5' }, { path: [httpx, httpcore] }),
      report('h11', { version: '0.14.0' }, { path: [httpx, httpcore, step('h11', '0.14.0')] }),
      report('certifi', { version: '2024.8.30' }, { path: [httpx, step('certifi', '2024.8.30')] }),
      report(
        'certifi',
        { version: '2024.8.30' },
        { path: [httpx, step('HTTPCore', '1.0.5'), step('certifi', '2024.8.30')] },
      ),
    ]),
  );
  const demo = { name: 'demo', version: null };

  test('CycloneDX: the root needs the direct one, each component its children', async () => {
    const bom = JSON.parse(renderCycloneDx(result, demo, '0.0.0')) as Cdx;
    const validate = (await ajv())
      .addSchema(neighbour('spdx.SNAPSHOT.schema.json'))
      .addSchema(neighbour('jsf-0.82.SNAPSHOT.schema.json'))
      .compile(schema('bom-1.6.SNAPSHOT.schema.json'));
    const valid = validate(bom);
    expect(validate.errors ?? null).toBeNull();
    expect(valid).toBe(true);
    expect(bom.components.map((c) => c.name).sort()).toEqual([
      'certifi',
      'h11',
      'httpcore',
      'httpx',
    ]);
    const graph = Object.fromEntries(bom.dependencies.map((d) => [d.ref, d.dependsOn ?? []]));
    expect(graph).toEqual({
      project: ['pkg:pypi/httpx@0.27.0'],
      'pkg:pypi/httpx@0.27.0': ['pkg:pypi/certifi@2024.8.30', 'pkg:pypi/httpcore@1.0.5'],
      'pkg:pypi/httpcore@1.0.5': ['pkg:pypi/certifi@2024.8.30', 'pkg:pypi/h11@0.14.0'],
      'pkg:pypi/h11@0.14.0': [],
      'pkg:pypi/certifi@2024.8.30': [],
    });
  });

  test('SPDX: DEPENDS_ON from the project to the direct one and from each parent', async () => {
    const doc = JSON.parse(renderSpdx(result, demo, '0.0.0')) as Spdx;
    const validate = (await ajv()).compile(SPDX_23_REQUIREMENTS);
    const valid = validate(doc);
    expect(validate.errors ?? null).toBeNull();
    expect(valid).toBe(true);
    expect(doc.packages.filter((p) => p.name === 'certifi')).toHaveLength(1);
    const name = new Map(doc.packages.map((p) => [p.SPDXID, p.name]));
    const edges = doc.relationships
      .filter((r) => r.relationshipType === 'DEPENDS_ON')
      .map((r) => `${name.get(r.spdxElementId) ?? '?'} -> ${name.get(r.relatedSpdxElement) ?? '?'}`)
      .sort();
    expect(edges).toEqual([
      'demo -> httpx',
      'httpcore -> certifi',
      'httpcore -> h11',
      'httpx -> certifi',
      'httpx -> httpcore',
    ]);
  });

  test('a lock edge between packages judged is kept beside the shortest path', () => {
    const lock = manifest('poetry.lock', {
      kind: 'poetry.lock',
      dependencies: [
        dep('httpx', { version: '0.27.0' }),
        dep('httpcore', { version: '1.0.5' }),
        dep('certifi', { version: '2024.8.30' }),
      ],
      edges: new Map([
        ['httpx', ['httpcore', 'certifi']],
        ['httpcore', ['certifi']],
      ]),
    });
    const locked = resultOf(
      context(
        [
          report('httpx', { version: '0.27.0' }),
          report('httpcore', { version: '1.0.5' }, { path: [httpx, httpcore] }),
          report(
            'certifi',
            { version: '2024.8.30' },
            { path: [httpx, step('certifi', '2024.8.30')] },
          ),
        ],
        { manifests: [lock] },
      ),
    );
    const bom = JSON.parse(renderCycloneDx(locked, demo, '0.0.0')) as Cdx;
    const core = bom.dependencies.find((d) => d.ref === 'pkg:pypi/httpcore@1.0.5');
    expect(core?.dependsOn).toEqual(['pkg:pypi/certifi@2024.8.30']);
  });
});
