/**
 * Source-available licences are the costly ones to miss, so any License text that mentions
 * one is caught, even inside a longer sentence or a whole licence text (a Commons Clause is
 * often appended to an Apache or MIT text). Phrases are matched as whole words, after
 * `phraseText`, more specific first.
 */
import { family, spdx } from './mapping.js';
import type { LicenseMapping } from './types.js';

export const SOURCE_AVAILABLE_MENTIONS: readonly (readonly [string, LicenseMapping])[] = [
  ['commons clause', spdx('LicenseRef-Commons-Clause')],
  ['business source license 1 1', spdx('BUSL-1.1')],
  ['busl 1 1', spdx('BUSL-1.1')],
  ['business source license', family('Business Source License', 'source-available', false)],
  ['busl', family('Business Source License', 'source-available', false)],
  ['server side public license', spdx('SSPL-1.0')],
  ['sspl', spdx('SSPL-1.0')],
  ['elastic license 2 0', spdx('Elastic-2.0')],
  ['elastic license v2', spdx('Elastic-2.0')],
  ['elv2', spdx('Elastic-2.0')],
  ['elastic license', family('Elastic License', 'source-available', false)],
  ['polyform noncommercial', spdx('PolyForm-Noncommercial-1.0.0')],
  ['polyform small business', spdx('PolyForm-Small-Business-1.0.0')],
  ['polyform shield', spdx('LicenseRef-PolyForm-Shield-1.0.0')],
  ['polyform perimeter', spdx('LicenseRef-PolyForm-Perimeter-1.0.0')],
  ['polyform internal use', spdx('LicenseRef-PolyForm-Internal-Use-1.0.0')],
  ['polyform strict', spdx('LicenseRef-PolyForm-Strict-1.0.0')],
  ['polyform free trial', spdx('LicenseRef-PolyForm-Free-Trial-1.0.0')],
  ['polyform', family('PolyForm', 'source-available', false)],
  ['confluent community license', spdx('LicenseRef-Confluent-Community-1.0')],
  ['redis source available license', spdx('LicenseRef-Redis-Source-Available')],
  ['functional source license', family('Functional Source License', 'source-available', false)],
];

/** Lower case words separated by single spaces, padded with one space on each side. */
export function phraseText(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/licen[cs]e/g, 'license')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

/** The source-available licence a text mentions, if any. */
export function findSourceAvailableMention(text: string): LicenseMapping | undefined {
  const words = phraseText(text);
  return SOURCE_AVAILABLE_MENTIONS.find(([phrase]) => words.includes(` ${phrase} `))?.[1];
}
