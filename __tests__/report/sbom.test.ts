/** The SBOM renderers on built results: licence families, ids, hashes, repeated packages. */
import { describe, expect, test } from '@jest/globals';
import { renderCycloneDx } from '../../src/report/cyclonedx.js';
import { pypiPurl } from '../../src/report/sbom.js';
import { renderSpdx } from '../../src/report/spdx.js';
import { context, dep, report, resultOf } from '../checks/builders.js';

const project = { name: 'demo', version: null };

interface Spdx {
  packages: { SPDXID: string; name: string; licenseConcluded: string; licenseDeclared: string }[];
  relationships: { relatedSpdxElement: string }[];
  hasExtractedLicensingInfos?: { licenseId: string; extractedText: string }[];
}
interface Cdx {
  components: {
    name: string;
    purl: string;
    licenses?: unknown[];
    hashes?: { alg: string; content: string }[];
  }[];
}

describe('SBOM renderers', () => {
  test('a licence family with no exact id is a LicenseRef in both formats, with its text in SPDX', () => {
    const bsd = report('oldbsd', {
      licenseExpression: null,
      classifiers: ['License :: OSI Approved :: BSD License'],
    });
    const result = resultOf(context([bsd]));
    const cdx = JSON.parse(renderCycloneDx(result, project, '0.0.0')) as Cdx;
    expect(cdx.components[0]?.licenses).toEqual([
      { license: { name: 'LicenseRef-pygovern-permissive' } },
    ]);
    const spdx = JSON.parse(renderSpdx(result, project, '0.0.0')) as Spdx;
    const pkg = spdx.packages.find((p) => p.name === 'oldbsd');
    expect(pkg?.licenseConcluded).toBe('LicenseRef-pygovern-permissive');
    expect(pkg?.licenseDeclared).toBe('NOASSERTION');
    expect(spdx.hasExtractedLicensingInfos).toEqual([
      {
        licenseId: 'LicenseRef-pygovern-permissive',
        extractedText: expect.stringContaining('BSD License') as unknown,
        name: 'pygovern-permissive',
      },
    ]);
  });

  test('SPDX ids are sanitised and unique; relationships point at them', () => {
    const a = report('zope.interface', { version: '1.0+local_build' });
    const b = report('zope-interface', { version: '1.0-local.build' });
    const spdx = JSON.parse(renderSpdx(resultOf(context([a, b])), project, '0.0.0')) as Spdx;
    const ids = spdx.packages.map((p) => p.SPDXID);
    for (const id of ids) expect(id).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(spdx.relationships.map((r) => r.relatedSpdxElement).sort()).toEqual([...ids].sort());
  });

  test('one component per name and version; hashes only when one per algorithm', () => {
    const one = 'a'.repeat(64);
    const first = report('rich', { version: '13.0' }, { hashes: [`sha256:${one}`] });
    const again = report('Rich', { version: '13.0' }, { file: 'requirements.txt' });
    const wheels = report(
      'idna',
      { version: '3.10' },
      {
        hashes: [`sha256:${'b'.repeat(64)}`, `sha256:${'c'.repeat(64)}`],
      },
    );
    const cdx = JSON.parse(
      renderCycloneDx(resultOf(context([first, again, wheels])), project, '0.0.0'),
    ) as Cdx;
    expect(cdx.components.map((c) => c.purl)).toEqual(['pkg:pypi/idna@3.10', 'pkg:pypi/rich@13.0']);
    const by = (n: string) => cdx.components.find((c) => c.purl.includes(n));
    expect(by('rich')?.hashes).toEqual([{ alg: 'SHA-256', content: one }]);
    expect(by('idna')?.hashes).toBeUndefined();
  });

  test('a VCS download location is kept, unless its URL carries credentials', () => {
    const git = (name: string, url: string) => ({
      dependency: dep(name, { source: { kind: 'git', url, ref: 'v1' } }),
      facts: null,
    });
    const result = resultOf(
      context([
        git('plain', 'https://github.com/acme/plain.git'),
        git('secret', 'https://ghp_token123@github.com/acme/secret.git'),
      ]),
    );
    const text = renderSpdx(result, project, '0.0.0');
    expect(text).not.toContain('ghp_token123');
    const spdx = JSON.parse(text) as { packages: { name: string; downloadLocation: string }[] };
    const at = (n: string) => spdx.packages.find((p) => p.name === n)?.downloadLocation;
    expect(at('plain')).toBe('git+https://github.com/acme/plain.git@v1');
    expect(at('secret')).toBe('NOASSERTION');
  });

  test('purls percent-encode what the spec reserves in a version', () => {
    expect(pypiPurl('foo', '1.0+local')).toBe('pkg:pypi/foo@1.0%2Blocal');
    expect(pypiPurl('foo', null)).toBe('pkg:pypi/foo');
  });
});
