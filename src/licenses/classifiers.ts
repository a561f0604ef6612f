/**
 * Trove `License ::` classifiers (https://github.com/pypa/trove-classifiers) mapped per the
 * PEP 639 appendix (https://peps.python.org/pep-0639/appendix-mapping-classifiers/) and
 * FACTS.md §8. The classifiers PEP 639 calls ambiguous give a family (category, no id): tools
 * MUST NOT infer an expression from them.
 */
import { family, NONE, spdx } from './mapping.js';
import type { LicenseMapping } from './types.js';

// PEP 639: MAY be mapped to LicenseRef-Proprietary (with a prominent warning, which the
// proprietary finding is).
const PROPRIETARY = spdx('LicenseRef-Proprietary');

/** Keyed by the classifier after `License :: OSI Approved :: `. */
const OSI_APPROVED: Readonly<Record<string, LicenseMapping>> = {
  'Academic Free License (AFL)': family('AFL', 'permissive'),
  'Apache Software License': family('Apache', 'permissive'),
  'Apple Public Source License': family('APSL', 'weak-copyleft'),
  'Artistic License': family('Artistic', 'permissive'),
  'Attribution Assurance License': spdx('AAL'),
  'BSD License': family('BSD', 'permissive'),
  'Blue Oak Model License (BlueOak-1.0.0)': spdx('BlueOak-1.0.0'),
  'Boost Software License 1.0 (BSL-1.0)': spdx('BSL-1.0'),
  'CEA CNRS Inria Logiciel Libre License, version 2.1 (CeCILL-2.1)': spdx('CECILL-2.1'),
  'CMU License (MIT-CMU)': spdx('MIT-CMU'),
  'Common Development and Distribution License 1.0 (CDDL-1.0)': spdx('CDDL-1.0'),
  'Common Public License': spdx('CPL-1.0'),
  'Eclipse Public License 1.0 (EPL-1.0)': spdx('EPL-1.0'),
  'Eclipse Public License 2.0 (EPL-2.0)': spdx('EPL-2.0'),
  'Educational Community License, Version 2.0 (ECL-2.0)': spdx('ECL-2.0'),
  'Eiffel Forum License': family('EFL', 'permissive'),
  'European Union Public Licence 1.0 (EUPL 1.0)': spdx('EUPL-1.0'),
  'European Union Public Licence 1.1 (EUPL 1.1)': spdx('EUPL-1.1'),
  'European Union Public Licence 1.2 (EUPL 1.2)': spdx('EUPL-1.2'),
  'GNU Affero General Public License v3': family('AGPL-3.0', 'network-copyleft'),
  'GNU Affero General Public License v3 or later (AGPLv3+)': spdx('AGPL-3.0-or-later'),
  // Filed under "OSI Approved", but the OSI never approved the FDL.
  'GNU Free Documentation License (FDL)': family('GFDL', 'strong-copyleft', false),
  'GNU General Public License (GPL)': family('GPL', 'strong-copyleft'),
  'GNU General Public License v2 (GPLv2)': family('GPL-2.0', 'strong-copyleft'),
  'GNU General Public License v2 or later (GPLv2+)': spdx('GPL-2.0-or-later'),
  'GNU General Public License v3 (GPLv3)': family('GPL-3.0', 'strong-copyleft'),
  'GNU General Public License v3 or later (GPLv3+)': spdx('GPL-3.0-or-later'),
  'GNU Lesser General Public License v2 (LGPLv2)': family('LGPL-2.0 or LGPL-2.1', 'weak-copyleft'),
  'GNU Lesser General Public License v2 or later (LGPLv2+)': family(
    'LGPL-2.0 or LGPL-2.1',
    'weak-copyleft',
  ),
  'GNU Lesser General Public License v3 (LGPLv3)': family('LGPL-3.0', 'weak-copyleft'),
  'GNU Lesser General Public License v3 or later (LGPLv3+)': spdx('LGPL-3.0-or-later'),
  'GNU Library or Lesser General Public License (LGPL)': family('LGPL', 'weak-copyleft'),
  'Historical Permission Notice and Disclaimer (HPND)': spdx('HPND'),
  'IBM Public License': spdx('IPL-1.0'),
  'ISC License (ISCL)': spdx('ISC'),
  'Intel Open Source License': spdx('Intel'),
  'MIT License': spdx('MIT'),
  'MIT No Attribution License (MIT-0)': spdx('MIT-0'),
  'MirOS License (MirOS)': spdx('MirOS'),
  'Motosoto License': spdx('Motosoto'),
  'Mozilla Public License 1.0 (MPL)': spdx('MPL-1.0'),
  'Mozilla Public License 1.1 (MPL 1.1)': spdx('MPL-1.1'),
  'Mozilla Public License 2.0 (MPL 2.0)': spdx('MPL-2.0'),
  'Mulan Permissive Software License v2 (MulanPSL-2.0)': spdx('MulanPSL-2.0'),
  'NASA Open Source Agreement v1.3 (NASA-1.3)': spdx('NASA-1.3'),
  'Nethack General Public License': spdx('NGPL'),
  'Nokia Open Source License': spdx('Nokia'),
  'Open Group Test Suite License': spdx('OGTSL'),
  'Open Software License 3.0 (OSL-3.0)': spdx('OSL-3.0'),
  'PostgreSQL License': spdx('PostgreSQL'),
  'Python License (CNRI Python License)': spdx('CNRI-Python'),
  'Python Software Foundation License': spdx('PSF-2.0'),
  'Qt Public License (QPL)': spdx('QPL-1.0'),
  'Ricoh Source Code Public License': spdx('RSCPL'),
  'SIL Open Font License 1.1 (OFL-1.1)': spdx('OFL-1.1'),
  'Sleepycat License': spdx('Sleepycat'),
  'Sun Industry Standards Source License (SISSL)': spdx('SISSL'),
  'Sun Public License': spdx('SPL-1.0'),
  'The Unlicense (Unlicense)': spdx('Unlicense'),
  'Universal Permissive License (UPL)': spdx('UPL-1.0'),
  'University of Illinois/NCSA Open Source License': spdx('NCSA'),
  'Vovida Software License 1.0': spdx('VSL-1.0'),
  'W3C License': spdx('W3C'),
  'X.Net License': spdx('Xnet'),
  'Zero-Clause BSD (0BSD)': spdx('0BSD'),
  // ZPL 1.1, 2.0 or 2.1: all permissive, only 2.x OSI-approved.
  'Zope Public License': family('ZPL', 'permissive'),
  'zlib/libpng License': spdx('Zlib'),
};

