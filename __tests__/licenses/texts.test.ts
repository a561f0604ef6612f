/**
 * Whole licence texts (issue 11 §4): a text is a known licence only when it matches that
 * licence's template whole, after the SPDX matching guidelines; words beyond it make it
 * unknown, and restricting words make it proprietary.
 */
import { describe, expect, test } from '@jest/globals';
import { decideLicense } from '../../src/licenses/index.js';
import type { LicenseDecision } from '../../src/licenses/index.js';
import { compileTemplate, matchTemplate, normalise } from '../../src/licenses/template.js';
import { MAX_TEXT_CHARS } from '../../src/licenses/texts.js';
import { spdxText } from './spdx-text.js';

const fromLicense = (license: string): LicenseDecision =>
  decideLicense({ licenseExpression: null, license, classifiers: [] });
const decided = (text: string) => {
  const d = fromLicense(text);
  return [d.expression, d.category, d.source];
};

const MIT = spdxText('MIT');
const BSD_3 = spdxText('BSD-3-Clause');
const APACHE_NOTICE = `Copyright 2020 Google LLC

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.`;

describe('the texts of the SPDX License List are recognised', () => {
  test.each<[string, string | null, string]>([
    ['MIT', 'MIT', 'permissive'],
    ['MIT-0', 'MIT-0', 'permissive'],
    ['BSD-2-Clause', 'BSD-2-Clause', 'permissive'],
    ['BSD-3-Clause', 'BSD-3-Clause', 'permissive'],
    ['ISC', 'ISC', 'permissive'],
    ['0BSD', '0BSD', 'permissive'],
    ['Unlicense', 'Unlicense', 'public-domain'],
    ['Zlib', 'Zlib', 'permissive'],
    ['BSL-1.0', 'BSL-1.0', 'permissive'],
    ['Apache-2.0', 'Apache-2.0', 'permissive'],
    ['MPL-2.0', 'MPL-2.0', 'weak-copyleft'],
    ['PSF-2.0', 'PSF-2.0', 'permissive'],
    ['CC0-1.0', 'CC0-1.0', 'public-domain'],
    ['EPL-2.0', 'EPL-2.0', 'weak-copyleft'],
    ['WTFPL', 'WTFPL', 'permissive'],
    // A GNU text cannot tell only from or-later: the family.
    ['GPL-2.0-only', null, 'strong-copyleft'],
    ['GPL-3.0-only', null, 'strong-copyleft'],
    ['LGPL-2.1-only', null, 'weak-copyleft'],
    ['LGPL-3.0-only', null, 'weak-copyleft'],
    ['AGPL-3.0-only', null, 'network-copyleft'],
  ])('%s', (id, expression, category) => {
    expect(decided(spdxText(id))).toEqual([expression, category, 'license-text']);
  });

  test('the Apache-2.0 header notice', () => {
    expect(decided(APACHE_NOTICE)).toEqual(['Apache-2.0', 'permissive', 'license-text']);
  });

  test('a GNU text without its "How to Apply" appendix (SPDX marks it omittable)', () => {
    const gpl = spdxText('GPL-3.0-only');
    const body = gpl.slice(0, gpl.indexOf('How to Apply These Terms'));
    expect(decided(body)).toEqual([null, 'strong-copyleft', 'license-text']);
  });
});

describe('issue 11: texts that are not the licence they resemble', () => {
  test('"All rights reserved. Redistribution and use … are NOT permitted" is proprietary', () => {
    const text = `Copyright (c) 2024, Acme Corp.
All rights reserved.

Redistribution and use in source and binary forms, with or without modification, are NOT
permitted without the express written consent of Acme Corp.`;
    const d = fromLicense(text);
    expect([d.expression, d.category]).toEqual(['LicenseRef-Proprietary', 'proprietary']);
    expect(d.note).toContain('not permitted');
  });

  test('the MIT grant "for NON-COMMERCIAL purposes only" is proprietary, not MIT-0', () => {
    const text = `Copyright 2023 Someone

Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
for NON-COMMERCIAL purposes only.`;
    const d = fromLicense(text);
    expect([d.expression, d.category]).toEqual(['LicenseRef-Proprietary', 'proprietary']);
    expect(d.note).toContain('noncommercial');
  });

  test.each([
    ['BSD-3-Clause', BSD_3],
    ['Apache-2.0 notice', APACHE_NOTICE],
    ['Apache-2.0 text', spdxText('Apache-2.0')],
  ])('%s with a restricting sentence appended is proprietary', (_name, text) => {
    const d = fromLicense(
      `${text}\n\nThis software may not be used for commercial purposes or for personal use.`,
    );
    expect([d.expression, d.category]).toEqual(['LicenseRef-Proprietary', 'proprietary']);
  });

  test('a sentence beyond the template makes it unknown, saying where it departs', () => {
    const d = fromLicense(`${MIT}\n\nYou must send the author a postcard.`);
    expect([d.expression, d.category, d.source]).toEqual([
      'LicenseRef-Unknown-Text',
      'unknown',
      'license-text',
    ]);
    expect(d.note).toContain('close to MIT but differs at “you must send the author a postcard”');
  });

  test('a text cut short is not the licence either', () => {
    const d = fromLicense(MIT.slice(0, MIT.indexOf('THE SOFTWARE IS PROVIDED')));
    expect(d.expression).toBe('LicenseRef-Unknown-Text');
    expect(d.note).toContain('ends early');
  });

  test('reordered clauses are another text (SPDX: word order matters)', () => {
    const first = '1. Redistributions of source code';
    const second = '2. Redistributions in binary form';
    const a = BSD_3.indexOf(first);
    const b = BSD_3.indexOf(second);
    const c = BSD_3.indexOf('3. Neither');
    const swapped = BSD_3.slice(0, a) + BSD_3.slice(b, c) + BSD_3.slice(a, b) + BSD_3.slice(c);
    expect(swapped).not.toBe(BSD_3);
    expect(fromLicense(swapped).expression).toBe('LicenseRef-Unknown-Text');
  });

  test('"all rights reserved" with no grant at all is proprietary', () => {
    const d = fromLicense(
      'Copyright (c) 2020 Foo Inc.\nAll rights reserved.\nUse of this software is\ngoverned by a separate agreement.',
    );
    expect([d.expression, d.category]).toEqual(['LicenseRef-Proprietary', 'proprietary']);
  });

  test('a restriction hidden in the copyright line or a holder name is proprietary', () => {
    const inNotice = MIT.replace('Copyright (c)', 'Copyright (c) for personal use only,');
    expect(inNotice).not.toBe(MIT);
    expect(fromLicense(inNotice).category).toBe('proprietary');
    const inName = BSD_3.replace(
      'Neither the name of the copyright holder',
      'Neither the name of Foo (non-commercial use)',
    );
    expect(inName).not.toBe(BSD_3);
    expect(fromLicense(inName).category).toBe('proprietary');
  });
});

