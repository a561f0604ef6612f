/**
 * Category and OSI status of single SPDX licence ids and LicenseRefs, and the rank used to
 * compare categories. The lists below are explicit on purpose: a licence that is not in them
 * is permissive only when the OSI approved it, and `unknown` otherwise (never a silent pass).
 */
// The JSON itself: the package's index re-exports it from CommonJS, which a bundle copies key
// by key into an ES module namespace at every start.
import spdxJson from 'spdx-license-list/spdx.json' with { type: 'json' };
import type { LicenseCategory } from './types.js';

const spdxLicenseList: Readonly<Record<string, { osiApproved: boolean } | undefined>> = spdxJson;

const RANK: Readonly<Record<LicenseCategory, number>> = {
  permissive: 0,
  'public-domain': 0,
  'weak-copyleft': 1,
  'strong-copyleft': 2,
  'network-copyleft': 3,
  unknown: 4,
  'source-available': 5,
  proprietary: 6,
};

/**
 * Rank for comparisons: higher is worse. permissive = public-domain = 0 < weak-copyleft 1 <
 * strong-copyleft 2 < network-copyleft 3 < unknown 4 < source-available 5 < proprietary 6.
 */
export function categoryRank(c: LicenseCategory): number {
  return RANK[c];
}

/** Canonical casing of every id on the SPDX list (deprecated ids included), keyed by lower case. */
const CANONICAL_IDS = new Map(Object.keys(spdxLicenseList).map((id) => [id.toLowerCase(), id]));

/** The id as the SPDX list spells it (`apache-2.0` → `Apache-2.0`), or null when not on it. */
export function canonicalLicenseId(id: string): string | null {
  return CANONICAL_IDS.get(id.toLowerCase()) ?? null;
}

/**
 * Exceptions that let other code link with (or be built by) the licensed code without taking
 * its licence: a GPL licence WITH one of them acts as a weak copyleft. Exceptions that only
 * free generated output (Autoconf, Bison, Libtool, Texinfo) leave the code itself GPL.
 */
const LINKING_EXCEPTIONS = [
  'Bootloader-exception',
  'Classpath-exception-2.0',
  'eCos-exception-2.0',
  'FLTK-exception',
  'Font-exception-2.0',
  'freertos-exception-2.0',
  'GCC-exception-2.0',
  'GCC-exception-2.0-note',
  'GCC-exception-3.1',
  'GNAT-exception',
  'GNU-compiler-exception',
  'GPL-3.0-interface-exception',
  'GPL-3.0-linking-exception',
  'GPL-3.0-linking-source-exception',
  'LGPL-3.0-linking-exception',
  'Linux-syscall-note',
  'LLVM-exception',
  'mif-exception',
  'OCaml-LGPL-linking-exception',
  'OpenJDK-assembly-exception-1.0',
  'Qt-GPL-exception-1.0',
  'Qt-LGPL-exception-1.1',
  'SWI-exception',
  'Swift-exception',
  'u-boot-exception-2.0',
  'Universal-FOSS-exception-1.0',
  'WxWindows-exception-3.1',
];

/** Other common exceptions, listed only so that their casing can be normalised. */
const OTHER_EXCEPTIONS = [
  'Autoconf-exception-2.0',
  'Autoconf-exception-3.0',
  'Autoconf-exception-generic',
  'Autoconf-exception-generic-3.0',
  'Bison-exception-1.24',
  'Bison-exception-2.2',
  'Libtool-exception',
  'Texinfo-exception',
  'openvpn-openssl-exception',
  'x11vnc-openssl-exception',
];

const CANONICAL_EXCEPTIONS = new Map(
  [...LINKING_EXCEPTIONS, ...OTHER_EXCEPTIONS].map((id) => [id.toLowerCase(), id]),
);
const LINKING = new Set(LINKING_EXCEPTIONS);

/** The exception id with SPDX casing when it is a known one, else null. */
export function canonicalExceptionId(id: string): string | null {
  return CANONICAL_EXCEPTIONS.get(id.toLowerCase()) ?? null;
}

/** Whether a GPL `WITH` this exception acts as a weak copyleft. */
export function exceptionWeakensCopyleft(exception: string): boolean {
  return LINKING.has(exception);
}

interface IdRule {
  category: LicenseCategory;
  /** Exact ids. */
  ids?: readonly string[];
  /** Id prefixes (a family: every version and variant). */
  prefixes?: readonly string[];
  pattern?: RegExp;
}

/**
 * Ids by category, first match wins (so the source-available and copyleft lists come before
 * the "OSI-approved is permissive" fallback). Ids are matched with SPDX casing.
 */
