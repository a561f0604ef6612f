/** Links in the reports: built only from validated parts, encoded, and never from metadata. */
import { describe, expect, test } from '@jest/globals';
import { planReview } from '../../src/action/review.js';
import {
  advisoryUrl,
  githubFiles,
  githubRun,
  NO_LINKS,
  packagePages,
  ruleUrl,
  type Links,
} from '../../src/report/links.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { advisory, context, report, resultOf } from '../checks/builders.js';

const SHA = 'a'.repeat(40);

describe('link targets', () => {
  test.each([
    ['Flask_SQLAlchemy', '3.1.1', 'https://pypi.org/project/flask-sqlalchemy/3.1.1/'],
    ['zope.interface', '7.0+local', 'https://pypi.org/project/zope-interface/7.0%2Blocal/'],
    ['requests', null, 'https://pypi.org/project/requests/'],
    // A version that is not PEP 440 text links the project, not a made-up release page.
    ['requests', '1.0)](http://e.vil', 'https://pypi.org/project/requests/'],
    ['evil)](http://e.vil', '1.0', null],
    ['../../x', '1.0', null],
    ['', '1.0', null],
  ])('package %j %j → %s', (name, version, url) => {
    expect(packagePages()(name, version)).toBe(url);
  });

  test('another index: its project page, without the credentials of its URL', () => {
    expect(packagePages({ indexUrl: 'https://test.pypi.org/pypi/' })('A_b', '1')).toBe(
      'https://test.pypi.org/project/a-b/1/',
    );
    expect(packagePages({ simpleUrl: 'https://u:secret@pkgs.acme.test/simple/' })('A_b', '1')).toBe(
      'https://pkgs.acme.test/simple/a-b/',
    );
    // An index whose page pygovern cannot know gets no link.
    expect(packagePages({ indexUrl: 'https://mirror.acme.test/json' })('a', '1')).toBeNull();
  });

  test.each([
    ['GHSA-7f3q-x2mw-tp4c', 'https://github.com/advisories/GHSA-7f3q-x2mw-tp4c'],
    ['PYSEC-2024-12', 'https://osv.dev/vulnerability/PYSEC-2024-12'],
    ['CVE-2025-48210', 'https://osv.dev/vulnerability/CVE-2025-48210'],
    ['GHSA-9', null],
    ['GHSA-AAAA-bbbb-cccc', null],
    ['GHSA-aaaa-bbbb-ccc/', null],
    ['PYSEC-1)](http://e.vil', null],
    ['pysec-2024-12', null],
  ])('advisory %s → %s', (id, url) => {
    expect(advisoryUrl(id)).toBe(url);
  });

  test('a rule links to its heading in the README', () => {
    expect(ruleUrl('license/source-available')).toBe(
      'https://github.com/pygovern/pygovern#licensesource-available',
    );
  });

  test('file:line points at the head commit, each segment encoded', () => {
    const at = githubFiles('https://github.com/', 'acme/orders', SHA);
    expect(at('req s/a(1)|#.txt', 7)).toBe(
      `https://github.com/acme/orders/blob/${SHA}/req%20s/a%281%29%7C%23.txt#L7`,
    );
    expect(at('pyproject.toml', null)).toBe(
      `https://github.com/acme/orders/blob/${SHA}/pyproject.toml`,
    );
    expect(at('../etc/passwd', 1)).toBeNull();
    expect(at('a//b', 1)).toBeNull();
    expect(githubFiles('https://github.com', 'acme/orders', 'main')('a', 1)).toBeNull();
    expect(githubFiles('javascript:alert(1)', 'acme/orders', SHA)('a', 1)).toBeNull();
  });

  test('the run from the runner’s variables, or nothing', () => {
    const env = {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/orders',
      GITHUB_RUN_ID: '42',
    };
    expect(githubRun(env)).toBe('https://github.com/acme/orders/actions/runs/42');
    expect(githubRun({ ...env, GITHUB_RUN_ID: '42)' })).toBeNull();
    expect(githubRun({ ...env, GITHUB_REPOSITORY: 'acme/x)y' })).toBeNull();
  });
});

