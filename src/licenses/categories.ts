/**
 * Category and OSI status of single SPDX licence ids and LicenseRefs, and the rank used to
 * compare categories. The lists below are explicit on purpose: a licence that is not in them
 * is permissive only when the OSI approved it, and `unknown` otherwise (never a silent pass).
 */
import spdxLicenseList from 'spdx-license-list';
import type { LicenseCategory } from './types.js';

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

/** Rank for comparisons: higher is worse. permissive = public-domain = 0 < weak-copyleft 1 < strong-copyleft 2 < network-copyleft 3 < unknown 4 < source-available 5 < proprietary 6. */
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

/**
 * Ids by category, first match wins (so the source-available and copyleft lists come before
 * the "OSI-approved is permissive" fallback). Ids are matched with SPDX casing.
 */
const ID_RULES: readonly (readonly [RegExp, LicenseCategory])[] = [
  // Source code to read, but production or competing use restricted (FACTS.md §8).
  // The Aladdin Free Public License forbids commercial distribution, like CC-BY-NC.
  [/^(BUSL-|SSPL-|Elastic-|FSL-|PolyForm-|CC-BY-NC-|Aladdin$)/, 'source-available'],
  [/^(CC0-1\.0|Unlicense|PDDL-1\.0)$/, 'public-domain'],
  // AGPL and the Reciprocal Public License reach users over a network.
  [/^(AGPL-|RPL-)/, 'network-copyleft'],
  // Deprecated "GPL with a linking exception" ids (the modern form is `GPL-2.0-only WITH …`).
  [/^GPL-[23]\.0-with-(classpath|GCC|font)-exception$/, 'weak-copyleft'],
  // OSL and CeCILL 1–2 are copyleft over the whole work, like the GPL.
  [/^(GPL-|GFDL-|OSL-|NPOSL-|CECILL-[12]|QPL-|Parity-|Sleepycat$)/, 'strong-copyleft'],
  // File- or library-level copyleft. EUPL is arguably stronger (whole-work, with a
  // compatibility clause towards the GPL); like most policies, it is grouped with the MPL here.
  [
    /^(LGPL|MPL-|EPL-|CDDL-|EUPL-|CPL-1\.0$|CPAL-|MS-RL$|CECILL-C$|APSL-|NPL-|OFL-|ErlPL-|SPL-1\.0$|IPL-1\.0$|Motosoto$|Nokia$|SISSL|RPSL-|NASA-1\.3$|CC-BY-SA-|eCos-2\.0$|wxWindows$)/,
    'weak-copyleft',
  ],
  // Permissive but not OSI-approved (the caller still reports "not OSI"); PSF-2.0 is handled
  // with its OSI status below. CC-BY without NC/ND/SA only asks for attribution.
  [
    /^(PSF-2\.0|WTFPL|X11|MIT-CMU|BSD-4-Clause|BSD-4-Clause-UC|BSD-3-Clause-Clear|BSD-2-Clause-Views|Python-2\.0\.1|ZPL-1\.1|curl|libpng-2\.0|Libpng|CECILL-B|OpenSSL|Info-ZIP|bzip2-1\.0\.6)$/,
    'permissive',
  ],
  [/^CC-BY-\d/, 'permissive'],
];

/** Category of one SPDX id (canonical casing, without `+` or exception). */
export function categoryOfLicenseId(id: string): LicenseCategory {
  for (const [pattern, category] of ID_RULES) if (pattern.test(id)) return category;
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
