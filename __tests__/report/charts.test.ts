/** The Mermaid charts: valid Mermaid (parsed by Mermaid's own grammars), right counts, inert names. */
import { describe, expect, test } from '@jest/globals';
import { parseCliArgs } from '../../src/cli/args.js';
import { UsageError } from '../../src/diagnostics.js';
import {
  dependencyGraph,
  introducedEdges,
  licensePie,
  mermaidLabel,
  releaseAgeChart,
  releaseAges,
  renderCharts,
  type TreeEdge,
} from '../../src/report/charts.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { context, report, resultOf } from '../checks/builders.js';

const { diagramOf, parseMermaid } = await import('./mermaid.js');

/** The text inside each ```mermaid fence of a Markdown body. */
function blocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

const body = (lines: readonly string[] | null) => blocks((lines ?? []).join('\n'))[0] ?? '';

interface FlowDb {
  getVertices(): Map<string, { id: string; text: string }>;
  getEdges(): { start: string; end: string }[];
  getClasses(): Map<string, unknown>;
}

function judged() {
  const ctx = context([
    report('fresh', { releases: { '1.0.0': '2026-10-01' } }),
    report('year', { releases: { '1.0.0': '2025-12-01' } }),
    report('older', { releases: { '1.0.0': '2025-06-01' }, licenseExpression: 'GPL-3.0-only' }),
    report('old', { releases: { '1.0.0': '2024-01-01' }, licenseExpression: 'LGPL-3.0-only' }),
    report('ancient', { releases: { '1.0.0': '2019-03-14' }, licenseExpression: 'BUSL-1.1' }),
    report('gone', { project: 'missing', release: 'missing' }),
  ]);
  return resultOf(ctx);
}

describe('licence pie', () => {
  test('is a valid Mermaid pie with one slice per category of everything judged', async () => {
    const text = body(licensePie(judged()));
    expect(await parseMermaid(text)).toBe('pie');
    const db = (await diagramOf(text)) as { getSections(): Map<string, number> };
    expect(Object.fromEntries(db.getSections())).toEqual({
      permissive: 2,
      'weak copyleft': 1,
      'strong copyleft': 1,
      'source-available': 1,
      'no licence metadata': 1,
    });
  });
});

describe('release age', () => {
  test('counts projects by their last release, relative to the day given', async () => {
    expect(releaseAges(judged(), '2026-11-24')).toEqual([1, 1, 1, 1, 1, 1]);
    // A year later every project is older.
    expect(releaseAges(judged(), '2027-11-24')).toEqual([0, 0, 1, 2, 2, 1]);
    const text = body(releaseAgeChart(judged(), '2026-11-24'));
    expect(await parseMermaid(text)).toBe('xychart');
    expect(text).toContain('bar [1, 1, 1, 1, 1, 1]');
  });
});