const ID_RULES: readonly IdRule[] = [
  {
    // Source code to read, but production or competing use restricted (FACTS.md §8). The
    // Aladdin Free Public License forbids commercial distribution, like CC-BY-NC.
    category: 'source-available',
    prefixes: ['BUSL-', 'SSPL-', 'Elastic-', 'FSL-', 'PolyForm-', 'CC-BY-NC-'],
    ids: ['Aladdin'],
  },
  { category: 'public-domain', ids: ['CC0-1.0', 'Unlicense', 'PDDL-1.0'] },
  // AGPL and the Reciprocal Public License reach users over a network.
  { category: 'network-copyleft', prefixes: ['AGPL-', 'RPL-'] },
  {
    // Deprecated "GPL with a linking exception" ids (now `GPL-2.0-only WITH …`).
    category: 'weak-copyleft',
    ids: [
      'GPL-2.0-with-classpath-exception',
      'GPL-2.0-with-GCC-exception',
      'GPL-2.0-with-font-exception',
      'GPL-3.0-with-GCC-exception',
    ],
  },
  {
    // Copyleft over the whole work: the GPL and licences like it (OSL, CeCILL 1 and 2).
    category: 'strong-copyleft',
    prefixes: ['GPL-', 'GFDL-', 'OSL-', 'NPOSL-', 'CECILL-1', 'CECILL-2', 'QPL-', 'Parity-'],
    ids: ['Sleepycat'],
  },
  {
    // File- or library-level copyleft. EUPL is arguably stronger (whole-work, with a
    // compatibility clause towards the GPL); like most policies, it is grouped with the MPL.
    category: 'weak-copyleft',
    prefixes: [
      'LGPL',
      'MPL-',
      'EPL-',
      'CDDL-',
      'EUPL-',
      'CPAL-',
      'APSL-',
      'NPL-',
      'OFL-',
      'SISSL',
      'CC-BY-SA-',
    ],
    ids: [
      'CECILL-C',
      'CPL-1.0',
      'eCos-2.0',
      'ErlPL-1.1',
      'IPL-1.0',
      'Motosoto',
      'MS-RL',
      'NASA-1.3',
      'Nokia',
      'RPSL-1.0',
      'SPL-1.0',
      'wxWindows',
    ],
  },
  {
    // Permissive but not OSI-approved (the caller still reports "not OSI"); PSF-2.0 gets its
    // OSI status below.
    category: 'permissive',
    ids: [
      'BSD-2-Clause-Views',
      'BSD-3-Clause-Clear',
      'BSD-4-Clause',
      'BSD-4-Clause-UC',
      'bzip2-1.0.6',
      'CECILL-B',
      'curl',
      'Info-ZIP',
      'libpng-2.0',
      'Libpng',
      'MIT-CMU',
      'OpenSSL',
      'PSF-2.0',
      'Python-2.0.1',
      'WTFPL',
      'X11',
      'ZPL-1.1',
    ],
    // CC-BY without NC, ND or SA only asks for attribution.
    pattern: /^CC-BY-\d/,
  },
];

function matches(rule: IdRule, id: string): boolean {
  return (
    (rule.ids?.includes(id) ?? false) ||
    (rule.prefixes?.some((prefix) => id.startsWith(prefix)) ?? false) ||
    (rule.pattern?.test(id) ?? false)
  );
}

/** Category of one SPDX id (canonical casing, without `+` or exception). */
export function categoryOfLicenseId(id: string): LicenseCategory {
  const rule = ID_RULES.find((r) => matches(r, id));
  if (rule !== undefined) return rule.category;
  return osiApprovedId(id) === true ? 'permissive' : 'unknown';
}

/**
 * OSI approval of one SPDX id from the SPDX list; null when the id is not on it.
 * PSF-2.0 counts as open source: it is Python's own licence (typing-extensions and much of
 * the ecosystem use it) and DESIGN.md treats it as such, though the OSI never listed it.
 */
export function osiApprovedId(id: string): boolean | null {
  if (id === 'PSF-2.0') return true;
  return spdxLicenseList[id]?.osiApproved ?? null;
}

/**
 * LicenseRef-… ids: only a few are understood by name. The source-available ones matter
 * most (FACTS.md §8: other PolyForm licences, Commons Clause, Confluent, Redis have no SPDX
 * id); any other LicenseRef is `unknown`, never assumed proprietary or open.
 */
const LICENSE_REF_RULES: readonly (readonly [RegExp, LicenseCategory, boolean | null])[] = [
  [/public-?domain/i, 'public-domain', false],
  [/proprietary/i, 'proprietary', false],
  [
    /commons-?clause|polyform|confluent|redis-?source-?available|business-?source|elastic|(^|[-.:])(rsal|busl|sspl)/i,
    'source-available',
    false,
  ],
];

/** Category and OSI status of a `LicenseRef-…` (or `DocumentRef-…:LicenseRef-…`). */
export function judgeLicenseRef(ref: string): { category: LicenseCategory; osi: boolean | null } {
  for (const [pattern, category, osi] of LICENSE_REF_RULES) {
    if (pattern.test(ref)) return { category, osi };
  }
  return { category: 'unknown', osi: null };
}
