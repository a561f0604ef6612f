/**
 * Licence decisions (DESIGN.md "Licence decisions", FACTS.md §8): free text, SPDX
 * expressions, whole licence texts and trove classifiers seen on PyPI, each with the
 * expected expression, category and deciding field, written down by hand.
 */
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { ALIASES, aliasKey } from '../../src/licenses/aliases.js';
import { spdxText } from './spdx-text.js';
import {
  categoryRank,
  checkLicenseLists,
  decideLicense,
  judgeExpression,
  lookupClassifier,
} from '../../src/licenses/index.js';
import type {
  LicenseCategory,
  LicenseDecision,
  LicenseInput,
  LicenseSource,
} from '../../src/licenses/index.js';

const NOTHING: LicenseInput = { licenseExpression: null, license: null, classifiers: [] };
const fromLicense = (license: string): LicenseDecision => decideLicense({ ...NOTHING, license });
const fromExpression = (licenseExpression: string): LicenseDecision =>
  decideLicense({ ...NOTHING, licenseExpression });
const fromClassifiers = (...classifiers: string[]): LicenseDecision =>
  decideLicense({ ...NOTHING, classifiers });

/** The parts of a decision that the tables spell out. */
const summary = (d: LicenseDecision) => [d.expression, d.category, d.source, d.ambiguous];

type Row = [input: string, expression: string | null, category: LicenseCategory];

const OSI = 'License :: OSI Approved :: ';

describe('License field: SPDX ids and the alias table', () => {
  const exact: Row[] = [
    ['MIT', 'MIT', 'permissive'],
    ['mit', 'MIT', 'permissive'],
    ['MIT License', 'MIT', 'permissive'],
    ['MIT license', 'MIT', 'permissive'],
    ['The MIT License', 'MIT', 'permissive'],
    ['The MIT License (MIT)', 'MIT', 'permissive'],
    ['MIT/X11', 'MIT', 'permissive'],
    ['Expat', 'MIT', 'permissive'],
    ['Apache-2.0', 'Apache-2.0', 'permissive'],
    ['apache-2.0', 'Apache-2.0', 'permissive'],
    ['Apache 2.0', 'Apache-2.0', 'permissive'],
    ['Apache License 2.0', 'Apache-2.0', 'permissive'],
    ['Apache License, Version 2.0', 'Apache-2.0', 'permissive'],
    ['Apache Software License 2.0', 'Apache-2.0', 'permissive'],
    ['Apache License Version 2.0', 'Apache-2.0', 'permissive'],
    ['ASL 2.0', 'Apache-2.0', 'permissive'],
    ['Apache2', 'Apache-2.0', 'permissive'],
    ['BSD-3-Clause', 'BSD-3-Clause', 'permissive'],
    ['New BSD', 'BSD-3-Clause', 'permissive'],
    ['New BSD License', 'BSD-3-Clause', 'permissive'],
    ['Modified BSD', 'BSD-3-Clause', 'permissive'],
    ['3-clause BSD', 'BSD-3-Clause', 'permissive'],
    ['BSD 3-Clause', 'BSD-3-Clause', 'permissive'],
    ['BSD 3-Clause License', 'BSD-3-Clause', 'permissive'],
    ['BSD-3', 'BSD-3-Clause', 'permissive'],
    ['Simplified BSD', 'BSD-2-Clause', 'permissive'],
    ['2-clause BSD', 'BSD-2-Clause', 'permissive'],
    ['BSD 2-Clause', 'BSD-2-Clause', 'permissive'],
    ['ISC', 'ISC', 'permissive'],
    ['ISC License', 'ISC', 'permissive'],
    ['PSF', 'PSF-2.0', 'permissive'],
    ['PSF License', 'PSF-2.0', 'permissive'],
    ['PSFL', 'PSF-2.0', 'permissive'],
    ['Python Software Foundation License', 'PSF-2.0', 'permissive'],
    ['PSF-2.0', 'PSF-2.0', 'permissive'],
    ['BSL-1.0', 'BSL-1.0', 'permissive'],
    ['WTFPL', 'WTFPL', 'permissive'],
    ['ZPL 2.1', 'ZPL-2.1', 'permissive'],
    ['MIT OR Apache-2.0', 'MIT OR Apache-2.0', 'permissive'],
    ['MIT/Apache-2.0', 'MIT OR Apache-2.0', 'permissive'],
    ['Unlicense', 'Unlicense', 'public-domain'],
    ['The Unlicense', 'Unlicense', 'public-domain'],
    ['Public Domain', 'LicenseRef-Public-Domain', 'public-domain'],
    ['CC0', 'CC0-1.0', 'public-domain'],
    ['MPL-2.0', 'MPL-2.0', 'weak-copyleft'],
    ['MPL 2.0', 'MPL-2.0', 'weak-copyleft'],
    ['MPL-2', 'MPL-2.0', 'weak-copyleft'],
    ['Mozilla Public License 2.0', 'MPL-2.0', 'weak-copyleft'],
    ['EPL 2.0', 'EPL-2.0', 'weak-copyleft'],
    ['LGPLv3+', 'LGPL-3.0-or-later', 'weak-copyleft'],
    ['LGPL-2.1+', 'LGPL-2.1-or-later', 'weak-copyleft'],
    ['GPLv2+', 'GPL-2.0-or-later', 'strong-copyleft'],
    ['GPLv3+', 'GPL-3.0-or-later', 'strong-copyleft'],
    // Deprecated SPDX ids: bare = only, + = or later.
    ['GPL-3.0', 'GPL-3.0-only', 'strong-copyleft'],
    ['GPL-2.0+', 'GPL-2.0-or-later', 'strong-copyleft'],
    ['AGPLv3+', 'AGPL-3.0-or-later', 'network-copyleft'],
    ['Elastic License 2.0', 'Elastic-2.0', 'source-available'],
    ['SSPL', 'SSPL-1.0', 'source-available'],
    ['Server Side Public License', 'SSPL-1.0', 'source-available'],
    ['Business Source License 1.1', 'BUSL-1.1', 'source-available'],
    ['BSL 1.1', 'BUSL-1.1', 'source-available'],
    ['BUSL-1.1', 'BUSL-1.1', 'source-available'],
    ['PolyForm Noncommercial 1.0.0', 'PolyForm-Noncommercial-1.0.0', 'source-available'],
    ['PolyForm Shield', 'LicenseRef-PolyForm-Shield-1.0.0', 'source-available'],
    ['PolyForm Perimeter', 'LicenseRef-PolyForm-Perimeter-1.0.0', 'source-available'],
    ['PolyForm Internal Use', 'LicenseRef-PolyForm-Internal-Use-1.0.0', 'source-available'],
    ['Commons Clause', 'LicenseRef-Commons-Clause', 'source-available'],
    [
      'Apache 2.0 with Commons Clause',
      'Apache-2.0 AND LicenseRef-Commons-Clause',
      'source-available',
    ],
    ['Confluent Community License', 'LicenseRef-Confluent-Community-1.0', 'source-available'],
    ['Redis Source Available License', 'LicenseRef-Redis-Source-Available', 'source-available'],
    ['Proprietary', 'LicenseRef-Proprietary', 'proprietary'],
    ['Commercial', 'LicenseRef-Proprietary', 'proprietary'],
    ['All rights reserved', 'LicenseRef-Proprietary', 'proprietary'],
    ['Other/Proprietary License', 'LicenseRef-Proprietary', 'proprietary'],
  ];
  test.each(exact)('%j → %s (%s)', (input, expression, category) => {
    const d = fromLicense(input);
    expect(summary(d)).toEqual([expression, category, 'license', false]);
    expect(d.evidence).toBe(input);
    expect(d.note).toBeNull();
  });

  // The family is known, the exact licence is not (PEP 639: no guessing).
  const families: [input: string, category: LicenseCategory][] = [
    ['Apache', 'permissive'],
    ['ASL', 'permissive'],
    ['Apache Software License', 'permissive'],
    ['BSD', 'permissive'],
    ['BSD License', 'permissive'],
    ['ZPL', 'permissive'],
    ['LGPL', 'weak-copyleft'],
    ['LGPLv2', 'weak-copyleft'],
    ['LGPLv2+', 'weak-copyleft'],
    ['LGPLv3', 'weak-copyleft'],
    ['GNU LGPL v3', 'weak-copyleft'],
    ['GPL', 'strong-copyleft'],
    ['GPLv2', 'strong-copyleft'],
    ['GPLv3', 'strong-copyleft'],
    ['GPL-3', 'strong-copyleft'],
    ['GNU GPL v3', 'strong-copyleft'],
    ['GNU General Public License v3 (GPLv3)', 'strong-copyleft'],
    ['AGPL', 'network-copyleft'],
    ['AGPLv3', 'network-copyleft'],
    ['GNU Affero General Public License v3', 'network-copyleft'],
    ['Elastic License', 'source-available'],
  ];
  test.each(families)('%j → a %s family', (input, category) => {
    const d = fromLicense(input);
    expect(summary(d)).toEqual([null, category, 'license', true]);
    expect(d.osiApproved).toBe(category !== 'source-available');
    expect(d.note).toContain(`License field "${input}"`);
  });

  // Names no licence: nothing else given, so unknown, with the value quoted.
  test.each([
    'UNKNOWN',
    'None',
    'Dual License',
    'Other',
    'See LICENSE',
    'LICENSE.txt',
    'LGPL with exceptions or ZPL',
  ])('%j is not decisive', (input) => {
    const d = fromLicense(input);
    expect(summary(d)).toEqual([null, 'unknown', 'none', false]);
    expect(d.osiApproved).toBeNull();
    expect(d.evidence).toBeNull();
    expect(d.note).toBe(
      `no License-Expression, License field "${input}" names no licence, no licence classifier`,
    );
  });

  test('an empty License field and nothing else', () => {
    expect(fromLicense('').note).toBe(
      'no License-Expression, License field empty, no licence classifier',
    );
    expect(fromLicense('  \n ').category).toBe('unknown');
    expect(decideLicense(NOTHING).note).toBe(
      'no License-Expression, no License field, no licence classifier',
    );
  });

  test('free text nobody knows is unknown and quoted', () => {
    const d = fromLicense('Foo Public License');
    expect(summary(d)).toEqual([null, 'unknown', 'none', false]);
    expect(d.note).toContain('"Foo Public License" is not a licence pygovern recognises');
  });

  // Source-available licences are caught wherever the text names them.
  test.each<Row>([
    ['Licensed under the Elastic License 2.0', 'Elastic-2.0', 'source-available'],
    ['MongoDB SSPL v1', 'SSPL-1.0', 'source-available'],
    ['BUSL 1.1, converts to Apache 2.0 in 2027', 'BUSL-1.1', 'source-available'],
    ['MIT with the Commons Clause', 'LicenseRef-Commons-Clause', 'source-available'],
    ['PolyForm Small Business License', 'PolyForm-Small-Business-1.0.0', 'source-available'],
  ])('mentioned: %j → %s', (input, expression, category) => {
    const d = fromLicense(input);
    expect(summary(d)).toEqual([expression, category, 'license', false]);
    expect(d.osiApproved).toBe(false);
  });

  test('a mention without a version is a source-available family', () => {
    const d = fromLicense('Free to use under the Business Source License');
    expect(summary(d)).toEqual([null, 'source-available', 'license', true]);
    expect(d.osiApproved).toBe(false);
  });
});

