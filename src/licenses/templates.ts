/**
 * Licence templates (markup: template.ts), written from the texts of the SPDX License List
 * (spdx-license-list) with the replaceable and omittable parts SPDX's own templates mark:
 * titles, holders' and organisations' names, the ISC "/or", the Unlicense's closing pointer.
 * The long texts (Apache-2.0, GNU, MPL-2.0, PSF-2.0, CC0-1.0, EPL-2.0, WTFPL) are generated
 * into full-texts.ts.
 */
import { FULL_TEXTS } from './full-texts.js';
import { family, spdx } from './mapping.js';
import { compileTemplate } from './template.js';
import type { Template } from './template.js';
import type { LicenseMapping } from './types.js';

export interface LicenseTemplate {
  name: string;
  mapping: LicenseMapping;
  template: Template;
}

/** A name: up to 12 words ("the copyright holders and contributors", "<organization>"). */
const NAME = '<<var 12>>';

const MIT_GRANT = `Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in the Software
without restriction, including without limitation the rights to use, copy, modify, merge,
publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to
whom the Software is furnished to do so`;

const MIT_DISCLAIMER = `THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL ${NAME} BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`;

const BSD_CLAUSES = `Redistribution and use in source and binary forms, with or without modification,
are permitted provided that the following conditions are met:
Redistributions of source code must retain the above copyright notice, this list of conditions
and the following disclaimer.
Redistributions in binary form must reproduce the above copyright notice, this list of
conditions and the following disclaimer in the documentation and/or other materials provided
with the distribution.`;

const BSD_DISCLAIMER = `THIS SOFTWARE IS PROVIDED BY ${NAME} "AS IS" AND ANY EXPRESS OR IMPLIED
WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS
FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL ${NAME} BE LIABLE FOR ANY DIRECT,
INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED
TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS
INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT
LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.`;

const ISC_DISCLAIMER = `THE SOFTWARE IS PROVIDED "AS IS" AND ${NAME} DISCLAIMS ALL WARRANTIES WITH
REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN NO
EVENT SHALL ${NAME} BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY
DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF
CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR
PERFORMANCE OF THIS SOFTWARE.`;

const ISC_GRANT = `Permission to use, copy, modify, and<<opt>>/or<</opt>> distribute this software
for any purpose with or without fee is hereby granted`;

const APACHE_NOTICE = `Licensed under the Apache License, Version 2.0 (the "License"); you may not use
this file except in compliance with the License. You may obtain a copy of the License at
http://www.apache.org/licenses/LICENSE-2.0
Unless required by applicable law or agreed to in writing, software distributed under the
License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either
express or implied. See the License for the specific language governing permissions and
limitations under the License.`;

const MPL_NOTICE = `This Source Code Form is subject to the terms of the Mozilla Public License,
v. 2.0. If a copy of the MPL was not distributed with this file, You can obtain one at
http://mozilla.org/MPL/2.0/.`;

/**
 * A GNU notice: the grant sentence, then (omittable, as License fields often quote only the
 * grant) the warranty sentence and the pointer to the licence text.
 */
function gnuNotice(licence: string, version: string, later: boolean): string {
  const which = later
    ? `either version ${version} of the License, or (at your option) any later version.`
    : `version ${version} of the License.`;
  return `<<var 6>> is free software; you can redistribute it and/or modify it under the terms of
the ${licence} as published by the Free Software Foundation; ${which}
<<opt>> <<var 6>> is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY;
without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See
the ${licence} for more details. <</opt>>
<<opt>> You should have received a copy of the ${licence} along with <<var 40>> <</opt>>`;
}

const GNU_NOTICES: readonly (readonly [string, string, string])[] = [
  ['GNU General Public License', '2', 'GPL-2.0'],
  ['GNU General Public License', '3', 'GPL-3.0'],
  ['GNU Lesser General Public License', '2.1', 'LGPL-2.1'],
  ['GNU Library General Public License', '2', 'LGPL-2.0'],
  ['GNU Lesser General Public License', '3', 'LGPL-3.0'],
  ['GNU Affero General Public License', '3', 'AGPL-3.0'],
];

