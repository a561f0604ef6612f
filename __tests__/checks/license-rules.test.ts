/** The licence rules on the version in use, and licence changes between base and head. */
import { describe, expect, test } from '@jest/globals';
import { judge, licenseChanges } from '../../src/checks/judge.js';
import { licenseChangeFindings, licenseFindings } from '../../src/checks/license.js';
import { context, report, type FactsSpec } from './builders.js';

const rulesFor = (spec: FactsSpec, policy = {}) =>
  licenseFindings(context([report('lib', spec)], { policy })).map((f) => f.rule);

describe('licence rules', () => {
  test.each([
    [{ licenseExpression: 'MIT' }, []],
    [{ licenseExpression: 'Apache-2.0 OR GPL-3.0-only' }, []],
    [{ licenseExpression: 'PSF-2.0' }, []],
    [{ licenseExpression: 'CC0-1.0' }, []],
    [{ licenseExpression: 'Unlicense' }, []],
    [{ licenseExpression: 'LGPL-3.0-or-later' }, []],
    [{ licenseExpression: 'MPL-2.0' }, []],
    [{ licenseExpression: 'BUSL-1.1' }, ['license/source-available']],
    [{ licenseExpression: 'SSPL-1.0' }, ['license/source-available']],
    [{ licenseExpression: 'Elastic-2.0' }, ['license/source-available']],
    [{ licenseExpression: 'PolyForm-Noncommercial-1.0.0' }, ['license/source-available']],
    [
      { licenseExpression: null, license: 'Apache 2.0 with Commons Clause' },
      ['license/source-available'],
    ],
    [{ licenseExpression: 'GPL-3.0-only' }, ['license/copyleft']],
    [{ licenseExpression: 'GPL-2.0+' }, ['license/copyleft']],
    [{ licenseExpression: 'AGPL-3.0-or-later' }, ['license/copyleft']],
    [{ licenseExpression: 'MIT AND GPL-3.0-or-later' }, ['license/copyleft']],
    [{ licenseExpression: 'WTFPL' }, ['license/not-osi']],
    [
      { licenseExpression: null, classifiers: ['License :: Other/Proprietary License'] },
      ['license/not-osi'],
    ],
    [{ licenseExpression: null, license: 'UNKNOWN' }, ['license/unknown']],
    [{ licenseExpression: null, license: '' }, ['license/unknown']],
    [{ licenseExpression: null, license: 'Dual License' }, ['license/unknown']],
    [{ licenseExpression: null, license: 'BSD' }, []],
    [{ licenseExpression: null, classifiers: ['License :: OSI Approved :: BSD License'] }, []],
  ] as [FactsSpec, string[]][])('%j → %j', (spec, expected) => {
    expect(rulesFor(spec)).toEqual(expected);
  });

  test('AGPL is named network copyleft, GPL strong copyleft', () => {
    const message = (expression: string) =>
      licenseFindings(context([report('lib', { licenseExpression: expression })]))[0]?.message;
    expect(message('AGPL-3.0-only')).toContain('network copyleft');
    expect(message('GPL-3.0-only')).toContain('a strong copyleft licence');
  });

  test('unknown says what was found', () => {
    const [f] = licenseFindings(
      context([report('lib', { licenseExpression: null, license: 'UNKNOWN' })]),
    );
    expect(f?.message).toContain('UNKNOWN');
    expect(f?.evidence).toContain('"UNKNOWN"');
  });

  test.each([
    [{ allowLicenses: ['MIT', 'Apache-2.0'] }, 'MIT OR GPL-3.0-only', []],
    [{ allowLicenses: ['MIT', 'Apache-2.0'] }, 'BSD-3-Clause', ['license/denied']],
    [{ denyLicenses: ['MPL-2.0'] }, 'MPL-2.0', ['license/denied']],
    [{ denyLicenses: ['MPL-2.0'] }, 'MIT OR MPL-2.0', []],
    [
      { denyLicenses: ['AGPL-3.0-or-later'] },
      'MIT AND AGPL-3.0-only',
      ['license/copyleft', 'license/denied'],
    ],
  ])('policy %j with %s → %j', (policy, expression, expected) => {
    expect(rulesFor({ licenseExpression: expression }, policy)).toEqual(expected);
  });

  test('a licence known only by family cannot pass an allow list', () => {
    const rules = rulesFor(
      { licenseExpression: null, classifiers: ['License :: OSI Approved :: BSD License'] },
      { allowLicenses: ['BSD-3-Clause'] },
    );
    expect(rules).toEqual(['license/denied']);
  });
});

describe('licence changes', () => {
  const side = (version: string, licenseExpression: string) =>
    report('lib', { version, licenseExpression });

  test.each([
    ['Apache-2.0', 'BUSL-1.1', 'error'],
    ['MIT', 'Apache-2.0', 'warning'],
    ['GPL-3.0-only', 'MIT', 'warning'],
    ['MIT', 'LGPL-3.0-only', 'error'],
  ])('%s → %s is a %s', (before, after, severity) => {
    const changes = licenseChanges([side('2.0', after)], [side('1.0', before)]);
    const [f] = licenseChangeFindings(changes);
    expect(f?.severity).toBe(severity);
    expect(f?.message).toContain(`from ${before} (1.0) to ${after} (2.0)`);
  });

  test('the same licence, or the same version, is no change', () => {
    expect(licenseChanges([side('2.0', 'MIT')], [side('1.0', 'MIT')])).toEqual([]);
    expect(licenseChanges([side('1.0', 'MIT')], [side('1.0.0', 'BSD-2-Clause')])).toEqual([]);
  });

  test('the team setting the rule overrides the escalation', () => {
    const head = context([side('2.0', 'BUSL-1.1')], {
      policy: { rules: { 'license/changed': 'notice', 'license/source-available': 'off' } },
    });
    const base = context([side('1.0', 'Apache-2.0')]);
    expect(judge(head, base).findings.map((f) => [f.rule, f.severity])).toEqual([
      ['license/changed', 'notice'],
    ]);
  });
});