const MIT_TEXT = `MIT License

Copyright (c) 2021 Jane Doe and contributors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;

const MIT_0_TEXT = `Copyright 2023 Someone

Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
without restriction, including without limitation the rights to use, copy, modify,
merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;

const BSD_CLAUSES = `Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.
`;

const BSD_DISCLAIMER = `THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.`;

const BSD_3_TEXT = `BSD 3-Clause License

Copyright (c) 2013-2024, Kim Davies and contributors.
All rights reserved.

${BSD_CLAUSES}
3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

${BSD_DISCLAIMER}`;

const BSD_2_TEXT = `Copyright (c) 2010, Someone
All rights reserved.

${BSD_CLAUSES}
${BSD_DISCLAIMER}`;

const APACHE_HEADER = `Copyright 2020 Google LLC

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.`;

const APACHE_TEXT = spdxText('Apache-2.0');

const GPL_3_TEXT = spdxText('GPL-3.0-only');

const GPL_2_TEXT = spdxText('GPL-2.0-only');

const GPL_3_NOTICE = `Copyright (C) 2019 Some One

This program is free software: you can redistribute it and/or modify it under the terms of
the GNU General Public License as published by the Free Software Foundation, either
version 3 of the License, or (at your option) any later version.`;

const LGPL_2_1_TEXT = spdxText('LGPL-2.1-only');

const LGPL_3_TEXT = spdxText('LGPL-3.0-only');

const AGPL_3_TEXT = spdxText('AGPL-3.0-only');

const MPL_2_TEXT = spdxText('MPL-2.0');

const ISC_TEXT = `ISC License

Copyright (c) 2004-2010 by Internet Systems Consortium, Inc. ("ISC")

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND ISC DISCLAIMS ALL WARRANTIES WITH
REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND
FITNESS. IN NO EVENT SHALL ISC BE LIABLE FOR ANY SPECIAL, DIRECT,
INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM
LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR
OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR
PERFORMANCE OF THIS SOFTWARE.`;

const ISC_OLD_TEXT = `Copyright (c) 1996 by Internet Software Consortium.

Permission to use, copy, modify, and distribute this software for any purpose with or without
fee is hereby granted, provided that the above copyright notice and this permission notice
appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND INTERNET SOFTWARE CONSORTIUM DISCLAIMS ALL WARRANTIES WITH
REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND
FITNESS. IN NO EVENT SHALL INTERNET SOFTWARE CONSORTIUM BE LIABLE FOR ANY SPECIAL, DIRECT,
INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM
LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR
OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR
PERFORMANCE OF THIS SOFTWARE.`;

