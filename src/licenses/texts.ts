/**
 * Whole licence texts pasted into the `License` field (common before PEP 639), recognised by
 * their distinctive opening or defining sentences. Texts are compared as lower-case words
 * (`phraseText`), so line breaks, punctuation and a copyright line in front do not matter.
 * When several anchors occur, the one nearest the start wins: the GPL text mentions the
 * LGPL near its end, the LGPL text mentions the GPL after its title.
 */
import { family, spdx } from './mapping.js';
import { phraseText } from './mentions.js';
import type { LicenseCategory, LicenseMapping } from './types.js';

interface TextRecogniser {
  /** A sentence that starts or defines the licence. */
  anchor: string;
  /** What the text is, given its words (`phraseText`) and where the anchor was found. */
  decide: (words: string, at: number) => LicenseMapping;
}

const fixed = (expression: string) => (): LicenseMapping => spdx(expression);
const has = (words: string, sentence: string): boolean => words.includes(phraseText(sentence));

/**
 * A GNU text cannot tell "only" from "or later": the licence text itself carries the "any
 * later version" notice in its appendix. A short notice without the terms can.
 */
function gnu(base: 'GPL' | 'LGPL' | 'AGPL', category: LicenseCategory) {
  return (words: string, at: number): LicenseMapping => {
    const later = /either version (\d)(?: (\d)\b)? of the license or at your option any later/.exec(
      words,
    );
    if (later !== null && !has(words, 'terms and conditions')) {
      return spdx(`${base}-${later[1] ?? ''}.${later[2] ?? '0'}-or-later`);
    }
    const version = gnuVersion(words.slice(at, at + 120));
    return family(version === null ? base : `${base}-${version}`, category);
  };
}

/** "3.0", "2.1" or "2.0" from a title such as "Version 2.1, February 1999"; null if none. */
function gnuVersion(title: string): string | null {
  const match = /version (\d)(?: (\d)\b)?/.exec(title);
  return match === null ? null : `${match[1] ?? ''}.${match[2] ?? '0'}`;
}

export const TEXT_RECOGNISERS: readonly TextRecogniser[] = [
  {
    anchor: 'Permission is hereby granted, free of charge, to any person obtaining a copy',
    // MIT-0 is the MIT text without its one condition.
    decide: (words) =>
      spdx(
        has(words, 'The above copyright notice and this permission notice shall be included')
          ? 'MIT'
          : 'MIT-0',
      ),
  },
  {
    anchor: 'Redistribution and use in source and binary forms',
    decide: (words) =>
      has(words, 'All advertising materials mentioning features')
        ? spdx('BSD-4-Clause')
        : has(words, 'Neither the name') || has(words, 'may be used to endorse or promote')
          ? spdx('BSD-3-Clause')
          : spdx('BSD-2-Clause'),
  },
  {
    // The licence itself ("Apache License Version 2.0, January 2004") or its header
    // ("Licensed under the Apache License, Version 2.0").
    anchor: 'Apache License',
    decide: (words) =>
      has(words, 'Apache License, Version 2.0')
        ? spdx('Apache-2.0')
        : family('Apache', 'permissive'),
  },
  { anchor: 'GNU Affero General Public License', decide: gnu('AGPL', 'network-copyleft') },
  { anchor: 'GNU Lesser General Public License', decide: gnu('LGPL', 'weak-copyleft') },
  { anchor: 'GNU Library General Public License', decide: gnu('LGPL', 'weak-copyleft') },
  { anchor: 'GNU General Public License', decide: gnu('GPL', 'strong-copyleft') },
  { anchor: 'Mozilla Public License Version 2.0', decide: fixed('MPL-2.0') },
  { anchor: 'Mozilla Public License, v. 2.0', decide: fixed('MPL-2.0') },
  {
    // ISC and 0BSD share the grant; 0BSD drops the condition.
    anchor: 'Permission to use, copy, modify, and/or distribute this software for any purpose',
    decide: (words) =>
      spdx(has(words, 'provided that the above copyright notice') ? 'ISC' : '0BSD'),
  },
  {
    // The older ISC wording, without "and/or".
    anchor: 'modify, and distribute this software for any purpose with or without fee',
    decide: fixed('ISC'),
  },
  {
    anchor: 'This is free and unencumbered software released into the public domain',
    decide: fixed('Unlicense'),
  },
  {
    anchor: 'Business Source License',
    decide: (words) =>
      has(words, 'Business Source License 1.1')
        ? spdx('BUSL-1.1')
        : family('Business Source License', 'source-available', false),
  },
  { anchor: 'PYTHON SOFTWARE FOUNDATION LICENSE', decide: fixed('PSF-2.0') },
  { anchor: 'CC0 1.0 Universal', decide: fixed('CC0-1.0') },
  { anchor: 'DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE', decide: fixed('WTFPL') },
  { anchor: 'Boost Software License - Version 1.0', decide: fixed('BSL-1.0') },
  { anchor: 'Eclipse Public License - v 2.0', decide: fixed('EPL-2.0') },
  { anchor: 'Altered source versions must be plainly marked as such', decide: fixed('Zlib') },
];

const ANCHORS = TEXT_RECOGNISERS.map((r) => ({ recogniser: r, words: phraseText(r.anchor) }));

/** The licence a whole text is, or undefined when no anchor occurs in it. */
export function recogniseLicenseText(text: string): LicenseMapping | undefined {
  const words = phraseText(text);
  let found: { at: number; recogniser: TextRecogniser } | null = null;
  for (const { recogniser, words: anchor } of ANCHORS) {
    const at = words.indexOf(anchor);
    if (at !== -1 && (found === null || at < found.at)) found = { at, recogniser };
  }
  return found?.recogniser.decide(words, found.at + 1);
}
