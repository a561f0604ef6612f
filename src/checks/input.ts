/**
 * Findings about the input and the run itself: manifest lines that cannot be read, and facts
 * that could not be had (reported as "could not tell", never as a pass).
 */
import type { Diagnostic } from '../diagnostics.js';
import type { ManifestNotice } from '../manifests/types.js';
import type { CheckContext, RawFinding } from './types.js';

export function inputFindings(ctx: CheckContext): RawFinding[] {
  const errors = [...ctx.manifests.flatMap((m) => m.errors), ...(ctx.configErrors ?? [])];
  // A Conda package judged from its channel's repodata is not "not judged".
  const judged = new Set(
    ctx.dependencies
      .filter((d) => d.facts !== null && d.dependency.source.kind === 'conda')
      .map((d) => `${d.dependency.file}:${String(d.dependency.line)}`),
  );
  const notices = ctx.manifests
    .flatMap((m) => m.notices ?? [])
    .filter(
      (n) => n.rule !== 'input/conda-not-judged' || !judged.has(`${n.file}:${String(n.line)}`),
    );
  return [...errors.map(invalid), ...notices.map(unnamed)];
}

/** A URL line whose project only building would name: reported, never looked up. */
function unnamed(n: ManifestNotice): RawFinding {
  return {
    rule: n.rule,
    severity: 'notice',
    package: null,
    normalizedName: null,
    version: null,
    manifest: n.file,
    line: n.line,
    message: n.message,
    evidence: null,
    fix: null,
    key: `${n.file}:${String(n.line)}:${n.rule}`,
  };
}

function invalid(e: Diagnostic): RawFinding {
  return {
    rule: 'input/invalid',
    severity: 'error',
    package: null,
    normalizedName: null,
    version: null,
    manifest: e.file,
    line: e.line,
    message: e.message,
    evidence: null,
    fix: null,
    key: `${e.file}:${String(e.line)}:${e.message}`,
  };
}

/**
 * One finding per package whose project, release metadata or advisories are missing. The
 * repository (maintainers) is left to the continuity rule, which says when it cannot judge.
 */
export function unavailableFindings(ctx: CheckContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const { dependency: dep, facts } of ctx.dependencies) {
    if (facts === null) continue;
    // A quarantined project serves no files: its own finding says so.
    if (facts.project.status === 'known' && facts.project.value.status?.status === 'quarantined')
      continue;
    const reasons: string[] = [];
    if (facts.project.status === 'missing') reasons.push(`project: ${facts.project.reason}`);
    else if (facts.release.status === 'missing') reasons.push(`metadata: ${facts.release.reason}`);
    if (facts.advisories.status === 'missing' && facts.project.status !== 'missing')
      reasons.push(`vulnerabilities: ${facts.advisories.reason}`);
    if (reasons.length === 0) continue;
    out.push({
      rule: 'facts/unavailable',
      severity: 'warning',
      package: dep.name,
      normalizedName: dep.normalizedName,
      version: facts.version ?? dep.version,
      manifest: dep.file,
      line: dep.line,
      message: `Could not tell for ${dep.name}: ${reasons.join('; ')}.`,
      evidence: null,
      fix: null,
      key: '',
    });
  }
  return out;
}