const LINKS: Links = {
  packagePage: packagePages(),
  fileAt: githubFiles('https://github.com', 'acme/orders', SHA),
  run: 'https://github.com/acme/orders/actions/runs/42',
};

function vulnerable() {
  const r = report('tiny-proxy', { advisories: [advisory('GHSA-7f3q-x2mw-tp4c')] }, { line: 10 });
  return resultOf(context([r]));
}

describe('links in the comment', () => {
  test('package, advisory, rule, file:line and the run are linked', () => {
    const body = renderMarkdown(vulnerable(), { links: LINKS });
    expect(body).toContain(
      '| [`tiny\u2011proxy`](https://pypi.org/project/tiny-proxy/1.0.0/) `1.0.0` | ❌ [`vulnerability/known`](https://github.com/pygovern/pygovern#vulnerabilityknown) |',
    );
    expect(body).toContain(
      ' [`GHSA-7f3q-x2mw-tp4c`](https://github.com/advisories/GHSA-7f3q-x2mw-tp4c) |',
    );
    expect(body).toContain(
      `| [\`pyproject.toml:10\`](https://github.com/acme/orders/blob/${SHA}/pyproject.toml#L10) |`,
    );
    expect(body).toContain(
      '<sub>[Workflow run](https://github.com/acme/orders/actions/runs/42)</sub>',
    );
    expect(body).toContain('[Fails on](https://github.com/pygovern/pygovern#policy)');
  });

  test('without a commit, files are not linked (the CLI)', () => {
    const body = renderMarkdown(vulnerable(), {
      links: { ...NO_LINKS, packagePage: packagePages() },
    });
    expect(body).toContain('| `pyproject.toml:10` |');
    expect(body).not.toContain('Workflow run');
  });

  test('a Conda package, or one from another index, is not linked to PyPI', () => {
    const conda = report('numpy', {}, { source: { kind: 'conda', channel: null } });
    const other = report('private-lib', {}, { source: { kind: 'registry', index: 'acme' } });
    const body = renderMarkdown(
      resultOf(context([conda, other], { policy: { allowLicenses: ['BSD-3-Clause'] } })),
      { links: LINKS },
    );
    expect(body).toContain('`numpy`');
    expect(body).not.toContain('pypi.org/project/numpy');
    expect(body).not.toContain('pypi.org/project/private-lib');
  });

  test('a hostile name is escaped in its code span and gets no link', () => {
    const evil = report('x`](http://e.vil) <img src=y>', { licenseExpression: 'GPL-3.0-only' });
    const body = renderMarkdown(resultOf(context([evil])), { links: LINKS });
    // The name is only ever inside its code span, where GitHub shows it as text.
    const span = '``x`](http://e.vil) <img src=y>``';
    expect(body).toContain(span);
    expect(body.split('](http://e.vil').length).toBe(body.split(span).length);
  });
});

describe('links in line comments', () => {
  test('the rule, the package and the advisory are linked', () => {
    const result = vulnerable();
    const diff = new Map([['pyproject.toml', { added: new Set([10]), shown: new Set([10]) }]]);
    const plan = planReview(result.verdict.findings, diff, [], 50, LINKS);
    const body = plan.comments[0]?.body ?? '';
    expect(body).toContain(
      '❌ [**vulnerability/known**](https://github.com/pygovern/pygovern#vulnerabilityknown)',
    );
    expect(body).toContain(
      '[`tiny-proxy 1.0.0`](https://pypi.org/project/tiny-proxy/1.0.0/) · [`GHSA-7f3q-x2mw-tp4c`](https://github.com/advisories/GHSA-7f3q-x2mw-tp4c)',
    );
  });
});
