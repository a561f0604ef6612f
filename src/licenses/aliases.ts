/**
 * Free-text `License` values seen on PyPI, mapped explicitly (FACTS.md §8: no spdx-correct,
 * which turns `MIT/Apache-2.0` into `Apache-2.0` and `BSD` into `BSD-2-Clause`). Matching is
 * exact after `aliasKey` (case, spaces and punctuation ignored; "licence" = "license"), so
 * one entry covers "Apache License, Version 2.0" and "apache license version 2.0", or "GPLv3",
 * "GPL v3" and "GPL-v3", while "GPLv3" and "GPLv3+" stay apart. Each key is listed once.
 *
 * A version without "only" or "or later" (GPLv3, LGPLv3) is a family, not an id: PEP 639
 * forbids guessing, and the category is all that the checks need.
 */
import { family, NONE, spdx } from './mapping.js';
import type { LicenseMapping } from './types.js';

/** Each entry: what the texts mean, then the texts. */
export const ALIASES: readonly (readonly [LicenseMapping, ...string[]])[] = [
  [
    spdx('MIT'),
    'MIT License',
    'The MIT License',
    'The MIT License (MIT)',
    'MIT/X11',
    'Expat',
    'Expat License',
  ],
  [spdx('MIT-0'), 'MIT No Attribution', 'MIT No Attribution License'],
  [
    spdx('Apache-2.0'),
    'Apache 2.0',
    'Apache2',
    'Apache v2',
    'Apache v2.0',
    'Apache License 2.0',
    'Apache License, Version 2.0',
    'Apache License v2.0',
    'Apache License 2',
    'Apache 2.0 License',
    'Apache Software License 2.0',
    'Apache Software License, Version 2.0',
    'Apache Software License v2',
    'ASL 2.0',
    'ASL2',
    'ASLv2',
  ],
  [family('Apache', 'permissive'), 'Apache', 'ASL', 'Apache License', 'Apache Software License'],
  [
    spdx('BSD-3-Clause'),
    'New BSD',
    'New BSD License',
    'Modified BSD',
    'Modified BSD License',
    'Revised BSD License',
    '3-clause BSD',
    '3-Clause BSD License',
    'BSD 3-Clause',
    'BSD 3-Clause License',
    'BSD-3',
  ],
  [
    spdx('BSD-2-Clause'),
    'Simplified BSD',
    'Simplified BSD License',
    '2-clause BSD',
    '2-Clause BSD License',
    'BSD 2-Clause',
    'BSD 2-Clause License',
    'BSD-2',
  ],
  [family('BSD', 'permissive'), 'BSD', 'BSD License', 'BSD-like', 'BSD-style', 'BSD style license'],
  [spdx('ISC'), 'ISC License', 'ISCL', 'ISC License (ISCL)'],
  [
    spdx('PSF-2.0'),
    'PSF',
    'PSF License',
    'PSFL',
    'PSF 2.0',
    'PSFv2',
    'PSF License 2.0',
    'Python Software Foundation License',
    'Python Software Foundation License Version 2',
  ],
  [
    spdx('MPL-2.0'),
    'MPL 2.0',
    'MPL-2',
    'MPLv2',
    'MPL 2.0 License',
    'Mozilla Public License 2.0',
    'Mozilla Public License Version 2.0',
    'Mozilla Public License 2.0 (MPL 2.0)',
  ],
  [spdx('MPL-1.1'), 'MPL 1.1', 'Mozilla Public License 1.1'],
  [family('MPL', 'weak-copyleft'), 'MPL', 'Mozilla Public License'],
  // LGPL: only "v2.1+" and "v3+" are exact; "v2" may be 2.0 or 2.1 (PEP 639 appendix).
  [spdx('LGPL-2.1-or-later'), 'LGPLv2.1+', 'LGPL v2.1 or later', 'GNU LGPLv2.1+'],
  [
    spdx('LGPL-3.0-or-later'),
    'LGPLv3+',
    'LGPLv3 or later',
    'GNU LGPLv3+',
    'GNU Lesser General Public License v3 or later (LGPLv3+)',
  ],
  [
    family('LGPL', 'weak-copyleft'),
    'LGPL',
    'GNU LGPL',
    'LGPLv2',
    'LGPLv2+',
    'LGPLv2.1',
    'LGPL-2',
    'LGPLv3',
    'LGPL-3',
    'GNU LGPL v3',
    'GNU Lesser General Public License',
    'GNU Lesser General Public License v3 (LGPLv3)',
    'GNU Library or Lesser General Public License (LGPL)',
  ],
  [
    spdx('GPL-2.0-or-later'),
    'GPLv2+',
    'GPL-2+',
    'GPLv2 or later',
    'GNU GPLv2+',
    'GNU General Public License v2 or later (GPLv2+)',
  ],
  [
    spdx('GPL-3.0-or-later'),
    'GPLv3+',
    'GPL-3+',
    'GPLv3 or later',
    'GNU GPLv3+',
    'GNU General Public License v3 or later (GPLv3+)',
  ],
  [
    family('GPL', 'strong-copyleft'),
    'GPL',
    'GNU GPL',
    'GPLv2',
    'GPL-2',
    'GPLv3',
    'GPL-3',
    'GNU GPL v2',
    'GNU GPL v3',
    'GNU General Public License',
    'GNU General Public License (GPL)',
    'GNU General Public License v2 (GPLv2)',
    'GNU General Public License v3',
    'GNU General Public License v3 (GPLv3)',
  ],
  [
    spdx('AGPL-3.0-or-later'),
    'AGPLv3+',
    'AGPL-3+',
    'AGPLv3 or later',
    'GNU AGPLv3+',
    'GNU Affero General Public License v3 or later (AGPLv3+)',
  ],
  [
    family('AGPL', 'network-copyleft'),
    'AGPL',
    'AGPLv3',
    'AGPL-3',
    'GNU AGPL',
    'GNU AGPL v3',
    'GNU Affero General Public License',
    'GNU Affero General Public License v3',
  ],
  [spdx('ZPL-2.1'), 'ZPL 2.1', 'ZPL v2.1', 'Zope Public License 2.1'],
  [spdx('ZPL-2.0'), 'ZPL 2.0', 'Zope Public License 2.0'],
  [family('ZPL', 'permissive'), 'ZPL', 'Zope Public License'],
  [spdx('Unlicense'), 'The Unlicense', 'Unlicense License'],
  [spdx('LicenseRef-Public-Domain'), 'Public Domain', 'In the public domain'],
  [spdx('CC0-1.0'), 'CC0', 'CC0 1.0', 'CC0 1.0 Universal', 'Creative Commons Zero'],
  [spdx('WTFPL'), 'WTFPL v2', 'WTFPL-2', 'Do What The F*ck You Want To Public License'],
  [
    spdx('EPL-2.0'),
    'EPL 2.0',
    'EPLv2',
    'Eclipse Public License 2.0',
    'Eclipse Public License v2.0',
  ],
  [spdx('EPL-1.0'), 'EPL 1.0', 'Eclipse Public License 1.0'],
  [spdx('BSL-1.0'), 'Boost', 'Boost Software License', 'Boost Software License 1.0'],
  [spdx('Zlib'), 'zlib/libpng', 'zlib License', 'zlib/libpng License'],
  [spdx('MIT OR Apache-2.0'), 'MIT/Apache-2.0', 'MIT or Apache 2.0', 'Dual MIT/Apache-2.0'],
  [spdx('Apache-2.0 OR MIT'), 'Apache-2.0/MIT', 'Apache 2.0 or MIT'],
  // Source-available (FACTS.md §8): SPDX ids where they exist, else LicenseRef-….
  [
    spdx('Elastic-2.0'),
    'Elastic License 2.0',
    'Elastic License v2',
    'ELv2',
    'Elastic License 2.0 (ELv2)',
  ],
  [family('Elastic License', 'source-available', false), 'Elastic License', 'Elastic'],
  [
    spdx('SSPL-1.0'),
    'SSPL',
    'SSPLv1',
    'Server Side Public License',
    'Server Side Public License v1',
  ],
  [spdx('BUSL-1.1'), 'Business Source License 1.1', 'BSL 1.1', 'BUSL 1.1'],
  [family('Business Source License', 'source-available', false), 'BUSL', 'Business Source License'],
  [
    spdx('PolyForm-Noncommercial-1.0.0'),
    'PolyForm Noncommercial',
    'PolyForm Noncommercial 1.0.0',
    'PolyForm Noncommercial License 1.0.0',
  ],
  [
    spdx('PolyForm-Small-Business-1.0.0'),
    'PolyForm Small Business',
    'PolyForm Small Business 1.0.0',
  ],
  [
    spdx('LicenseRef-PolyForm-Shield-1.0.0'),
    'PolyForm Shield',
    'PolyForm Shield 1.0.0',
    'PolyForm Shield License 1.0.0',
  ],
  [spdx('LicenseRef-PolyForm-Perimeter-1.0.0'), 'PolyForm Perimeter', 'PolyForm Perimeter 1.0.0'],
  [
    spdx('LicenseRef-PolyForm-Internal-Use-1.0.0'),
    'PolyForm Internal Use',
    'PolyForm Internal Use 1.0.0',
  ],
  [spdx('LicenseRef-PolyForm-Strict-1.0.0'), 'PolyForm Strict', 'PolyForm Strict 1.0.0'],
  [
    spdx('LicenseRef-PolyForm-Free-Trial-1.0.0'),
    'PolyForm Free Trial',
    'PolyForm Free Trial 1.0.0',
  ],
  [
    spdx('LicenseRef-Commons-Clause'),
    'Commons Clause',
    'Commons Clause License',
    'Commons Clause License Condition v1.0',
  ],
  // The Commons Clause is a condition added to a licence: both apply.
  [
    spdx('Apache-2.0 AND LicenseRef-Commons-Clause'),
    'Apache 2.0 with Commons Clause',
    'Apache 2.0 with Commons Clause v1.0',
    'Apache License 2.0 with Commons Clause',
  ],
  [
    spdx('LicenseRef-Confluent-Community-1.0'),
    'Confluent Community License',
    'Confluent Community License 1.0',
    'Confluent Community License Agreement Version 1.0',
  ],
  [spdx('LicenseRef-Redis-Source-Available'), 'Redis Source Available License', 'RSAL'],
  [
    spdx('LicenseRef-Redis-Source-Available-2.0'),
    'Redis Source Available License 2.0',
    'RSALv2',
    'RSAL 2.0',
  ],
  [
    family('Functional Source License', 'source-available', false),
    'Functional Source License',
    'FSL',
  ],
  [
    spdx('LicenseRef-Proprietary'),
    'Proprietary',
    'Proprietary License',
    'Commercial',
    'Commercial License',
    'All rights reserved',
    'Other/Proprietary License',
    'Closed Source',
  ],
  // Names no licence: look at the classifiers instead.
  [
    NONE,
    'UNKNOWN',
    'None',
    'N/A',
    'TBD',
    'Other',
    'Custom',
    'Free',
    'Open Source',
    'OSI Approved',
    'Dual License',
    'Dual licensed',
    'See LICENSE',
    'See LICENSE file',
    'See LICENSE.txt',
    'See LICENSE.md',
    'see LICENSE file for details',
    'LICENSE',
    'LICENSE.txt',
    'LICENSE.md',
    'LICENSE file',
    'LGPL with exceptions or ZPL',
  ],
];

/** Case, spaces and punctuation do not matter ("+" does: GPLv3 ≠ GPLv3+); nor does "licence". */
export function aliasKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/licen[cs]e/g, 'license')
    .replace(/[^a-z0-9+*]/g, '');
}

const BY_KEY = new Map<string, LicenseMapping>();
for (const [mapping, ...texts] of ALIASES)
  for (const text of texts) BY_KEY.set(aliasKey(text), mapping);

/**
 * What a free-text License value means, or undefined when the table does not know it. An
 * empty value (or one of punctuation only) names no licence.
 */
export function lookupAlias(text: string): LicenseMapping | undefined {
  const key = aliasKey(text);
  return key === '' ? NONE : BY_KEY.get(key);
}
