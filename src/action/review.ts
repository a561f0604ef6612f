/**
 * Line comments for a pull-request review: each introduced finding goes on a line of the diff
 * where its package is written; findings already commented on by an earlier run are skipped.
 */
import { RULES } from '../rules/catalogue.js';
import type { Finding } from '../checks/types.js';
import { codeSpan, escapeMarkdown, SEVERITY_ICON, truncate } from '../text/escape.js';
import { fingerprintOf } from '../report/fingerprint.js';
import { advisoryUrl, link, NO_LINKS, ruleUrl, type Links } from '../report/links.js';
import type { DiffLines } from './diff.js';

export interface LineComment {
  path: string;
  line: number;
  body: string;
}

export interface ReviewPlan {
  comments: LineComment[];
  /** Introduced findings with no line of the diff to sit on (the summary comment has them). */
  offDiff: Finding[];
  /** Findings an earlier run already commented on. */
  alreadyPosted: number;
}

const MARK = /<!-- pygovern:finding ([0-9a-f]+) -->/g;

/** Fingerprints already posted, per file. */
export function postedFingerprints(existing: readonly { path: string; body: string }[]) {
  const posted = new Map<string, Set<string>>();
  for (const c of existing) {
    const set = posted.get(c.path) ?? new Set<string>();
    for (const m of c.body.matchAll(MARK)) if (m[1] !== undefined) set.add(m[1]);
    posted.set(c.path, set);
  }
  return posted;
}

/** The package and, for a vulnerability, the advisory, each linked to its page. */
function pages(f: Finding, links: Links): string | null {
  const parts: string[] = [];
  const page = f.package === null ? null : links.packagePage(f.package, f.version);
  if (f.package !== null && page !== null)
    parts.push(link(codeSpan(f.version === null ? f.package : `${f.package} ${f.version}`), page));
  const advisory = f.rule.startsWith('vulnerability/') ? advisoryUrl(f.key) : null;
  if (advisory !== null) parts.push(link(codeSpan(f.key), advisory));
  return parts.length === 0 ? null : parts.join(' · ');
}

function findingText(f: Finding, links: Links): string {
  const seeAlso = pages(f, links);
  const lines = [
    `${SEVERITY_ICON[f.severity]} ${link(`**${escapeMarkdown(f.rule)}**`, ruleUrl(f.rule))} · ${escapeMarkdown(RULES[f.rule].title)}`,
    '',
    escapeMarkdown(truncate(f.message, 600)),
    ...(seeAlso === null ? [] : ['', seeAlso]),
    '',
    `**How to fix:** ${escapeMarkdown(truncate(f.fix ?? RULES[f.rule].fix, 400))}`,
  ];
  if (f.normalizedName !== null) {
    lines.push(
      '',
      `<sub>Or accept it with an exception: ${codeSpan(`package = "${f.normalizedName}"`)}, ${codeSpan(`rule = "${f.rule}"`)}, ${codeSpan('reason = "…"')} under ${codeSpan('[[tool.pygovern.exceptions]]')}.</sub>`,
    );
  }
  return lines.join('\n');
}

export function planReview(
  findings: readonly Finding[],
  diff: ReadonlyMap<string, DiffLines>,
  existing: readonly { path: string; body: string }[],
  limit = 50,
  links: Links = NO_LINKS,
): ReviewPlan {
  const posted = postedFingerprints(existing);
  const byLine = new Map<string, { path: string; line: number; findings: Finding[] }>();
  const offDiff: Finding[] = [];
  let alreadyPosted = 0;
  for (const f of findings) {
    if (!f.introduced || f.exception !== null) continue;
    const places = f.locations.filter(
      (l): l is { file: string; line: number } => l.line !== null && diff.has(l.file),
    );
    const place =
      places.find((l) => diff.get(l.file)?.added.has(l.line)) ??
      places.find((l) => diff.get(l.file)?.shown.has(l.line));
    if (place === undefined) {
      offDiff.push(f);
      continue;
    }
    if (posted.get(place.file)?.has(fingerprintOf(f)) === true) {
      alreadyPosted++;
      continue;
    }
    const key = `${place.file}:${String(place.line)}`;
    const entry = byLine.get(key) ?? { path: place.file, line: place.line, findings: [] };
    entry.findings.push(f);
    byLine.set(key, entry);
  }
  const comments = [...byLine.values()].map((e) => ({
    path: e.path,
    line: e.line,
    body: [
      ...e.findings.map((f) => `<!-- pygovern:finding ${fingerprintOf(f)} -->`),
      e.findings.map((f) => findingText(f, links)).join('\n\n---\n\n'),
    ].join('\n'),
  }));
  // Beyond the limit the rest stay in the summary comment, which lists every finding.
  for (const extra of [...byLine.values()].slice(limit)) offDiff.push(...extra.findings);
  return { comments: comments.slice(0, limit), offDiff, alreadyPosted };
}