const ZERO_BSD_TEXT = `Copyright (C) 2006 by Rob Landley <rob@landley.net>

Permission to use, copy, modify, and/or distribute this software for any purpose with or
without fee is hereby granted.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH
REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND
FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT,
INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM
LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR
OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR
PERFORMANCE OF THIS SOFTWARE.`;

const LGPL_NOTICE = `This library is free software; you can redistribute it and/or modify it under the
terms of the GNU Lesser General Public License as published by the Free Software Foundation;
either version 2.1 of the License, or (at your option) any later version.`;

const UNLICENSE_TEXT = `This is free and unencumbered software released into the public domain.

Anyone is free to copy, modify, publish, use, compile, sell, or
distribute this software, either in source code form or as a compiled
binary, for any purpose, commercial or non-commercial, and by any
means.

In jurisdictions that recognize copyright laws, the author or authors
of this software dedicate any and all copyright interest in the
software to the public domain. We make this dedication for the benefit
of the public at large and to the detriment of our heirs and
successors. We intend this dedication to be an overt act of
relinquishment in perpetuity of all present and future rights to this
software under copyright law.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
IN NO EVENT SHALL THE AUTHORS BE LIABLE FOR ANY CLAIM, DAMAGES OR
OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE,
ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR
OTHER DEALINGS IN THE SOFTWARE.

For more information, please refer to <https://unlicense.org>`;

const BUSL_TEXT = `Business Source License 1.1

Parameters

Licensor:             HashiCorp, Inc.
Licensed Work:        Terraform 1.6.0. The Licensed Work is (c) 2023 HashiCorp, Inc.
Change Date:          Four years from the date the Licensed Work is published.
Change License:       MPL 2.0`;

const PSF_TEXT = spdxText('PSF-2.0');

const ELASTIC_TEXT = `Elastic License 2.0

URL: https://www.elastic.co/licensing/elastic-license

## Acceptance

By using the software, you agree to all of the terms and conditions below.`;

const SSPL_TEXT = `                     Server Side Public License
                     VERSION 1, OCTOBER 16, 2018

                    Copyright © 2018 MongoDB, Inc.`;

const COMMONS_CLAUSE_TEXT = `"Commons Clause" License Condition v1.0

The Software is provided to you by the Licensor under the License, as defined below,
subject to the following condition.

Software: Foo
License: Apache 2.0
Licensor: Bar Inc.

${APACHE_TEXT}`;

/** The License field of isodate 0.7.0 on PyPI: a BSD text flattened onto one line. */
const ISODATE = (
  JSON.parse(
    readFileSync(
      new URL('../../corpus/pypi-json/json-api/poetry/isodate@0.7.0.json', import.meta.url),
      'utf8',
    ),
  ) as { info: { license: string } }
).info.license;

describe('License field: whole licence texts', () => {
  test.each<[name: string, text: string, expression: string | null, category: LicenseCategory]>([
    ['MIT text with a copyright line', MIT_TEXT, 'MIT', 'permissive'],
    ['MIT-0 text', MIT_0_TEXT, 'MIT-0', 'permissive'],
    ['BSD-3-Clause text', BSD_3_TEXT, 'BSD-3-Clause', 'permissive'],
    ['isodate: BSD-3-Clause text on one line', ISODATE, 'BSD-3-Clause', 'permissive'],
    ['BSD-2-Clause text', BSD_2_TEXT, 'BSD-2-Clause', 'permissive'],
    ['Apache-2.0 header', APACHE_HEADER, 'Apache-2.0', 'permissive'],
    ['Apache-2.0 text', APACHE_TEXT, 'Apache-2.0', 'permissive'],
    ['GPL-3.0 text', GPL_3_TEXT, null, 'strong-copyleft'],
    ['GPL-2.0 text', GPL_2_TEXT, null, 'strong-copyleft'],
    ['GPL-3.0 or-later notice', GPL_3_NOTICE, 'GPL-3.0-or-later', 'strong-copyleft'],
    ['LGPL-2.1 text', LGPL_2_1_TEXT, null, 'weak-copyleft'],
    ['LGPL-3.0 text', LGPL_3_TEXT, null, 'weak-copyleft'],
    ['AGPL-3.0 text', AGPL_3_TEXT, null, 'network-copyleft'],
    ['MPL-2.0 text', MPL_2_TEXT, 'MPL-2.0', 'weak-copyleft'],
    ['ISC text', ISC_TEXT, 'ISC', 'permissive'],
    ['ISC text, older wording', ISC_OLD_TEXT, 'ISC', 'permissive'],
    ['0BSD text', ZERO_BSD_TEXT, '0BSD', 'permissive'],
    ['LGPL-2.1 or-later notice', LGPL_NOTICE, 'LGPL-2.1-or-later', 'weak-copyleft'],
    ['Unlicense text', UNLICENSE_TEXT, 'Unlicense', 'public-domain'],
    ['PSF-2.0 text', PSF_TEXT, 'PSF-2.0', 'permissive'],
    ['BUSL-1.1 text', BUSL_TEXT, 'BUSL-1.1', 'source-available'],
    ['Elastic-2.0 text', ELASTIC_TEXT, 'Elastic-2.0', 'source-available'],
    ['SSPL-1.0 text', SSPL_TEXT, 'SSPL-1.0', 'source-available'],
    [
      'Commons Clause over an Apache text',
      COMMONS_CLAUSE_TEXT,
      'LicenseRef-Commons-Clause',
      'source-available',
    ],
  ])('%s', (_name, text, expression, category) => {
    const d = fromLicense(text);
    expect(summary(d)).toEqual([expression, category, 'license-text', expression === null]);
    const first =
      text
        .split('\n')
        .find((line) => line.trim() !== '')
        ?.trim() ?? '';
    expect(d.evidence).toBe(first.slice(0, 200));
    if (expression === null) expect(d.note).toContain('not an exact licence');
  });

  test.each<[string, string]>([
    [GPL_3_TEXT, 'GPL-3.0'],
    [GPL_2_TEXT, 'GPL-2.0'],
    [LGPL_2_1_TEXT, 'LGPL-2.1'],
    [LGPL_3_TEXT, 'LGPL-3.0'],
    [AGPL_3_TEXT, 'AGPL-3.0'],
  ])('a GNU text names its version, not only/or-later: %#', (text, family) => {
    expect(fromLicense(text).note).toBe(
      `License field holds a licence text that names the ${family} family, not an exact licence`,
    );
  });

  test('the evidence of a long one-line text is its first 200 characters', () => {
    expect(fromLicense(ISODATE).evidence).toBe(ISODATE.slice(0, 200));
    expect(ISODATE.startsWith('Copyright (c) 2021, Hugo van Kemenade')).toBe(true);
  });
});

