/** `check --format text`: grouped by package, colour only when asked, no terminal escapes from metadata. */
import { describe, expect, test } from '@jest/globals';
import { renderText } from '../../src/report/text.js';
import { advisory, context, report, resultOf } from '../checks/builders.js';

const result = () =>
  resultOf(
    context([
      report('vuln-lib', {
        advisories: [advisory('GHSA-1', { summary: 'bad \u001b[2Jthing' })],
      }),
      report('old-lib', { releases: { '1.0.0': '2020-01-01' } }),
    ]),
  );

describe('text report', () => {
  test('findings grouped under their package, then the outcome', () => {
    const text = renderText(result(), { colour: false });
    expect(text).toMatch(/^old-lib 1\.0\.0\n {2}warning maintenance\/no-recent-release/m);
    expect(text).toMatch(
      /^vuln-lib 1\.0\.0\n {2}error vulnerability\/known {2}pyproject\.toml:5$/m,
    );
    expect(text).toMatch(
      /^FAIL: 2 dependencies, 1 errors, 1 warnings, 0 notices \(fail-on error\)$/m,
    );
    expect(text).not.toContain('\u001b');
  });

  test('colour on a terminal, and metadata cannot send escape sequences', () => {
    const text = renderText(result(), { colour: true });
    expect(text).toContain('\u001b[31merror\u001b[0m');
    expect(text).not.toContain('\u001b[2J');
  });
});
