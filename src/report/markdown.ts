/**
 * The Markdown report: the body of the pull-request comment, the job summary and
 * `check --format markdown`. Everything from manifests or package metadata goes through
 * escape.ts. The body stays under GitHub's comment limit by shortening the longest tables.
 */
import { RULES } from '../rules/catalogue.js';
import type { MaintenanceFigures } from '../checks/maintenance.js';
import type { Finding } from '../checks/types.js';
import { inScope } from '../checks/judge.js';
import type { CheckResult } from './model.js';
import { dependencyChanges } from './changes.js';
import { renderCharts, type TreeEdge } from './charts.js';
import { codeSpan, escapeMarkdown, SEVERITY_ICON, truncate } from '../text/escape.js';
import {
  advisoryUrl,
  indexPagesOnly,
  link,
  NO_LINKS,
  packagePages,
  POLICY_URL,
  ruleUrl,
  type Links,
} from './links.js';

/** GitHub refuses comment bodies over 65,536 characters. */
export const COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
  /** A hidden first line the action finds its own comment by. */
  marker?: string;
  /** Where the full report is (the workflow run), named when tables are cut. */
  fullReportUrl?: string | null;
  maxLength?: number;
  /** A line under the heading (e.g. why no comment could be posted). */
  note?: string | null;
  /** Where packages, files and the run link to (default: packages to PyPI, nothing else). */
  links?: Links;
  /** Mermaid charts after the report (the job summary, `--charts`); `edges`: the tree to draw. */
  charts?: { edges?: readonly TreeEdge[] } | null;
}

/**
 * Inside a table cell `|` ends the cell even in a code span, unless escaped. Escaped text
 * already has `\|`; this escapes the pipes that are not.
 */
const cell = (markdown: string) => markdown.replace(/(?<!\\)\|/g, '\\|');
/** A code span in a cell: every pipe escaped (GFM unescapes `\|` inside cells first). */
const code = (text: string) => codeSpan(text).replace(/\|/g, '\\|');
const text = (t: string, max = 400) => escapeMarkdown(truncate(t, max));

/**
 * A package name that does not wrap in a narrow first column: browsers break lines after a
 * hyphen, so its hyphens are shown as non-breaking hyphens (U+2011); the link beside it has
 * the name as the index spells it.
 */
const unbroken = (name: string) => name.replace(/-/g, '\u2011');

/** The package's name linked to its index page (a package of another index: no link). */
function packageName(name: string, version: string | null, links: Links): string {
  return link(code(unbroken(name)), links.packagePage(name, version));
}

function packageCell(f: Finding, links: Links): string {
  if (f.package === null) return fileLink(f.manifest, null, links);
  // A transitive dependency: the path that brings it in, direct dependency first.
  if (f.path !== undefined) return code(unbroken(f.path.join(' → ')));
  const name = packageName(f.package, f.version, links);
  return f.version === null ? name : `${name} ${code(f.version)}`;
}

function fileLink(path: string, line: number | null, links: Links): string {
  return link(code(line === null ? path : `${path}:${String(line)}`), links.fileAt(path, line));
}

function whereCell(f: Finding, links: Links): string {
  return fileLink(f.manifest, f.line, links);
}

/** The advisory a vulnerability finding is about, linked, after its message. */
function advisoryLink(f: Finding): string {
  if (!f.rule.startsWith('vulnerability/')) return '';
  const url = advisoryUrl(f.key);
  return url === null ? '' : ` ${link(code(f.key), url)}`;
}

function findingRow(f: Finding, links: Links): string {
  const rule = `${SEVERITY_ICON[f.severity]} ${link(code(f.rule), ruleUrl(f.rule))}`;
  const why = `${cell(text(f.message))}${advisoryLink(f)}`;
  const fix = cell(text(f.fix ?? RULES[f.rule].fix, 300));
  return `| ${packageCell(f, links)} | ${rule} | ${why} | ${fix} | ${whereCell(f, links)} |`;
}

const EMPTY: MaintenanceFigures = {
  releasesLast12Months: null,
  medianReleaseIntervalDays: null,
  medianOpenIssueAgeDays: null,
  oldestOpenIssueDays: null,
  contributorsLast12Months: null,
  contributorsAllTime: null,
  maintainersSource: null,
};

const TABLE_HEAD = ['| Package | Rule | Why | How to fix | Where |', '|---|---|---|---|---|'];