describe('trove classifiers', () => {
  test.each<Row>([
    [`${OSI}MIT License`, 'MIT', 'permissive'],
    [`${OSI}MIT No Attribution License (MIT-0)`, 'MIT-0', 'permissive'],
    [`${OSI}ISC License (ISCL)`, 'ISC', 'permissive'],
    [`${OSI}Python Software Foundation License`, 'PSF-2.0', 'permissive'],
    [`${OSI}zlib/libpng License`, 'Zlib', 'permissive'],
    [`${OSI}Zero-Clause BSD (0BSD)`, '0BSD', 'permissive'],
    [`${OSI}Boost Software License 1.0 (BSL-1.0)`, 'BSL-1.0', 'permissive'],
    [`${OSI}The Unlicense (Unlicense)`, 'Unlicense', 'public-domain'],
    ['License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication', 'CC0-1.0', 'public-domain'],
    ['License :: Public Domain', 'LicenseRef-Public-Domain', 'public-domain'],
    [`${OSI}Mozilla Public License 2.0 (MPL 2.0)`, 'MPL-2.0', 'weak-copyleft'],
    [`${OSI}Eclipse Public License 2.0 (EPL-2.0)`, 'EPL-2.0', 'weak-copyleft'],
    [
      `${OSI}GNU Lesser General Public License v3 or later (LGPLv3+)`,
      'LGPL-3.0-or-later',
      'weak-copyleft',
    ],
    [
      `${OSI}GNU General Public License v2 or later (GPLv2+)`,
      'GPL-2.0-or-later',
      'strong-copyleft',
    ],
    [
      `${OSI}GNU General Public License v3 or later (GPLv3+)`,
      'GPL-3.0-or-later',
      'strong-copyleft',
    ],
    [
      `${OSI}GNU Affero General Public License v3 or later (AGPLv3+)`,
      'AGPL-3.0-or-later',
      'network-copyleft',
    ],
    ['License :: Other/Proprietary License', 'LicenseRef-Proprietary', 'proprietary'],
    ['License :: Freeware', 'LicenseRef-Proprietary', 'proprietary'],
    ['License :: Free For Home Use', 'LicenseRef-Proprietary', 'proprietary'],
    ['License :: Free for non-commercial use', 'LicenseRef-Proprietary', 'proprietary'],
    ['License :: Free To Use But Restricted', 'LicenseRef-Proprietary', 'proprietary'],
    ['License :: Shareware', 'LicenseRef-Proprietary', 'proprietary'],
  ])('%s → %s', (classifier, expression, category) => {
    const d = fromClassifiers(classifier);
    expect(summary(d)).toEqual([expression, category, 'classifier', false]);
    expect(d.evidence).toBe(classifier);
  });

  // PEP 639 appendix: these name a family; no expression may be inferred.
  test.each<[classifier: string, category: LicenseCategory]>([
    [`${OSI}BSD License`, 'permissive'],
    [`${OSI}Apache Software License`, 'permissive'],
    [`${OSI}Zope Public License`, 'permissive'],
    [`${OSI}GNU General Public License (GPL)`, 'strong-copyleft'],
    [`${OSI}GNU General Public License v2 (GPLv2)`, 'strong-copyleft'],
    [`${OSI}GNU General Public License v3 (GPLv3)`, 'strong-copyleft'],
    [`${OSI}GNU Lesser General Public License v2 (LGPLv2)`, 'weak-copyleft'],
    [`${OSI}GNU Lesser General Public License v2 or later (LGPLv2+)`, 'weak-copyleft'],
    [`${OSI}GNU Lesser General Public License v3 (LGPLv3)`, 'weak-copyleft'],
    [`${OSI}GNU Library or Lesser General Public License (LGPL)`, 'weak-copyleft'],
    [`${OSI}GNU Affero General Public License v3`, 'network-copyleft'],
  ])('%s → a %s family', (classifier, category) => {
    const d = fromClassifiers(classifier);
    expect(summary(d)).toEqual([null, category, 'classifier', true]);
    expect(d.osiApproved).toBe(true);
    expect(d.note).toContain(`classifier "${classifier}"`);
  });

  test.each([
    'License :: OSI Approved',
    'License :: DFSG approved',
    'License :: GUST Font License 1.0',
  ])('%s names no licence', (classifier) => {
    const d = fromClassifiers(classifier);
    expect(summary(d)).toEqual([null, 'unknown', 'none', false]);
    expect(d.note).toContain(classifier);
  });

  test('several licence classifiers: relation unknown, the worst is assumed', () => {
    const d = fromClassifiers(
      `${OSI}GNU Library or Lesser General Public License (LGPL)`,
      `${OSI}Zope Public License`,
    );
    expect(summary(d)).toEqual([null, 'weak-copyleft', 'classifier', true]);
    expect(d.osiApproved).toBe(true);
    expect(d.note).toContain('2 licence classifiers');

    const exact = fromClassifiers(`${OSI}MIT License`, `${OSI}Apache Software License`);
    expect(summary(exact)).toEqual([null, 'permissive', 'classifier', true]);

    const worse = fromClassifiers(
      `${OSI}MIT License`,
      `${OSI}GNU General Public License v3 or later (GPLv3+)`,
    );
    expect(summary(worse)).toEqual([null, 'strong-copyleft', 'classifier', true]);
  });

  test('the bare parent classifier and duplicates do not count as more licences', () => {
    const d = fromClassifiers('License :: OSI Approved', `${OSI}MIT License`, `${OSI}MIT License`);
    expect(summary(d)).toEqual(['MIT', 'permissive', 'classifier', false]);
    expect(fromClassifiers('Programming Language :: Python', 'Topic :: Utilities').note).toContain(
      'no licence classifier',
    );
  });

  /** Every `License ::` classifier of pypa/trove-classifiers (2025). */
  const TROVE = [
    'License :: Aladdin Free Public License (AFPL)',
    'License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication',
    'License :: CeCILL-B Free Software License Agreement (CECILL-B)',
    'License :: CeCILL-C Free Software License Agreement (CECILL-C)',
    'License :: DFSG approved',
    'License :: Eiffel Forum License (EFL)',
    'License :: Free For Educational Use',
    'License :: Free For Home Use',
    'License :: Free To Use But Restricted',
    'License :: Free for non-commercial use',
    'License :: Freely Distributable',
    'License :: Freeware',
    'License :: GUST Font License 1.0',
    'License :: GUST Font License 2006-09-30',
    'License :: Netscape Public License (NPL)',
    'License :: Nokia Open Source License (NOKOS)',
    'License :: OSI Approved',
    ...[
      'Academic Free License (AFL)',
      'Apache Software License',
      'Apple Public Source License',
      'Artistic License',
      'Attribution Assurance License',
      'BSD License',
      'Blue Oak Model License (BlueOak-1.0.0)',
      'Boost Software License 1.0 (BSL-1.0)',
      'CEA CNRS Inria Logiciel Libre License, version 2.1 (CeCILL-2.1)',
      'CMU License (MIT-CMU)',
      'Common Development and Distribution License 1.0 (CDDL-1.0)',
      'Common Public License',
      'Eclipse Public License 1.0 (EPL-1.0)',
      'Eclipse Public License 2.0 (EPL-2.0)',
      'Educational Community License, Version 2.0 (ECL-2.0)',
      'Eiffel Forum License',
      'European Union Public Licence 1.0 (EUPL 1.0)',
      'European Union Public Licence 1.1 (EUPL 1.1)',
      'European Union Public Licence 1.2 (EUPL 1.2)',
      'GNU Affero General Public License v3',
      'GNU Affero General Public License v3 or later (AGPLv3+)',
      'GNU Free Documentation License (FDL)',
      'GNU General Public License (GPL)',
      'GNU General Public License v2 (GPLv2)',
      'GNU General Public License v2 or later (GPLv2+)',
      'GNU General Public License v3 (GPLv3)',
      'GNU General Public License v3 or later (GPLv3+)',
      'GNU Lesser General Public License v2 (LGPLv2)',
      'GNU Lesser General Public License v2 or later (LGPLv2+)',
      'GNU Lesser General Public License v3 (LGPLv3)',
      'GNU Lesser General Public License v3 or later (LGPLv3+)',
      'GNU Library or Lesser General Public License (LGPL)',
      'Historical Permission Notice and Disclaimer (HPND)',
      'IBM Public License',
      'ISC License (ISCL)',
      'MIT License',
      'MIT No Attribution License (MIT-0)',
      'MirOS License (MirOS)',
      'Motosoto License',
      'Mozilla Public License 1.0 (MPL)',
      'Mozilla Public License 1.1 (MPL 1.1)',
      'Mozilla Public License 2.0 (MPL 2.0)',
      'Mulan Permissive Software License v2 (MulanPSL-2.0)',
      'NASA Open Source Agreement v1.3 (NASA-1.3)',
      'Nethack General Public License',
      'Nokia Open Source License',
      'Open Group Test Suite License',
      'Open Software License 3.0 (OSL-3.0)',
      'PostgreSQL License',
      'Python License (CNRI Python License)',
      'Python Software Foundation License',
      'Qt Public License (QPL)',
      'Ricoh Source Code Public License',
      'SIL Open Font License 1.1 (OFL-1.1)',
      'Sleepycat License',
      'Sun Public License',
      'The Unlicense (Unlicense)',
      'Universal Permissive License (UPL)',
      'University of Illinois/NCSA Open Source License',
      'Vovida Software License 1.0',
      'W3C License',
      'Zero-Clause BSD (0BSD)',
      'Zope Public License',
      'zlib/libpng License',
    ].map((name) => OSI + name),
    'License :: Other/Proprietary License',
    'License :: Public Domain',
    'License :: Repoze Public License',
  ];
  const NAMES_NOTHING = new Set([
    'License :: OSI Approved',
    'License :: DFSG approved',
    'License :: GUST Font License 1.0',
    'License :: GUST Font License 2006-09-30',
  ]);

  test.each(TROVE)('%s has a decision', (classifier) => {
    const d = fromClassifiers(classifier);
    if (NAMES_NOTHING.has(classifier)) {
      expect(d.category).toBe('unknown');
      return;
    }
    expect(d.category).not.toBe('unknown');
    expect(d.source).toBe('classifier');
    const mapping = lookupClassifier(classifier);
    if (mapping?.kind === 'spdx') expect(judgeExpression(mapping.expression)).not.toBeNull();
    // Filed under "OSI Approved", but not OSI-approved on the SPDX list: the FDL, EUPL 1.0
    // (the OSI approved 1.1 and 1.2) and MIT-CMU.
    const notOsi = ['(FDL)', '(EUPL 1.0)', '(MIT-CMU)'];
    if (classifier.startsWith(OSI) && !notOsi.some((name) => classifier.includes(name))) {
      expect(d.osiApproved).toBe(true);
    }
  });
});