describe('what the matching guidelines let vary', () => {
  test('other holders, years and several copyright lines still match', () => {
    const text = MIT.replace(
      /^Copyright.*$/m,
      'Copyright (c) 1999-2024 Jane Doe <jane@example.org>\nCopyright © 2025 The Foo Project Authors. All rights reserved.',
    ).replace('THE AUTHORS OR COPYRIGHT HOLDERS', 'JANE DOE');
    expect(text).not.toBe(MIT);
    expect(decided(text)).toEqual(['MIT', 'permissive', 'license-text']);
  });

  test('the organisation named in BSD-3-Clause clause 3 and its disclaimer', () => {
    const text = BSD_3.replace('the copyright holder nor', 'the University of California nor')
      .replace('BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS', 'BY THE REGENTS AND CONTRIBUTORS')
      .replace('SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS', 'SHALL THE REGENTS OR CONTRIBUTORS');
    expect(decided(text)).toEqual(['BSD-3-Clause', 'permissive', 'license-text']);
  });

  test('bullets and numbering, or none, and a title line', () => {
    const bullets = BSD_3.replace('1. Redistributions', '* Redistributions')
      .replace('2. Redistributions', '  - Redistributions')
      .replace('3. Neither', '(c) Neither');
    const none = BSD_3.replace(/^\d\. /gm, '');
    const titled = `BSD 3-Clause License\n\n${BSD_3}`;
    for (const text of [bullets, none, titled]) {
      expect(text).not.toBe(BSD_3);
      expect(decided(text)).toEqual(['BSD-3-Clause', 'permissive', 'license-text']);
    }
  });

  test('typographic quotes and dashes, case and line breaks', () => {
    const text = MIT.replace('(the "Software")', '(the “Software”)')
      .replace('"AS IS"', '‘AS IS’')
      .replace('free of charge,', 'free of charge —')
      .toUpperCase()
      .replace(/, /g, ',\n   ');
    expect(decided(text.replace('MIT LICENSE', 'The MIT License (MIT)'))).toEqual([
      'MIT',
      'permissive',
      'license-text',
    ]);
  });

  test('"licence" is spelled either way', () => {
    const d = fromLicense(
      APACHE_NOTICE.replace(
        'Licensed under the Apache License',
        'Licenced under the Apache Licence',
      ),
    );
    expect(d.expression).toBe('Apache-2.0');
  });
});

describe('bounds', () => {
  test(`only ${MAX_TEXT_CHARS} characters are read; a longer text is never a whole match`, () => {
    const long = `${MIT}\n${'and '.repeat(MAX_TEXT_CHARS / 4)}`;
    const d = fromLicense(long);
    expect(d.expression).toBe('LicenseRef-Unknown-Text');
    expect(d.note).toContain('longer than 64 KiB');
  });

  test('a replaceable part absorbs a bounded number of words', () => {
    const template = compileTemplate('Neither the name of <<var 3>> nor the names');
    const words = (t: string) => normalise(t).tokens;
    expect(matchTemplate(template, words('Neither the name of a b c nor the names')).matched).toBe(
      true,
    );
    expect(
      matchTemplate(template, words('Neither the name of a b c d nor the names')).matched,
    ).toBe(false);
  });

  test('a text longer than the template is rejected before matching', () => {
    const template = compileTemplate('a b <<opt>> c <</opt>> <<var 2>> d');
    expect(template.maxTokens).toBe(6);
    expect(matchTemplate(template, normalise('a b c x y d z').tokens).matched).toBe(false);
  });
});