/** Keyed by the classifier after `License :: `. */
const OTHER: Readonly<Record<string, LicenseMapping>> = {
  'OSI Approved': NONE,
  'DFSG approved': NONE,
  'Aladdin Free Public License (AFPL)': spdx('Aladdin'),
  'CC0 1.0 Universal (CC0 1.0) Public Domain Dedication': spdx('CC0-1.0'),
  'CeCILL-B Free Software License Agreement (CECILL-B)': spdx('CECILL-B'),
  'CeCILL-C Free Software License Agreement (CECILL-C)': spdx('CECILL-C'),
  'Eiffel Forum License (EFL)': family('EFL', 'permissive', null),
  'Netscape Public License (NPL)': family('NPL', 'weak-copyleft', false),
  'Nokia Open Source License (NOKOS)': spdx('Nokia'),
  // BSD-like, but without an SPDX id.
  'Repoze Public License': family('Repoze Public License', 'permissive', null),
  'Public Domain': spdx('LicenseRef-Public-Domain'),
  'Other/Proprietary License': PROPRIETARY,
  Freeware: PROPRIETARY,
  'Free For Educational Use': PROPRIETARY,
  'Free For Home Use': PROPRIETARY,
  'Free for non-commercial use': PROPRIETARY,
  'Free To Use But Restricted': PROPRIETARY,
  'Freely Distributable': PROPRIETARY,
  Shareware: PROPRIETARY,
};

const OSI_APPROVED_MAP = new Map(Object.entries(OSI_APPROVED));
const OTHER_MAP = new Map(Object.entries(OTHER));

const PREFIX = 'License ::';
const OSI_PREFIX = 'License :: OSI Approved :: ';

export function isLicenseClassifier(classifier: string): boolean {
  return classifier.trim().startsWith(PREFIX);
}

/**
 * What a licence classifier means; undefined for a `License ::` classifier the table does
 * not know (e.g. `License :: GUST Font License 1.0`, which has no SPDX id).
 */
export function lookupClassifier(classifier: string): LicenseMapping | undefined {
  // Split and trimmed rather than `/\s*::\s*/g`, which is quadratic over long runs of spaces.
  const text = classifier
    .split('::')
    .map((part) => part.trim())
    .join(' :: ');
  if (text.startsWith(OSI_PREFIX)) return OSI_APPROVED_MAP.get(text.slice(OSI_PREFIX.length));
  if (text.startsWith(`${PREFIX} `)) return OTHER_MAP.get(text.slice(PREFIX.length + 1));
  return undefined;
}