describe('which field decides', () => {
  test('License-Expression beats the License field and classifiers', () => {
    const d = decideLicense({
      licenseExpression: 'MIT',
      license: 'GPLv3',
      classifiers: [`${OSI}GNU General Public License v3 (GPLv3)`],
    });
    expect(summary(d)).toEqual(['MIT', 'permissive', 'license-expression', false]);
    expect(d.evidence).toBe('MIT');
  });

  test('the License field beats classifiers', () => {
    const d = decideLicense({
      licenseExpression: null,
      license: 'Apache 2.0',
      classifiers: [`${OSI}MIT License`],
    });
    expect(summary(d)).toEqual(['Apache-2.0', 'permissive', 'license', false]);
  });

  test('classifiers decide when the License field names nothing', () => {
    const d = decideLicense({
      licenseExpression: null,
      license: 'UNKNOWN',
      classifiers: [`${OSI}MIT License`],
    });
    expect(summary(d)).toEqual(['MIT', 'permissive', 'classifier', false]);
    expect(d.note).toBeNull();
  });

  test('an invalid License-Expression falls through, and the note says so', () => {
    const d = decideLicense({
      licenseExpression: 'MIT and or',
      license: 'BSD-3-Clause',
      classifiers: [],
    });
    expect(summary(d)).toEqual(['BSD-3-Clause', 'permissive', 'license', false]);
    expect(d.note).toBe('License-Expression "MIT and or" is not a valid SPDX expression');

    const alone = fromExpression('Apache License 2.0');
    expect(summary(alone)).toEqual([null, 'unknown', 'none', false]);
    expect(alone.note).toBe(
      'License-Expression "Apache License 2.0" is not a valid SPDX expression, no License field, no licence classifier',
    );

    const family = decideLicense({
      licenseExpression: 'BSD',
      license: null,
      classifiers: [`${OSI}BSD License`],
    });
    expect(summary(family)).toEqual([null, 'permissive', 'classifier', true]);
    expect(family.note).toMatch(
      /^License-Expression "BSD" is not a valid SPDX expression; classifier/,
    );
  });

  test('an empty License-Expression is as good as none', () => {
    const d = decideLicense({ licenseExpression: ' ', license: 'MIT', classifiers: [] });
    expect(summary(d)).toEqual(['MIT', 'permissive', 'license', false]);
    expect(d.note).toBeNull();
  });
});

