/**
 * Whole licence texts pasted into the `License` field (common before PEP 639). A text is a
 * known licence only when it matches that licence's template whole (template.ts,
 * templates.ts: the SPDX matching guidelines). Otherwise:
 *   - words that restrict use ("non-commercial", "not permitted", "personal use", …), or
 *     "all rights reserved" with no licence grant at all, make it proprietary;
 *   - a text that grants rights like a known licence but has words beyond (or short of) its
 *     template is `LicenseRef-Unknown-Text`, category unknown: pygovern cannot tell what the
 *     extra words do;
 *   - anything else is not recognised (undefined).
 * Only the first MAX_TEXT_CHARS characters are read; a longer text is never a whole match.
 */
import { spdx } from './mapping.js';
import { phraseText } from './mentions.js';
import { matchTemplate, normalise } from './template.js';
import { licenseTemplates } from './templates.js';
import type { LicenseMapping } from './types.js';

/** The longest text read (the largest template, GPL-3.0 with its appendix, is ~35 KB). */
export const MAX_TEXT_CHARS = 64 * 1024;

export const UNKNOWN_TEXT = 'LicenseRef-Unknown-Text';

/** What a text is, and (when it is not a known licence) why, for the decision's note. */
export interface TextDecision {
  mapping: LicenseMapping;
  note: string | null;
}

/** Sentences that grant rights: a text with one is a licence of some kind. */
const GRANTS: readonly string[] = [
  'Permission is hereby granted',
  'Redistribution and use in source and binary forms',
  'Licensed under the Apache License',
  'Apache License Version 2.0',
  'is free software you can redistribute it',
  'GNU General Public License',
  'GNU Lesser General Public License',
  'GNU Library General Public License',
  'GNU Affero General Public License',
  'Mozilla Public License',
  'Permission to use, copy, modify',
  'This is free and unencumbered software released into the public domain',
  'PYTHON SOFTWARE FOUNDATION LICENSE',
  'Boost Software License',
  'Permission is granted to anyone to use this software',
].map(phraseText);

/** Words that restrict who may use or pass on the software: not an open licence. */
const RESTRICTIONS: readonly string[] = [
  'noncommercial',
  'non commercial',
  'not permitted',
  'personal use',
  'may not be redistributed',
  'may not redistribute',
  'must not be redistributed',
  'not for commercial',
  'commercial use is prohibited',
  'internal use only',
  'evaluation purposes only',
].map(phraseText);

const RESERVED = phraseText('all rights reserved');

export function recogniseLicenseText(raw: string): TextDecision | undefined {
  const truncated = raw.length > MAX_TEXT_CHARS;
  const text = truncated ? raw.slice(0, MAX_TEXT_CHARS) : raw;
  const words = normalise(text);

  let best: { name: string; reached: number } | null = null;
  if (!truncated) {
    for (const { name, mapping, template } of licenseTemplates()) {
      const result = matchTemplate(template, words.tokens);
      if (result.matched) {
        const restricted = findRestriction([...words.removed, ...result.absorbed].join(' '));
        if (restricted === null) return { mapping, note: null };
        return proprietary(`a restriction (“${restricted}”) in its copyright or names`);
      }
      if (best === null || result.reached > best.reached) best = { name, reached: result.reached };
    }
  }

  const all = phraseText(text);
  const granted = GRANTS.some((grant) => all.includes(grant));
  // Up to where a template matched, the words are the licence's own (the Unlicense says
  // "non-commercial"); a restriction is looked for where the text departs from it, and in
  // the copyright notices.
  const at = best?.reached ?? 0;
  const departing = granted && !truncated ? [...words.removed, ...words.tokens.slice(at)] : null;
  const restricted = findRestriction(departing === null ? all : departing.join(' '));
  if (restricted !== null) return proprietary(`words that restrict use (“${restricted}”)`);
  if (!granted) {
    return all.includes(RESERVED) ? proprietary('“all rights reserved” and no grant') : undefined;
  }
  if (truncated) {
    return unknown(`is longer than ${MAX_TEXT_CHARS / 1024} KiB; only its start was read`);
  }
  const differing = words.tokens.slice(at, at + 8).join(' ');
  const where = differing === '' ? 'ends early' : `differs at “${differing}”`;
  const like = best !== null && best.reached > 0 ? best.name : 'a known licence';
  return unknown(`is close to ${like} but ${where}`);
}

function findRestriction(words: string): string | null {
  const padded = ` ${words} `;
  return RESTRICTIONS.find((r) => padded.includes(r))?.trim() ?? null;
}

function proprietary(why: string): TextDecision {
  return {
    mapping: spdx('LicenseRef-Proprietary'),
    note: `License field holds a licence text with ${why}`,
  };
}

function unknown(why: string): TextDecision {
  return {
    mapping: spdx(UNKNOWN_TEXT),
    note: `License field holds a licence text that no template matches whole: it ${why}`,
  };
}