function exceptedRow(f: Finding, links: Links): string {
  const e = f.exception;
  const until = e?.expires == null ? '' : ` (until ${e.expires})`;
  return `| ${packageCell(f, links)} | ${link(code(f.rule), ruleUrl(f.rule))} | ${cell(text(e?.reason ?? '', 300))}${until} |`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

/** One line of maintenance figures; unknown figures are left out, all unknown says so. */
export function maintenanceLine(m: MaintenanceFigures): string {
  const parts: string[] = [];
  if (m.releasesLast12Months !== null) {
    const apart =
      m.medianReleaseIntervalDays === null
        ? ''
        : ` (median ${String(m.medianReleaseIntervalDays)} days apart)`;
    parts.push(`${plural(m.releasesLast12Months, 'release')} in 12 months${apart}`);
  }
  if (m.medianOpenIssueAgeDays !== null) {
    const oldest =
      m.oldestOpenIssueDays === null
        ? ''
        : `, oldest unanswered ${String(m.oldestOpenIssueDays)} days`;
    parts.push(`open issues a median ${String(m.medianOpenIssueAgeDays)} days old${oldest}`);
  }
  if (m.contributorsLast12Months !== null) {
    const all =
      m.contributorsAllTime === null ? '' : ` (${String(m.contributorsAllTime)} all time)`;
    parts.push(`${plural(m.contributorsLast12Months, 'contributor')} in 12 months${all}`);
  }
  return parts.length === 0 ? 'no maintenance figures known' : parts.join(' · ');
}

function countsOf(findings: readonly Finding[]): string {
  const by = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const parts = [
    by('error') > 0 ? plural(by('error'), 'error') : null,
    by('warning') > 0 ? plural(by('warning'), 'warning') : null,
    by('notice') > 0 ? plural(by('notice'), 'notice') : null,
  ].filter((p): p is string => p !== null);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

interface Section {
  /** Lines before the rows (heading, table head). */
  head: string[];
  rows: string[];
  /** Lines after the rows. */
  tail: string[];
}

function render(sections: readonly Section[], cut: ReadonlyMap<Section, number>, more: string) {
  const lines: string[] = [];
  for (const s of sections) {
    if (s.rows.length === 0 && s.head.length === 0) continue;
    const keep = s.rows.length - (cut.get(s) ?? 0);
    // Row by row: spreading 100,000 rows into one push() call overflows the stack.
    for (const line of [...s.head, ...s.rows.slice(0, keep)]) lines.push(line);
    if (keep < s.rows.length) lines.push('', `*… and ${String(s.rows.length - keep)} more${more}*`);
    lines.push(...s.tail);
  }
  return lines.join('\n');
}

export function renderMarkdown(result: CheckResult, options: MarkdownOptions = {}): string {
  const { verdict, policy } = result;
  const links = indexPagesOnly(
    result,
    options.links ?? { ...NO_LINKS, packagePage: packagePages() },
  );
  const row = (f: Finding) => findingRow(f, links);
  const active = verdict.findings.filter((f) => f.exception === null);
  const scoped = policy.scope === 'changed' && verdict.compared;
  const counted = (f: Finding) => inScope(f, policy.scope, verdict.compared);
  const introduced = active.filter(counted);
  const present = active.filter((f) => !counted(f));
  const excepted = verdict.findings.filter((f) => f.exception !== null);
  const failed = verdict.outcome === 'fail';

  const heading = failed
    ? `## ❌ pygovern: ${countsOf(verdict.failing)} ${scoped ? 'introduced by this change' : 'found'}`
    : introduced.length === 0
      ? `## ✅ pygovern: all clear${scoped ? ' — this change brings in no dependency problems' : ''}`
      : `## ✅ pygovern: passed, with ${countsOf(introduced)} to look at`;
  const manifests = result.manifests.map((m) => m.path);
  const shown = manifests
    .slice(0, 6)
    .map((m) => fileLink(m, null, links))
    .join(', ');
  const intro = [
    `Checked ${plural(result.dependencies.length, 'dependency', 'dependencies')} in ${manifests.length === 0 ? 'no manifest' : shown}${manifests.length > 6 ? ` and ${String(manifests.length - 6)} more` : ''} on ${result.today}. ${link('Fails on', POLICY_URL)}: ${policy.failOn}; ${link('scope', POLICY_URL)}: ${policy.scope}.`,
  ];
  if (options.note) intro.push('', `> ${escapeMarkdown(options.note)}`);

  const sections: Section[] = [];
  const header: Section = {
    head: [...(options.marker === undefined ? [] : [options.marker]), heading, '', ...intro],
    rows: [],
    tail: [],
  };
  sections.push(header);
  const changes = dependencyChanges(result);
  if (changes.length > 0) {
    const verb = { added: 'added', removed: 'removed', changed: 'changed' } as const;
    sections.push({
      head: [
        '',
        '### Dependencies this change touches',
        '',
        '| Package | Change | Licence |',
        '|---|---|---|',
      ],
      rows: changes.map((c) => {
        const versions =
          c.kind === 'changed'
            ? `${code(c.before ?? '')} → ${code(c.after ?? '')}`
            : code((c.kind === 'added' ? c.after : c.before) ?? '');
        return `| ${packageName(c.name, c.after, links)} | ${verb[c.kind]} ${versions} | ${c.license === null ? '' : cell(text(c.license, 120))} |`;
      }),
      tail: [],
    });
    const added = changes.filter((c) => c.maintenance !== null);
    if (added.length > 0) {
      sections.push({
        head: ['', '**Maintenance of added dependencies**', ''],
        rows: added.map(
          (c) =>
            `- ${packageName(c.name, c.after, links)}: ${maintenanceLine(c.maintenance ?? EMPTY)}`,
        ),
        tail: [],
      });
    }
  }
  const details = (summary: string, rows: string[], head: string[]): Section => ({
    head: ['', `<details><summary>${summary}</summary>`, '', ...head],
    rows,
    tail: ['', '</details>'],
  });
  if (introduced.length > 0) {
    // Transitive findings are grouped under the direct dependency that brings them, collapsed.
    const direct = introduced.filter((f) => f.path === undefined);
    const below = new Map<string, Finding[]>();
    for (const f of introduced)
      if (f.path !== undefined)
        below.set(f.path[0] ?? '', [...(below.get(f.path[0] ?? '') ?? []), f]);
    sections.push({
      head: [
        '',
        scoped ? '### Introduced by this change' : '### Findings',
        ...(direct.length > 0 ? ['', ...TABLE_HEAD] : []),
      ],
      rows: direct.map(row),
      tail: [],
    });
    for (const [top, findings] of below)
      sections.push(
        details(
          `Through ${text(top, 120)}: ${countsOf(findings)} in its dependencies`,
          findings.map(row),
          TABLE_HEAD,
        ),
      );
  }
  if (present.length > 0) {
    sections.push(
      details(
        `Already present before this change (${countsOf(present)})`,
        present.map(row),
        TABLE_HEAD,
      ),
    );
  }
  if (excepted.length > 0) {
    sections.push(
      details(
        `Accepted by exceptions (${String(excepted.length)})`,
        excepted.map((f) => exceptedRow(f, links)),
        ['| Package | Rule | Reason |', '|---|---|---|'],
      ),
    );
  }
  if (result.unknowns.length > 0) {
    sections.push(
      details(
        `Could not tell (${String(result.unknowns.length)})`,
        result.unknowns.map(
          (u) =>
            `- ${code(u.version === null ? u.package : `${u.package} ${u.version}`)} ${u.fact}: ${text(u.reason, 300)}`,
        ),
        [],
      ),
    );
  }
  if (introduced.length > 0 && introduced.some((f) => f.normalizedName !== null)) {
    sections.push({
      head: [
        '',
        '<details><summary>How to accept a finding instead of fixing it</summary>',
        '',
        'Add an exception to `pyproject.toml` (or `pygovern.toml` without the `tool.pygovern` prefix):',
        '',
        '```toml',
        '[[tool.pygovern.exceptions]]',
        'package = "name"            # the package',
        'rule = "license/copyleft"   # optional: one rule only',
        'version = "1.2.3"           # optional: one version only',
        'reason = "reviewed by legal, LEGAL-42"',
        'expires = "2027-06-30"      # optional: the finding comes back after this day',
        '```',
        '',
        '</details>',
      ],
      rows: [],
      tail: [],
    });
  }
  if (options.charts) {
    sections.push({
      head: renderCharts(result, result.today, options.charts.edges),
      rows: [],
      tail: [],
    });
  }
  if (links.run !== null)
    sections.push({
      head: ['', `<sub>${link('Workflow run', links.run)}</sub>`],
      rows: [],
      tail: [],
    });
  const max = options.maxLength ?? COMMENT_LIMIT;
  const more = options.fullReportUrl
    ? `: see the [full report](${options.fullReportUrl})`
    : ': see the full report in the job summary';
  const cut = new Map<Section, number>();
  let body = render(sections, cut, more);
  // Shorten the last tables first: already-present findings go before introduced ones.
  for (const s of [...sections].reverse()) {
    let dropped = 0;
    while (body.length > max && dropped < s.rows.length) {
      // Drop as many of the section's last rows as the overshoot needs, then measure again.
      let over = body.length - max;
      while (over > 0 && dropped < s.rows.length) {
        over -= (s.rows[s.rows.length - 1 - dropped]?.length ?? 0) + 1;
        dropped++;
      }
      cut.set(s, dropped);
      body = render(sections, cut, more);
    }
  }
  return body.length > max ? truncate(body, max) : body;
}