describe('SPDX expressions', () => {
  test.each<[expression: string, normalised: string, category: LicenseCategory, osi: boolean]>([
    ['MIT', 'MIT', 'permissive', true],
    ['mit OR apache-2.0', 'MIT OR Apache-2.0', 'permissive', true],
    ['MIT or Apache-2.0', 'MIT OR Apache-2.0', 'permissive', true],
    ['MIT OR GPL-3.0-only', 'MIT OR GPL-3.0-only', 'permissive', true],
    ['MIT AND GPL-3.0-only', 'MIT AND GPL-3.0-only', 'strong-copyleft', true],
    ['GPL-3.0-only OR AGPL-3.0-only', 'GPL-3.0-only OR AGPL-3.0-only', 'strong-copyleft', true],
    [
      '(MIT OR Apache-2.0) AND BSD-3-Clause',
      '(MIT OR Apache-2.0) AND BSD-3-Clause',
      'permissive',
      true,
    ],
    ['MPL-2.0 AND (Apache-2.0 OR MIT)', 'MPL-2.0 AND (Apache-2.0 OR MIT)', 'weak-copyleft', true],
    [
      'MIT OR (LGPL-2.1-only AND GPL-2.0-or-later)',
      'MIT OR LGPL-2.1-only AND GPL-2.0-or-later',
      'permissive',
      true,
    ],
    // numpy: the public-domain part does not make the whole non-OSI.
    [
      'BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0',
      'BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0',
      'permissive',
      true,
    ],
    [
      'GPL-2.0-only WITH Classpath-exception-2.0',
      'GPL-2.0-only WITH Classpath-exception-2.0',
      'weak-copyleft',
      true,
    ],
    [
      'gpl-2.0-or-later with classpath-exception-2.0',
      'GPL-2.0-or-later WITH Classpath-exception-2.0',
      'weak-copyleft',
      true,
    ],
    [
      'GPL-3.0-or-later WITH GCC-exception-3.1',
      'GPL-3.0-or-later WITH GCC-exception-3.1',
      'weak-copyleft',
      true,
    ],
    [
      'GPL-3.0-or-later WITH Autoconf-exception-3.0',
      'GPL-3.0-or-later WITH Autoconf-exception-3.0',
      'strong-copyleft',
      true,
    ],
    ['Apache-2.0 WITH LLVM-exception', 'Apache-2.0 WITH LLVM-exception', 'permissive', true],
    ['GPL-2.0', 'GPL-2.0-only', 'strong-copyleft', true],
    ['GPL-2.0+', 'GPL-2.0-or-later', 'strong-copyleft', true],
    ['GPL-3.0+', 'GPL-3.0-or-later', 'strong-copyleft', true],
    ['LGPL-2.1+', 'LGPL-2.1-or-later', 'weak-copyleft', true],
    ['AGPL-3.0', 'AGPL-3.0-only', 'network-copyleft', true],
    ['AGPL-3.0-or-later', 'AGPL-3.0-or-later', 'network-copyleft', true],
    ['Apache-2.0+', 'Apache-2.0+', 'permissive', true],
    ['PSF-2.0', 'PSF-2.0', 'permissive', true],
    ['Python-2.0', 'Python-2.0', 'permissive', true],
    ['BSL-1.0', 'BSL-1.0', 'permissive', true],
    ['ZPL-2.1', 'ZPL-2.1', 'permissive', true],
    ['Artistic-2.0', 'Artistic-2.0', 'permissive', true],
    ['WTFPL', 'WTFPL', 'permissive', false],
    ['X11', 'X11', 'permissive', false],
    ['CC-BY-4.0', 'CC-BY-4.0', 'permissive', false],
    ['CC0-1.0', 'CC0-1.0', 'public-domain', false],
    ['Unlicense', 'Unlicense', 'public-domain', true],
    ['LicenseRef-Public-Domain', 'LicenseRef-Public-Domain', 'public-domain', false],
    ['MPL-2.0', 'MPL-2.0', 'weak-copyleft', true],
    ['EPL-2.0', 'EPL-2.0', 'weak-copyleft', true],
    ['CDDL-1.0', 'CDDL-1.0', 'weak-copyleft', true],
    ['EUPL-1.2', 'EUPL-1.2', 'weak-copyleft', true],
    ['CC-BY-SA-4.0', 'CC-BY-SA-4.0', 'weak-copyleft', false],
    ['OSL-3.0', 'OSL-3.0', 'strong-copyleft', true],
    ['BUSL-1.1', 'BUSL-1.1', 'source-available', false],
    ['SSPL-1.0', 'SSPL-1.0', 'source-available', false],
    ['Elastic-2.0', 'Elastic-2.0', 'source-available', false],
    ['FSL-1.1-MIT', 'FSL-1.1-MIT', 'source-available', false],
    ['PolyForm-Noncommercial-1.0.0', 'PolyForm-Noncommercial-1.0.0', 'source-available', false],
    ['PolyForm-Small-Business-1.0.0', 'PolyForm-Small-Business-1.0.0', 'source-available', false],
    ['CC-BY-NC-4.0', 'CC-BY-NC-4.0', 'source-available', false],
    ['LicenseRef-Commons-Clause', 'LicenseRef-Commons-Clause', 'source-available', false],
    [
      'licenseref-PolyForm-Shield-1.0.0',
      'LicenseRef-PolyForm-Shield-1.0.0',
      'source-available',
      false,
    ],
    ['MIT OR BUSL-1.1', 'MIT OR BUSL-1.1', 'permissive', true],
    ['MIT AND BUSL-1.1', 'MIT AND BUSL-1.1', 'source-available', false],
    ['LicenseRef-Proprietary', 'LicenseRef-Proprietary', 'proprietary', false],
    // Known to SPDX, not OSI-approved, no obvious category.
    ['JSON', 'JSON', 'unknown', false],
  ])('%s → %s (%s)', (expression, normalised, category, osi) => {
    expect(judgeExpression(expression)).toEqual({
      expression: normalised,
      category,
      osiApproved: osi,
    });
    const d = fromExpression(expression);
    expect(summary(d)).toEqual([normalised, category, 'license-expression', false]);
    expect(d.osiApproved).toBe(osi);
    expect(d.evidence).toBe(expression);
  });

  test('a LicenseRef nobody knows is unknown with an unknown OSI status', () => {
    const d = fromExpression('LicenseRef-Acme-EULA');
    expect(summary(d)).toEqual(['LicenseRef-Acme-EULA', 'unknown', 'license-expression', false]);
    expect(d.osiApproved).toBeNull();
    expect(d.note).toContain('LicenseRef-Acme-EULA');
    // judgeExpression answers a boolean: not known to be approved.
    expect(judgeExpression('LicenseRef-Acme-EULA')?.osiApproved).toBe(false);
    expect(fromExpression('MIT OR LicenseRef-Acme-EULA').category).toBe('permissive');
    expect(fromExpression('MIT AND LicenseRef-Acme-EULA').category).toBe('unknown');
  });

  test.each([
    '',
    'Apache 2.0',
    'MIT AND',
    'MIT OR (Apache-2.0',
    'GPL-2.0 +',
    'MIT WITH',
    'Foo-1.0',
  ])('%j is not valid SPDX', (expression) => {
    expect(judgeExpression(expression)).toBeNull();
  });
});

describe('categoryRank', () => {
  test('orders categories from best to worst', () => {
    const order: LicenseCategory[] = [
      'permissive',
      'weak-copyleft',
      'strong-copyleft',
      'network-copyleft',
      'unknown',
      'source-available',
      'proprietary',
    ];
    const ranks = order.map(categoryRank);
    expect(ranks).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(categoryRank('public-domain')).toBe(categoryRank('permissive'));
  });

  test('a licence change from Apache-2.0 to BUSL-1.1 is a change for the worse', () => {
    const before = judgeExpression('Apache-2.0');
    const after = judgeExpression('BUSL-1.1');
    expect(before && after && categoryRank(after.category) > categoryRank(before.category)).toBe(
      true,
    );
  });
});