describe('dependency tree', () => {
  const edges: TreeEdge[] = [
    { parent: 'pyproject.toml', child: 'fastapi 0.115.0' },
    { parent: 'fastapi 0.115.0', child: 'starlette 0.41.2' },
    { parent: 'starlette 0.41.2', child: 'anyio 4.6.2' },
    { parent: 'fastapi 0.115.0', child: 'pydantic 2.9.2' },
  ];

  test('draws the edges it is given, as a valid flowchart', async () => {
    const graph = dependencyGraph(edges);
    const text = body(graph?.lines ?? null);
    expect(await parseMermaid(text)).toBe('flowchart-v2');
    const db = (await diagramOf(text)) as FlowDb;
    expect([...db.getVertices().values()].map((v) => v.text)).toEqual([
      'pyproject.toml',
      'fastapi 0.115.0',
      'starlette 0.41.2',
      'pydantic 2.9.2',
      'anyio 4.6.2',
    ]);
    expect(db.getEdges().map((e) => `${e.start}>${e.end}`)).toEqual([
      'n0>n1',
      'n1>n2',
      'n1>n3',
      'n2>n4',
    ]);
  });

  test('a cycle ends, and a large tree is capped with "…and N more"', async () => {
    expect(
      dependencyGraph([...edges, { parent: 'anyio 4.6.2', child: 'fastapi 0.115.0' }])?.nodes,
    ).toBe(5);
    const many = Array.from({ length: 70 }, (_, i) => ({
      parent: 'req.txt',
      child: `p${String(i)}`,
    }));
    const graph = dependencyGraph(many);
    const text = body(graph?.lines ?? null);
    expect(await parseMermaid(text)).toBe('flowchart-v2');
    const db = (await diagramOf(text)) as FlowDb;
    expect(db.getVertices().size).toBe(51);
    expect(db.getVertices().get('more')?.text).toBe('…and 21 more');
    // Collapsed in the summary.
    const charts = renderCharts(judged(), '2026-11-24', many).join('\n');
    expect(charts).toContain('<details><summary>Dependency tree (71 nodes)</summary>');
  });

  test.each([
    'a"] --> evil["x',
    'b]; click n0 "https://e.vil" _blank',
    'c\n%%{init: {"theme": "dark"}}%%\nclassDef x fill:#f00',
    'd %% comment',
    'e```\n\n# heading',
    'f<img src=x onerror=alert(1)>',
    'g#quot; #35; &amp;',
    'end',
    'h\u202e\u0000|x|',
  ])('a hostile name stays one label: %j', async (name) => {
    const text = body(
      dependencyGraph([
        { parent: 'requirements.txt', child: name },
        { parent: name, child: 'ok 1.0' },
      ])?.lines ?? null,
    );
    expect(text.trimEnd().split('\n')).toHaveLength(6);
    expect(await parseMermaid(text)).toBe('flowchart-v2');
    const db = (await diagramOf(text)) as FlowDb;
    expect([...db.getVertices().keys()]).toEqual(['n0', 'n1', 'n2']);
    expect(db.getEdges()).toHaveLength(2);
    expect(db.getClasses().size).toBe(0);
    // Words such as click stay inside the quotes: each line is a node or an edge.
    const nodeOrEdge = /^ {2}(n\d+\["[^"\n\]`%]*"\]|n\d+ --> n\d+)$/;
    for (const line of text.trimEnd().split('\n').slice(1)) expect(line).toMatch(nodeOrEdge);
  });

  test('labels keep letters, digits and the punctuation of versions and paths', () => {
    expect(mermaidLabel('docs/requirements.txt')).toBe('docs/requirements.txt');
    expect(mermaidLabel('zope.interface 7.0+local')).toBe('zope.interface 7.0+local');
    expect(mermaidLabel('a"b')).toBe('a#34;b');
    // Controls and bidi overrides are not brought back as entities.
    expect(mermaidLabel('a\u202eb\u0000c\nd')).toBe('ab c d');
  });

  test('from the result: what the change adds or changes, under its manifest', () => {
    const kept = report('kept');
    const ctx = context([kept, report('newlib', {}, { file: 'req/app.txt' })]);
    const result = { ...resultOf(ctx), base: { manifests: [], dependencies: [kept] } };
    expect(introducedEdges(result)).toEqual([{ parent: 'req/app.txt', child: 'newlib 1.0.0' }]);
  });

  test('a transitive dependency hangs under the one that needs it, not under the manifest', async () => {
    const kept = report('kept');
    const top = report('webapp', {}, { file: 'pyproject.toml' });
    const middle = report(
      'corelib',
      {},
      {
        file: 'pyproject.toml',
        path: [
          { name: 'webapp', version: '1.0.0' },
          { name: 'corelib', version: '1.0.0' },
        ],
      },
    );
    const leaf = report(
      'tinylib',
      {},
      {
        file: 'pyproject.toml',
        path: [
          { name: 'webapp', version: '1.0.0' },
          { name: 'corelib', version: '1.0.0' },
          { name: 'tinylib', version: '1.0.0' },
        ],
      },
    );
    const ctx = context([kept, top, middle, leaf]);
    const result = { ...resultOf(ctx), base: { manifests: [], dependencies: [kept] } };
    const edges = introducedEdges(result);
    expect(edges).toEqual([
      { parent: 'pyproject.toml', child: 'webapp 1.0.0' },
      { parent: 'webapp 1.0.0', child: 'corelib 1.0.0' },
      { parent: 'corelib 1.0.0', child: 'tinylib 1.0.0' },
    ]);
    const text = body(dependencyGraph(edges)?.lines ?? null);
    const db = (await diagramOf(text)) as FlowDb;
    expect(db.getVertices().size).toBe(4);
    expect(db.getEdges()).toHaveLength(3);
  });
});

describe('charts in the Markdown report', () => {
  test('only when asked for; every block parses', async () => {
    const result = judged();
    expect(renderMarkdown(result)).not.toContain('```mermaid');
    const md = renderMarkdown(result, { charts: {} });
    expect(md).toContain('### At a glance');
    const found = blocks(md);
    expect(found).toHaveLength(3);
    for (const b of found) await expect(parseMermaid(b)).resolves.toBeTruthy();
  });

  test('a package name cannot close the fence', () => {
    const md = renderMarkdown(resultOf(context([report('x```\n## pwned')])), { charts: {} });
    expect(md.match(/^```/gm)).toHaveLength(6);
    expect(md).not.toContain('## pwned');
  });

  test('--charts goes with --format markdown', () => {
    const cmd = parseCliArgs(['check', '--format', 'markdown', '--charts']);
    expect(cmd.command === 'check' && cmd.charts).toBe(true);
    expect(() => parseCliArgs(['check', '--charts'])).toThrow(UsageError);
  });
});