const SOURCES: readonly (readonly [name: string, mapping: LicenseMapping, source: string])[] = [
  [
    'MIT',
    spdx('MIT'),
    `<<title the mit license mit|the mit license|mit license|mit license mit|the expat license|mit>>
${MIT_GRANT}, subject to the following conditions: The above copyright notice and this permission
notice shall be included in all copies or substantial portions of the Software. ${MIT_DISCLAIMER}`,
  ],
  [
    'MIT-0',
    spdx('MIT-0'),
    `<<title mit no attribution|mit no attribution license|mit 0 license|the mit 0 license|mit 0>>
${MIT_GRANT}. ${MIT_DISCLAIMER}`,
  ],
  [
    'BSD-2-Clause',
    spdx('BSD-2-Clause'),
    `<<title bsd 2 clause license|the bsd 2 clause license|bsd 2 clause simplified license|simplified bsd license>>
${BSD_CLAUSES} ${BSD_DISCLAIMER}`,
  ],
  [
    'BSD-3-Clause',
    spdx('BSD-3-Clause'),
    `<<title bsd 3 clause license|the bsd 3 clause license|new bsd license|modified bsd license|bsd license|the bsd license>>
${BSD_CLAUSES} Neither the name of ${NAME} nor the names of its contributors may be used to
endorse or promote products derived from this software without specific prior written
permission. ${BSD_DISCLAIMER}`,
  ],
  [
    'ISC',
    spdx('ISC'),
    `<<title isc license|the isc license|isc>> ${ISC_GRANT}, provided that the above copyright
notice and this permission notice appear in all copies. ${ISC_DISCLAIMER}`,
  ],
  [
    '0BSD',
    spdx('0BSD'),
    `<<title bsd zero clause license|zero clause bsd|0bsd>> ${ISC_GRANT}. ${ISC_DISCLAIMER}`,
  ],
  [
    'Unlicense',
    spdx('Unlicense'),
    `<<title the unlicense|unlicense>> This is free and unencumbered software released into the
public domain. Anyone is free to copy, modify, publish, use, compile, sell, or distribute this
software, either in source code form or as a compiled binary, for any purpose, commercial or
non-commercial, and by any means. In jurisdictions that recognize copyright laws, the author or
authors of this software dedicate any and all copyright interest in the software to the public
domain. We make this dedication for the benefit of the public at large and to the detriment of
our heirs and successors. We intend this dedication to be an overt act of relinquishment in
perpetuity of all present and future rights to this software under copyright law.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
<<opt>> For more information, please refer to http://unlicense.org/ <</opt>>`,
  ],
  [
    'Zlib',
    spdx('Zlib'),
    `<<title zlib license|the zlib license|zlib libpng license>> This software is provided
'as-is', without any express or implied warranty. In no event will the authors be held liable
for any damages arising from the use of this software. Permission is granted to anyone to use
this software for any purpose, including commercial applications, and to alter it and
redistribute it freely, subject to the following restrictions: 1. The origin of this software
must not be misrepresented; you must not claim that you wrote the original software. If you use
this software in a product, an acknowledgment in the product documentation would be appreciated
but is not required. 2. Altered source versions must be plainly marked as such, and must not be
misrepresented as being the original software. 3. This notice may not be removed or altered
from any source distribution.`,
  ],
  [
    'BSL-1.0',
    spdx('BSL-1.0'),
    `<<title boost software license version 1 0 august 17th 2003|boost software license version 1 0>>
Permission is hereby granted, free of charge, to any person or organization obtaining a copy of
the software and accompanying documentation covered by this license (the "Software") to use,
reproduce, display, distribute, execute, and transmit the Software, and to prepare derivative
works of the Software, and to permit third-parties to whom the Software is furnished to do so,
all subject to the following: The copyright notices in the Software and this entire statement,
including the above license grant, this restriction and the following disclaimer, must be
included in all copies of the Software, in whole or in part, and all derivative works of the
Software, unless such copies or derivative works are solely in the form of machine-executable
object code generated by a source language processor. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT
WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE, TITLE AND NON-INFRINGEMENT. IN NO EVENT SHALL
THE COPYRIGHT HOLDERS OR ANYONE DISTRIBUTING THE SOFTWARE BE LIABLE FOR ANY DAMAGES OR OTHER
LIABILITY, WHETHER IN CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH
THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`,
  ],
  ['Apache-2.0 notice', spdx('Apache-2.0'), APACHE_NOTICE],
  ['MPL-2.0 notice', spdx('MPL-2.0'), MPL_NOTICE],
  ...GNU_NOTICES.map(
    ([licence, version, id]) =>
      [`${id}-or-later notice`, spdx(`${id}-or-later`), gnuNotice(licence, version, true)] as const,
  ),
  [
    'GPL-2.0-only notice',
    spdx('GPL-2.0-only'),
    gnuNotice('GNU General Public License', '2', false),
  ],
  // A GNU text cannot tell "only" from "or later": its appendix carries the "any later
  // version" notice as an example. Only the family is known.
  ['GPL-2.0', family('GPL-2.0', 'strong-copyleft'), FULL_TEXTS['GPL-2.0'] ?? ''],
  ['GPL-3.0', family('GPL-3.0', 'strong-copyleft'), FULL_TEXTS['GPL-3.0'] ?? ''],
  ['LGPL-2.1', family('LGPL-2.1', 'weak-copyleft'), FULL_TEXTS['LGPL-2.1'] ?? ''],
  ['LGPL-3.0', family('LGPL-3.0', 'weak-copyleft'), FULL_TEXTS['LGPL-3.0'] ?? ''],
  ['AGPL-3.0', family('AGPL-3.0', 'network-copyleft'), FULL_TEXTS['AGPL-3.0'] ?? ''],
  ['Apache-2.0', spdx('Apache-2.0'), FULL_TEXTS['Apache-2.0'] ?? ''],
  ['MPL-2.0', spdx('MPL-2.0'), FULL_TEXTS['MPL-2.0'] ?? ''],
  ['PSF-2.0', spdx('PSF-2.0'), FULL_TEXTS['PSF-2.0'] ?? ''],
  ['CC0-1.0', spdx('CC0-1.0'), FULL_TEXTS['CC0-1.0'] ?? ''],
  ['EPL-2.0', spdx('EPL-2.0'), FULL_TEXTS['EPL-2.0'] ?? ''],
  ['WTFPL', spdx('WTFPL'), FULL_TEXTS.WTFPL ?? ''],
];

/** Compiled once, at first use (the long texts take a few milliseconds). */
let compiled: readonly LicenseTemplate[] | null = null;

export function licenseTemplates(): readonly LicenseTemplate[] {
  compiled ??= SOURCES.map(([name, mapping, source]) => ({
    name,
    mapping,
    template: compileTemplate(source),
  }));
  return compiled;
}