describe('checkLicenseLists', () => {
  const ALLOW = ['MIT', 'Apache-2.0'];

  test.each<[expression: string, allowed: boolean]>([
    ['MIT', true],
    ['mit', true],
    ['MIT OR GPL-3.0-only', true],
    ['MIT AND Apache-2.0', true],
    ['Apache-2.0 WITH LLVM-exception', true],
    ['GPL-3.0-only', false],
    ['MIT AND GPL-3.0-only', false],
    ['BSD-3-Clause', false],
  ])('allow MIT, Apache-2.0: %s → %s', (expression, allowed) => {
    expect(checkLicenseLists(expression, ALLOW, []).allowed).toBe(allowed);
  });

  test('a rejection names the licence missing from the allow list', () => {
    expect(checkLicenseLists('GPL-3.0-only', ALLOW, [])).toEqual({
      allowed: false,
      reason: 'GPL-3.0-only is not in the allow list (MIT, Apache-2.0)',
    });
    expect(checkLicenseLists('MIT AND GPL-3.0-only', ALLOW, [])).toEqual({
      allowed: false,
      reason: 'GPL-3.0-only is not in the allow list (MIT, Apache-2.0)',
    });
  });

  test('or-later in the allow list covers later versions', () => {
    const allow = ['GPL-2.0-or-later'];
    expect(checkLicenseLists('GPL-3.0-only', allow, []).allowed).toBe(true);
    expect(checkLicenseLists('GPL-2.0+', allow, []).allowed).toBe(true);
    expect(checkLicenseLists('GPL-1.0-only', allow, []).allowed).toBe(false);
  });

  test('allow entries may be expressions and any casing', () => {
    expect(checkLicenseLists('ISC', ['mit OR isc'], []).allowed).toBe(true);
    expect(checkLicenseLists('ISC', ['not a licence', 'ISC'], []).allowed).toBe(true);
    expect(checkLicenseLists('MIT', [], []).allowed).toBe(false);
  });

  // Denied when it cannot be avoided: every OR alternative contains a denied licence.
  test.each<[expression: string, allowed: boolean]>([
    ['AGPL-3.0-or-later', false],
    ['AGPL-3.0-only', false],
    ['agpl-3.0', false],
    ['MIT AND AGPL-3.0-only', false],
    ['(MIT OR Apache-2.0) AND AGPL-3.0-or-later', false],
    ['MIT OR AGPL-3.0-only', true],
    ['MIT', true],
    ['GPL-3.0-only', true],
  ])('deny AGPL-3.0-or-later: %s → %s', (expression, allowed) => {
    expect(checkLicenseLists(expression, null, ['AGPL-3.0-or-later']).allowed).toBe(allowed);
  });

  test('a denial names the denied licence', () => {
    expect(checkLicenseLists('MIT AND AGPL-3.0-only', null, ['AGPL-3.0-or-later'])).toEqual({
      allowed: false,
      reason: 'AGPL-3.0-only is denied (deny list: AGPL-3.0-or-later)',
    });
  });

  test('deny -only does not deny another version; deny wins over allow', () => {
    expect(checkLicenseLists('GPL-2.0-only', null, ['GPL-3.0-only']).allowed).toBe(true);
    expect(checkLicenseLists('MIT', ['MIT'], ['mit'])).toEqual({
      allowed: false,
      reason: 'MIT is denied (deny list: MIT)',
    });
  });

  test('LicenseRefs can be denied', () => {
    const verdict = checkLicenseLists('Apache-2.0 AND LicenseRef-Commons-Clause', null, [
      'LicenseRef-Commons-Clause',
    ]);
    expect(verdict.allowed).toBe(false);
  });

  test.each(['Apache 2.0', '', 'MIT AND', 'BSD'])(
    'invalid %j is rejected without throwing',
    (expression) => {
      const verdict = checkLicenseLists(expression, ALLOW, ['AGPL-3.0-or-later']);
      expect(verdict).toEqual({
        allowed: false,
        reason: `not a valid SPDX expression: ${JSON.stringify(expression)}`,
      });
    },
  );

  test('invalid list entries are ignored', () => {
    expect(() => checkLicenseLists('MIT', ['(((', 'MIT'], ['AND OR', ''])).not.toThrow();
    expect(checkLicenseLists('MIT', ['(((', 'MIT'], ['AND OR', '']).allowed).toBe(true);
  });
});

describe('the alias table', () => {
  test('each text is listed once (after case and punctuation are ignored)', () => {
    const keys = ALIASES.flatMap(([, ...texts]) => texts.map(aliasKey));
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });

  test.each<[string, string]>([
    ['GPL v3+', 'GPLv3+'],
    ['lgpl-v3', 'LGPLv3'],
    ['BSD (3-clause)', 'BSD-3'],
    ['Apache License Version 2.0', 'Apache License, Version 2.0'],
    ['MIT Licence', 'MIT License'],
    ['  The  MIT  License  ', 'The MIT License'],
  ])('%j is spelled like %j', (variant, listed) => {
    expect(summary(fromLicense(variant))).toEqual(summary(fromLicense(listed)));
  });

  const entries = ALIASES.flatMap(([mapping, ...texts]) =>
    texts.map((text) => [text, mapping] as const),
  );
  test.each(entries)('%j decides as the table says', (text, mapping) => {
    const d = fromLicense(text);
    if (mapping.kind === 'none') {
      expect(d.category).toBe('unknown');
    } else if (mapping.kind === 'family') {
      expect(summary(d)).toEqual([null, mapping.category, 'license', true]);
    } else {
      const judged = judgeExpression(mapping.expression);
      expect(judged).not.toBeNull();
      expect(summary(d)).toEqual([judged?.expression, judged?.category, 'license', false]);
    }
  });
});

/**
 * The recorded PyPI JSON answers of the corpus. Every License value and licence classifier in
 * them is listed here with its expected decision (so a new corpus file with a new value fails
 * until it is added), and so is every file.
 */
