/** `check --format text`: findings grouped by package, for a terminal (colour on a TTY). */
import type { Finding } from '../checks/types.js';
import type { CheckResult } from './model.js';
import { flatten } from '../text/escape.js';

const COLOURS = { error: '31', warning: '33', notice: '36', dim: '2', bold: '1', green: '32' };

/** Package metadata is flattened: no terminal control characters reach the terminal. */
export function renderText(result: CheckResult, options: { colour: boolean }): string {
  const paint = (code: keyof typeof COLOURS, t: string) =>
    options.colour ? `\u001b[${COLOURS[code]}m${t}\u001b[0m` : t;
  const { verdict } = result;
  const groups = new Map<string, Finding[]>();
  for (const f of verdict.findings) {
    const key = f.package === null ? f.manifest : `${f.package} ${f.version ?? ''}`.trim();
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out: string[] = [];
  for (const [subject, findings] of groups) {
    out.push(paint('bold', flatten(subject)));
    for (const f of findings) {
      const label = f.exception !== null ? paint('dim', 'excepted') : paint(f.severity, f.severity);
      const where = f.line === null ? f.manifest : `${f.manifest}:${String(f.line)}`;
      const marks = [f.introduced || !verdict.compared ? null : 'already present']
        .filter((m): m is string => m !== null)
        .map((m) => paint('dim', ` (${m})`))
        .join('');
      out.push(`  ${label} ${f.rule}${marks}  ${paint('dim', flatten(where))}`);
      out.push(`    ${flatten(f.message)}`);
      if (f.fix !== null) out.push(`    fix: ${flatten(f.fix)}`);
      if (f.exception !== null) out.push(`    excepted: ${flatten(f.exception.reason)}`);
    }
    out.push('');
  }
  if (result.unknowns.length > 0) {
    out.push(paint('bold', 'Could not tell'));
    for (const u of result.unknowns)
      out.push(
        `  ${flatten(u.package)}${u.version === null ? '' : ` ${flatten(u.version)}`} (${u.fact}): ${flatten(u.reason)}`,
      );
    out.push('');
  }
  const c = verdict.counts;
  const summary = `${String(result.dependencies.length)} dependencies, ${String(c.error)} errors, ${String(c.warning)} warnings, ${String(c.notice)} notices`;
  out.push(
    verdict.outcome === 'fail'
      ? paint('error', `FAIL: ${summary} (fail-on ${result.policy.failOn})`)
      : paint('green', `PASS: ${summary}`),
  );
  return `${out.join('\n')}\n`;
}