describe('PyPI answers of the corpus', () => {
  const root = new URL('../../corpus/pypi-json/json-api/', import.meta.url);
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .sort();
  const info = (file: string) =>
    (
      JSON.parse(readFileSync(new URL(file, root), 'utf8')) as {
        info: {
          license?: string | null;
          license_expression?: string | null;
          classifiers?: string[];
        };
      }
    ).info;

  type Expected = [expression: string | null, category: LicenseCategory, ambiguous: boolean];
  /** Each License value found, decided alone. */
  const LICENSE_FIELDS: Record<string, Expected> = {
    BSD: [null, 'permissive', true],
    'Apache License 2.0': ['Apache-2.0', 'permissive', false],
    MIT: ['MIT', 'permissive', false],
    'Apache-2.0': ['Apache-2.0', 'permissive', false],
    'MIT license': ['MIT', 'permissive', false],
    ASL: [null, 'permissive', true],
    PSF: ['PSF-2.0', 'permissive', false],
    'Apache Software License': [null, 'permissive', true],
    [ISODATE]: ['BSD-3-Clause', 'permissive', false],
    'Apache 2.0': ['Apache-2.0', 'permissive', false],
    'MIT License': ['MIT', 'permissive', false],
    'New BSD': ['BSD-3-Clause', 'permissive', false],
    // Genuinely unknown on their own.
    '': [null, 'unknown', false],
    UNKNOWN: [null, 'unknown', false],
    'LGPL with exceptions or ZPL': [null, 'unknown', false],
  };
  /** Each licence classifier found, decided alone. */
  const CLASSIFIERS: Record<string, Expected> = {
    [`${OSI}BSD License`]: [null, 'permissive', true],
    [`${OSI}Apache Software License`]: [null, 'permissive', true],
    [`${OSI}MIT License`]: ['MIT', 'permissive', false],
    [`${OSI}GNU Library or Lesser General Public License (LGPL)`]: [null, 'weak-copyleft', true],
    [`${OSI}Zope Public License`]: [null, 'permissive', true],
    [`${OSI}Python Software Foundation License`]: ['PSF-2.0', 'permissive', false],
  };

  const mit: Expected = ['MIT', 'permissive', false];
  const bsd: Expected = [null, 'permissive', true];
  const apache: Expected = ['Apache-2.0', 'permissive', false];
  /** Each file: the decision and the field that made it. */
  const FILES: Record<string, [...Expected, LicenseSource]> = {
    'dependabot/celery.json': [...bsd, 'license'],
    'dependabot/django-split-settings.json': [...bsd, 'classifier'],
    'dependabot/luigi.json': [...apache, 'license'],
    'dependabot/luigi~latest-3.6.0.json': [...apache, 'license'],
    'dependabot/pendulum.json': [...mit, 'license'],
    'dependabot/psycopg2.json': [null, 'weak-copyleft', true, 'classifier'],
    'dependabot/requests~trimmed-info-releases.json': [...apache, 'license'],
    'dependabot/six.json': [...mit, 'license'],
    'grayskull/pytest.json': [...mit, 'license'],
    'poetry/attrs@17.4.0.json': [...mit, 'license'],
    'poetry/black@19.10b0.json': [...mit, 'license'],
    'poetry/black@21.11b0.json': [...mit, 'license'],
    'poetry/cleo@1.0.0a5.json': [...mit, 'license'],
    'poetry/clikit@0.2.4.json': [...mit, 'license'],
    'poetry/colorama@0.3.9.json': [...bsd, 'license'],
    'poetry/discord-py@2.0.0.json': [...mit, 'license'],
    'poetry/filecache@0.81.json': [...bsd, 'classifier'],
    'poetry/funcsigs@1.0.2.json': [null, 'permissive', true, 'license'],
    'poetry/futures@3.2.0.json': ['PSF-2.0', 'permissive', false, 'license'],
    'poetry/hbmqtt@0.9.6.json': [...mit, 'license'],
    'poetry/importlib-metadata@1.7.0.json': [null, 'permissive', true, 'license'],
    'poetry/ipython@4.1.0rc1.json': [...bsd, 'license'],
    'poetry/ipython@5.7.0.json': [...bsd, 'license'],
    'poetry/ipython@7.5.0.json': [...bsd, 'license'],
    'poetry/isodate@0.7.0.json': ['BSD-3-Clause', 'permissive', false, 'license-text'],
    'poetry/isort@4.3.4.json': [...mit, 'license'],
    'poetry/jupyter@1.0.0.json': [...bsd, 'license'],
    'poetry/more-itertools@4.1.0.json': [...mit, 'license'],
    'poetry/pastel@0.1.0.json': [...mit, 'license'],
    'poetry/pluggy@0.6.0.json': [...mit, 'license'],
    'poetry/poetry-core@1.5.0.json': [...mit, 'license'],
    'poetry/poetry-core@2.1.3.json': [...mit, 'license'],
    'poetry/py@1.5.3.json': [...mit, 'license'],
    'poetry/pylev@1.3.0.json': [...bsd, 'classifier'],
    'poetry/pytest@3.5.0.json': [...mit, 'license'],
    'poetry/pytest@3.5.1.json': [...mit, 'license'],
    'poetry/python-language-server@0.21.2.json': [null, 'unknown', false, 'none'],
    'poetry/pyyaml@3.13.0.json': [...mit, 'license'],
    'poetry/requests@2.18.0.json': [...apache, 'license'],
    'poetry/requests@2.18.1.json': [...apache, 'license'],
    'poetry/requests@2.18.2.json': [...apache, 'license'],
    'poetry/requests@2.18.3.json': [...apache, 'license'],
    'poetry/requests@2.18.4.json': [...apache, 'license'],
    'poetry/requests@2.19.0.json': [...apache, 'license'],
    'poetry/setuptools@39.2.0.json': [...mit, 'classifier'],
    'poetry/setuptools@67.6.1.json': [...mit, 'classifier'],
    'poetry/six@1.11.0.json': [...mit, 'license'],
    'poetry/sqlalchemy@1.2.12.json': [...mit, 'license'],
    'poetry/toga@0.3.0.json': ['BSD-3-Clause', 'permissive', false, 'license'],
    'poetry/toga@0.3.0dev1.json': ['BSD-3-Clause', 'permissive', false, 'license'],
    'poetry/toga@0.3.0dev2.json': ['BSD-3-Clause', 'permissive', false, 'license'],
    'poetry/toga@0.4.0.json': ['BSD-3-Clause', 'permissive', false, 'license'],
    'poetry/tomlkit@0.5.2.json': [...mit, 'license'],
    'poetry/tomlkit@0.5.3.json': [...mit, 'license'],
    'poetry/twisted@18.9.0.json': [...mit, 'license'],
    'poetry/wheel@0.40.0.json': [...mit, 'classifier'],
    'poetry/zipp@3.5.0.json': [...mit, 'classifier'],
    'renovate/azure-cli-monitor.json': [...mit, 'license'],
    'renovate/azure-cli-monitor~updated.json': [...mit, 'license'],
    'renovate/numpy~trimmed.json': [null, 'unknown', false, 'none'],
  };

  test('every file is listed', () => {
    expect(files).toEqual(Object.keys(FILES).sort());
  });

  test.each(Object.entries(LICENSE_FIELDS))('License %j', (license, expected) => {
    const d = fromLicense(license);
    expect([d.expression, d.category, d.ambiguous]).toEqual(expected);
  });

  test.each(Object.entries(CLASSIFIERS))('%s', (classifier, expected) => {
    const d = fromClassifiers(classifier);
    expect([d.expression, d.category, d.ambiguous]).toEqual(expected);
  });

  test.each(files)('%s', (file) => {
    const { license, license_expression, classifiers = [] } = info(file);
    // Every value found is one of the listed ones.
    if (typeof license === 'string') expect(Object.keys(LICENSE_FIELDS)).toContain(license);
    for (const c of classifiers.filter((c) => c.startsWith('License ::'))) {
      expect(Object.keys(CLASSIFIERS)).toContain(c);
    }
    const d = decideLicense({
      licenseExpression: license_expression ?? null,
      license: license ?? null,
      classifiers,
    });
    const [expression, category, ambiguous, source] = FILES[file] ?? [];
    expect([d.expression, d.category, d.ambiguous, d.source]).toEqual([
      expression,
      category,
      ambiguous,
      source,
    ]);
    // Unknown only when the metadata says nothing usable.
    if (d.category === 'unknown')
      expect(['', 'UNKNOWN', undefined]).toContain(license ?? undefined);
  });
});
